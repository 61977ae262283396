// crm-mock, the stand-in LLM: the real binary on loopback, driven through tests/e2e's launcher.

#include "e2e/mock_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <thread>

namespace crm::test {
namespace {

boost::json::value parse(const std::string& text) {
  return boost::json::parse(text);
}

/// The OpenAI error body's `error.code`, or empty when the body is not that shape.
std::string openai_error_code(const net::client_response& response) {
  auto body = parse(response.body).as_object();
  auto& error = body.at("error").as_object();
  EXPECT_TRUE(error.at("message").is_string());
  EXPECT_TRUE(error.at("type").is_string());
  return std::string{error.at("code").as_string()};
}

class crm_mock : public ::testing::Test {
protected:
  void SetUp() override { mock.start(); }
  mock_process mock;
};

// -- answers --------------------------------------------------------------------------------

TEST_F(crm_mock, default_answer_has_openai_shape_and_json_content) {
  auto response = mock.chat("hello, who are you?");
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = parse(response.body).as_object();
  EXPECT_EQ(body.at("object"), "chat.completion");
  EXPECT_EQ(body.at("model"), "test-model");
  EXPECT_TRUE(body.at("id").is_string());
  EXPECT_TRUE(body.at("created").is_int64());
  auto& choice = body.at("choices").at(0).as_object();
  EXPECT_EQ(choice.at("index"), 0);
  EXPECT_EQ(choice.at("finish_reason"), "stop");
  EXPECT_EQ(choice.at("message").at("role"), "assistant");
  auto& usage = body.at("usage").as_object();
  EXPECT_GT(usage.at("prompt_tokens").as_int64(), 0);
  EXPECT_GT(usage.at("completion_tokens").as_int64(), 0);
  EXPECT_EQ(usage.at("total_tokens").as_int64(),
            usage.at("prompt_tokens").as_int64() + usage.at("completion_tokens").as_int64());

  auto answer = mock_answer_of(response);
  EXPECT_TRUE(answer.at("reply").as_string().starts_with("Thanks for reaching out!"));
  EXPECT_EQ(answer.at("intent"), "general");
  EXPECT_EQ(answer.at("scope"), "in_scope");
  EXPECT_EQ(answer.at("confidence"), 90);
  EXPECT_TRUE(answer.at("reasoning").is_string());
}

TEST_F(crm_mock, any_path_ending_in_chat_completions_is_served) {
  auto response = mock.call("POST", "/api/openai/v1/chat/completions", mock_chat_body("hi"));
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(mock.call("POST", "/v1/completions", mock_chat_body("hi")).status, 404);
}

TEST(crm_mock_script, rules_from_file_match_the_last_user_message_first_rule_wins) {
  auto path = std::filesystem::temp_directory_path() / "crm-mock-test-script.json";
  std::ofstream{path} << R"({"rules": [
      {"match": ["refund", "money back"], "reply": "Refunds take 5 days.", "intent": "refund",
       "confidence": 72},
      {"match": "REFUND policy", "reply": "never chosen", "intent": "policy"},
      {"match": "weather", "scope": "out_of_scope", "intent": "off_topic", "confidence": 99}],
    "default": {"intent": "fallback", "confidence": 40}})";
  mock_process mock;
  mock.start({"--script", path.string()});
  std::filesystem::remove(path);

  auto refund = mock_answer_of(mock.chat("Can I get my Refund policy explained?"));
  EXPECT_EQ(refund.at("reply"), "Refunds take 5 days.");
  EXPECT_EQ(refund.at("intent"), "refund");
  EXPECT_EQ(refund.at("confidence"), 72);
  EXPECT_EQ(refund.at("scope"), "in_scope"); // Missing fields come from the default answer.

  EXPECT_EQ(mock_answer_of(mock.chat("I want my MONEY BACK")).at("intent"), "refund");
  EXPECT_EQ(mock_answer_of(mock.chat("how is the weather")).at("scope"), "out_of_scope");
  auto other = mock_answer_of(mock.chat("opening hours?"));
  EXPECT_EQ(other.at("intent"), "fallback");
  EXPECT_EQ(other.at("confidence"), 40);

  // Only the last user message counts, not the system prompt or earlier turns.
  auto body = R"({"messages":[{"role":"system","content":"talk about refunds"},
      {"role":"user","content":"refund please"},{"role":"assistant","content":"ok"},
      {"role":"user","content":[{"type":"text","text":"and the weather?"}]}]})";
  auto turn = mock.call("POST", "/v1/chat/completions", body);
  EXPECT_EQ(mock_answer_of(turn).at("intent"), "off_topic");
}

TEST_F(crm_mock, script_is_replaced_at_run_time_and_bad_scripts_are_refused) {
  mock.set_script(
      parse(R"([{"match": "price", "reply": "It costs 10 EUR.", "intent": "pricing"}])"));
  EXPECT_EQ(mock_answer_of(mock.chat("what's the price?")).at("intent"), "pricing");
  EXPECT_EQ(mock.control("GET", "/mock/script").at("rules").as_array().size(), 1u);

  for (auto bad : {R"([{"reply": "no match"}])", R"([{"match": ""}])", R"({"rulez": []})",
                   R"([{"match": 5}])", "not json"}) {
    auto response = mock.call("PUT", "/mock/script", bad);
    EXPECT_EQ(response.status, 400) << bad;
  }
  // A refused script leaves the previous one in place.
  EXPECT_EQ(mock_answer_of(mock.chat("price?")).at("intent"), "pricing");
}

TEST_F(crm_mock, raw_content_rules_send_exactly_that_text) {
  mock.set_script(parse(R"([{"match": "odd", "content": "I am not JSON"}])"));
  auto body = parse(mock.chat("something odd").body);
  EXPECT_EQ(body.at("choices").at(0).at("message").at("content"), "I am not JSON");
}

// -- latency and load -----------------------------------------------------------------------

TEST_F(crm_mock, latency_set_at_run_time_delays_the_answer) {
  mock.set_latency(300);
  auto begin = std::chrono::steady_clock::now();
  EXPECT_EQ(mock.chat("hi").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds{300});
  EXPECT_EQ(mock.control("GET", "/mock/latency").at("ms"), 300);
}

TEST(crm_mock_latency, latency_flag_delays_the_answer) {
  mock_process mock;
  mock.start({"--latency-ms", "250", "--jitter-ms", "0"});
  auto begin = std::chrono::steady_clock::now();
  EXPECT_EQ(mock.chat("hi").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds{250});
}

TEST_F(crm_mock, two_hundred_concurrent_delayed_requests_are_all_answered) {
  mock.set_latency(200, 50);
  constexpr int clients = 200;
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] {
      auto response =
          mock.chat("customer " + std::to_string(i), {}, std::chrono::milliseconds{60'000});
      if (response.status == 200 && mock_answer_of(response).contains("reply")) ++answered;
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(answered.load(), clients);
  auto stats = mock.stats();
  EXPECT_EQ(stats.at("outcomes").at("ok"), clients);
  EXPECT_EQ(stats.at("in_flight"), 0);
}

// -- faults ---------------------------------------------------------------------------------

TEST_F(crm_mock, status_500_fault_answers_an_openai_server_error) {
  mock.push_fault("status_500");
  auto response = mock.chat("hi");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(openai_error_code(response), "internal_error");
}

TEST_F(crm_mock, status_429_fault_sends_retry_after) {
  mock.push_fault("status_429", 1, 7);
  auto response = mock.chat("hi");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.header("retry-after"), "7");
  EXPECT_EQ(openai_error_code(response), "rate_limit_exceeded");
}

TEST_F(crm_mock, hang_fault_never_answers_so_the_client_times_out) {
  mock.push_fault("hang");
  std::error_code ec;
  auto response = mock.chat("hi", {}, std::chrono::milliseconds{500}, &ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(mock.stats().at("in_flight"), 1); // Still held, until the hang timeout or shutdown.
  EXPECT_EQ(mock.chat("hi").status, 200);     // Only the one request hangs.
  EXPECT_EQ(mock.stop(), 0);                  // Shutdown does not wait for the hung answer.
}

TEST(crm_mock_hang, hang_timeout_closes_the_connection_without_an_answer) {
  mock_process mock;
  mock.start({"--hang-timeout-ms", "200"});
  mock.push_fault("hang");
  std::error_code ec;
  auto response = mock.chat("hi", {}, std::chrono::milliseconds{20'000}, &ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.body.empty());
}

TEST_F(crm_mock, close_fault_drops_the_connection_without_a_response) {
  mock.push_fault("close");
  std::error_code ec;
  auto response = mock.chat("hi", {}, std::chrono::milliseconds{10'000}, &ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(mock.chat("hi").status, 200);
}

TEST_F(crm_mock, malformed_json_fault_sends_a_body_that_is_not_json) {
  mock.push_fault("malformed_json");
  auto response = mock.chat("hi");
  EXPECT_EQ(response.status, 200);
  boost::system::error_code ec;
  boost::json::parse(response.body, ec);
  EXPECT_TRUE(ec) << response.body;
}

TEST_F(crm_mock, prose_and_fenced_faults_wrap_the_answer_object) {
  mock.push_fault("prose");
  mock.push_fault("fenced");
  for (auto [prefix, suffix] : {std::pair{"Sure! Here is my answer: {", "} Hope this helps!"},
                                std::pair{"```json\n{", "}\n```"}}) {
    auto body = parse(mock.chat("hi").body);
    std::string content{body.at("choices").at(0).at("message").at("content").as_string()};
    EXPECT_TRUE(content.starts_with(prefix)) << content;
    EXPECT_TRUE(content.ends_with(suffix)) << content;
    auto object = content.substr(content.find('{'), content.rfind('}') - content.find('{') + 1);
    EXPECT_EQ(parse(object).at("intent"), "general");
  }
}

TEST_F(crm_mock, no_usage_and_empty_content_faults_leave_out_what_they_name) {
  mock.push_fault("no_usage");
  mock.push_fault("empty_content");
  auto no_usage = mock.chat("hi");
  EXPECT_FALSE(parse(no_usage.body).as_object().contains("usage"));
  EXPECT_EQ(mock_answer_of(no_usage).size(), 5u); // The answer itself is intact.
  auto empty = parse(mock.chat("hi").body);
  EXPECT_EQ(empty.at("choices").at(0).at("message").at("content"), "");
  EXPECT_TRUE(empty.as_object().contains("usage"));
}

TEST_F(crm_mock, faults_count_down_in_order_then_answers_recover) {
  mock.push_fault("status_500", 2);
  mock.push_fault("status_429");
  EXPECT_EQ(mock.control("GET", "/mock/faults").at("queued").as_array().size(), 2u);
  EXPECT_EQ(mock.chat("a").status, 500);
  EXPECT_EQ(mock.chat("b").status, 500);
  EXPECT_EQ(mock.chat("c").status, 429);
  EXPECT_EQ(mock.chat("d").status, 200);
  auto outcomes = mock.stats().at("outcomes");
  EXPECT_EQ(outcomes.at("status_500"), 2);
  EXPECT_EQ(outcomes.at("status_429"), 1);
  EXPECT_EQ(outcomes.at("ok"), 1);
}

TEST_F(crm_mock, clearing_faults_restores_normal_answers) {
  mock.push_fault("status_500", 10);
  mock.clear_faults();
  EXPECT_EQ(mock.chat("hi").status, 200);
}

TEST_F(crm_mock, bad_fault_requests_are_refused) {
  EXPECT_EQ(mock.call("POST", "/mock/faults", R"({"mode":"explode"})").status, 400);
  EXPECT_EQ(mock.call("POST", "/mock/faults", R"({"mode":"hang","count":0})").status, 400);
  EXPECT_EQ(mock.call("POST", "/mock/faults", R"({"mode":"hang","count":-1})").status, 400);
  EXPECT_EQ(mock.call("POST", "/mock/faults", "{").status, 400);
  EXPECT_TRUE(mock.control("GET", "/mock/faults").at("queued").as_array().empty());
}

// -- recording, auth, errors ----------------------------------------------------------------

TEST_F(crm_mock, every_chat_request_is_recorded_oldest_first_and_clear_empties_the_log) {
  mock.chat("first", {{"Authorization", "Bearer sk-test"}});
  mock.chat("second");
  auto requests = mock.requests();
  ASSERT_EQ(requests.size(), 2u);
  auto& first = requests[0].as_object();
  EXPECT_EQ(first.at("path"), "/v1/chat/completions");
  EXPECT_EQ(first.at("authorization_present"), true);
  EXPECT_EQ(first.at("authorization"), "Bearer sk-test");
  EXPECT_EQ(first.at("headers").at("authorization"), "Bearer sk-test");
  EXPECT_EQ(first.at("model"), "test-model");
  EXPECT_EQ(first.at("messages").at(1).at("content"), "first");
  EXPECT_EQ(first.at("response_format").at("type"), "json_object");
  EXPECT_EQ(parse(std::string{first.at("body").as_string()}), parse(mock_chat_body("first")));
  EXPECT_EQ(first.at("outcome"), "ok");
  EXPECT_TRUE(first.at("time_ms").is_int64());
  EXPECT_EQ(requests[1].at("authorization_present"), false);
  EXPECT_LT(first.at("seq").as_int64(), requests[1].at("seq").as_int64());

  mock.clear_requests();
  EXPECT_TRUE(mock.requests().empty());
  mock.chat("third");
  EXPECT_EQ(mock.requests().size(), 1u);
}

TEST(crm_mock_auth, api_key_is_required_when_configured) {
  mock_process mock;
  mock.start({"--require-api-key", "sk-right"});
  auto missing = mock.chat("hi");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(openai_error_code(missing), "invalid_api_key");
  EXPECT_EQ(mock.chat("hi", {{"Authorization", "Bearer sk-wrong"}}).status, 401);
  EXPECT_EQ(mock.chat("hi", {{"Authorization", "Bearer sk-right"}}).status, 200);
  EXPECT_EQ(mock.requests()[0].at("outcome"), "unauthorized");

  // The key is a run-time knob too.
  mock.control("PUT", "/mock/config", R"({"require_api_key": null})");
  EXPECT_EQ(mock.chat("hi").status, 200);
  mock.control("PUT", "/mock/config", R"({"require_api_key": "sk-new"})");
  EXPECT_EQ(mock.control("GET", "/mock/config").at("require_api_key"), "sk-new");
  EXPECT_EQ(mock.chat("hi", {{"Authorization", "Bearer sk-right"}}).status, 401);
  mock.reset(); // Back to the command line's key.
  EXPECT_EQ(mock.chat("hi", {{"Authorization", "Bearer sk-right"}}).status, 200);
}

TEST_F(crm_mock, bad_requests_get_openai_errors) {
  auto not_json = mock.call("POST", "/v1/chat/completions", "{\"messages\": [");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(openai_error_code(not_json), "invalid_json");
  for (auto body : {R"({"model":"m"})", R"({"messages":[]})", R"({"messages":"hi"})",
                    R"({"messages":[{"content":"no role"}]})", R"([1,2])"}) {
    auto response = mock.call("POST", "/v1/chat/completions", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_FALSE(openai_error_code(response).empty());
  }
  EXPECT_EQ(mock.call("GET", "/v1/chat/completions").status, 405);
  EXPECT_EQ(mock.stats().at("outcomes").at("bad_request"), 7);
  EXPECT_EQ(mock.call("GET", "/mock/nothing").status, 404);
  EXPECT_EQ(mock.call("PUT", "/mock/latency", R"({"ms": -5})").status, 400);
  EXPECT_EQ(mock.call("PUT", "/mock/config", R"({"latency": 5})").status, 400);
}

// -- process --------------------------------------------------------------------------------

TEST(crm_mock_process, help_exits_0_and_bad_flags_exit_2) {
  auto status_of = [](const std::string& args) {
    auto* pipe = popen((CRM_BIN_DIR "/crm-mock " + args + " 2>&1").c_str(), "r");
    std::string output;
    char buf[512];
    while (auto n = fread(buf, 1, sizeof buf, pipe))
      output.append(buf, n);
    int status = pclose(pipe);
    return std::pair{WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
  };
  auto [help_status, help] = status_of("--help");
  EXPECT_EQ(help_status, 0);
  EXPECT_NE(help.find("--latency-ms"), std::string::npos);
  EXPECT_EQ(status_of("--latency-ms soon").first, 2);
  EXPECT_EQ(status_of("--no-such-flag 1").first, 2);
  EXPECT_EQ(status_of("--script /nonexistent.json").first, 2);
}

TEST_F(crm_mock, sigterm_stops_cleanly) {
  EXPECT_EQ(mock.stop(), 0);
  EXPECT_NE(mock.log().find("\"msg\":\"mock_stopped\""), std::string::npos);
}

} // namespace
} // namespace crm::test
