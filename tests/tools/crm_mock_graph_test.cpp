// crm-mock's WhatsApp Graph API stand-in: the real binary on loopback, driven through tests/e2e's
// launcher; status webhooks land on an in-test HTTP server playing crmd.

#include "e2e/mock_process.hpp"
#include "net/http_server.hpp"
#include "net/signature.hpp"
#include "net/whatsapp_webhook.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <sys/wait.h>

namespace crm::test {
namespace {

using namespace std::chrono_literals;

boost::json::object parse_object(const std::string& text) {
  return boost::json::parse(text).as_object();
}

/// Meta's `{"error":{...}}`: checks the shape and returns `error.code`.
int64_t meta_code(const net::client_response& response) {
  auto body = parse_object(response.body);
  auto& error = body.at("error").as_object();
  EXPECT_TRUE(error.at("message").is_string());
  EXPECT_EQ(error.at("type"), "OAuthException");
  EXPECT_TRUE(error.at("fbtrace_id").is_string());
  return error.at("code").to_number<int64_t>();
}

/// crmd's WhatsApp webhook, as far as the mock can tell: checks Meta's signature with
/// `app_secret` (401 when wrong) and keeps every body it accepted.
class fake_crmd {
public:
  explicit fake_crmd(std::string app_secret)
      : app_secret_(std::move(app_secret)),
        server_(options(), [this](net::http_request&& request, net::responder reply) {
          handle(std::move(request), std::move(reply));
        }) {
    if (auto ec = server_.start()) throw std::runtime_error("fake crmd: " + ec.message());
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/webhook/whatsapp/default";
  }

  /// Waits until `n` signed bodies arrived; returns them (fewer after 10 s).
  std::vector<std::string> wait_for(size_t n) {
    std::unique_lock lock{mutex_};
    arrived_.wait_for(lock, 10s, [&] { return accepted_.size() >= n; });
    return accepted_;
  }
  size_t refused() const {
    std::lock_guard guard{mutex_};
    return refused_;
  }

private:
  static net::http_server_options options() {
    net::http_server_options out;
    out.port = 0;
    out.io_threads = 1;
    return out;
  }

  void handle(net::http_request&& request, net::responder reply) {
    bool signed_ok =
        request.path == "/webhook/whatsapp/default" &&
        net::verify_hub_signature(app_secret_, request.body, request.header("x-hub-signature-256"));
    {
      std::lock_guard guard{mutex_};
      if (signed_ok)
        accepted_.push_back(request.body);
      else
        ++refused_;
    }
    arrived_.notify_all();
    if (!signed_ok) return reply(net::json_error(401, "invalid_signature", "bad signature"));
    net::http_response ok;
    ok.body = R"({"status":"accepted"})";
    reply(std::move(ok));
  }

  const std::string app_secret_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::string> accepted_;
  size_t refused_ = 0;
  net::http_server server_; ///< Last: stopped before what its handler uses.
};

/// The one status inside a webhook body, after checking the Cloud API envelope around it.
boost::json::object only_status(const std::string& body, const std::string& phone_number_id) {
  auto root = parse_object(body);
  EXPECT_EQ(root.at("object"), "whatsapp_business_account");
  auto& entry = root.at("entry").at(0).as_object();
  EXPECT_TRUE(entry.at("id").is_string());
  auto& change = entry.at("changes").at(0).as_object();
  EXPECT_EQ(change.at("field"), "messages");
  auto& value = change.at("value").as_object();
  EXPECT_EQ(value.at("messaging_product"), "whatsapp");
  EXPECT_TRUE(value.at("metadata").at("display_phone_number").is_string());
  EXPECT_EQ(value.at("metadata").at("phone_number_id"), phone_number_id.c_str());
  auto& statuses = value.at("statuses").as_array();
  EXPECT_EQ(statuses.size(), 1u);
  auto& status = statuses.at(0).as_object();
  EXPECT_TRUE(status.at("timestamp").is_string());
  // crmd's own parser must read it too.
  auto parsed = net::parse_whatsapp_webhook(body);
  EXPECT_EQ(parsed.error, net::webhook_parse_error::none) << parsed.detail;
  EXPECT_EQ(parsed.batch.statuses.size(), 1u);
  return status;
}

class crm_mock_graph : public ::testing::Test {
protected:
  void SetUp() override { mock.start(); }
  mock_process mock;
};

// -- sends ----------------------------------------------------------------------------------

TEST_F(crm_mock_graph, send_is_answered_with_a_fresh_wamid_and_recorded) {
  auto first = mock.graph_send("+15551230001", "Hello there", "tok", "106540352242922");
  auto second = mock.graph_send("15551230002", "Second");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(second.status, 200) << second.body;
  auto body = parse_object(first.body);
  EXPECT_EQ(body.at("messaging_product"), "whatsapp");
  EXPECT_EQ(body.at("contacts").at(0).at("input"), "+15551230001");
  EXPECT_EQ(body.at("contacts").at(0).at("wa_id"), "15551230001");
  std::string id1{body.at("messages").at(0).at("id").as_string()};
  std::string id2{parse_object(second.body).at("messages").at(0).at("id").as_string()};
  EXPECT_TRUE(id1.starts_with("wamid.")) << id1;
  EXPECT_TRUE(id2.starts_with("wamid.")) << id2;
  EXPECT_NE(id1, id2);

  auto sends = mock.graph_sends();
  ASSERT_EQ(sends.size(), 2u);
  auto& sent = sends.at(0).as_object();
  EXPECT_EQ(sent.at("phone_number_id"), "106540352242922");
  EXPECT_EQ(sent.at("version"), "v21.0");
  EXPECT_EQ(sent.at("to"), "+15551230001");
  EXPECT_EQ(sent.at("body"), "Hello there");
  EXPECT_EQ(sent.at("token_present"), true);
  EXPECT_EQ(sent.at("outcome"), "ok");
  EXPECT_EQ(sent.at("wamid"), id1.c_str());
  EXPECT_TRUE(sent.at("time_ms").is_int64());
  EXPECT_EQ(sends.at(1).at("wamid"), id2.c_str());

  auto graph = mock.stats().at("modules").at("graph").as_object();
  EXPECT_EQ(graph.at("total"), 2);
  EXPECT_EQ(graph.at("outcomes").at("ok"), 2);
  mock.clear_graph_sends();
  EXPECT_TRUE(mock.graph_sends().empty());
}

TEST_F(crm_mock_graph, any_api_version_is_accepted_and_other_paths_are_not) {
  auto body = R"({"messaging_product":"whatsapp","to":"1","type":"text","text":{"body":"x"}})";
  header_list auth{{"Authorization", "Bearer t"}};
  EXPECT_EQ(mock.call("POST", "/v19.0/42/messages", body, auth).status, 200);
  EXPECT_EQ(mock.call("POST", "/v21/42/messages", body, auth).status, 404);
  EXPECT_EQ(mock.call("POST", "/42/messages", body, auth).status, 404);
  EXPECT_EQ(mock.call("POST", "/v21.0//messages", body, auth).status, 404);
}

TEST_F(crm_mock_graph, bad_bodies_get_meta_error_code_100_and_are_not_recorded_as_sends) {
  header_list auth{{"Authorization", "Bearer t"}};
  for (std::string body :
       {"not json", "[1]", R"({"to":"1","type":"text","text":{"body":"x"}})",
        R"({"messaging_product":"sms","to":"1","type":"text","text":{"body":"x"}})",
        R"({"messaging_product":"whatsapp","type":"text","text":{"body":"x"}})",
        R"({"messaging_product":"whatsapp","to":"1","type":"image","text":{"body":"x"}})",
        R"({"messaging_product":"whatsapp","to":"1","type":"text","text":{}})",
        R"({"messaging_product":"whatsapp","to":"1","type":"text","text":{"body":""}})"}) {
    auto response = mock.call("POST", "/v21.0/42/messages", body, auth);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(meta_code(response), 100) << body;
  }
  EXPECT_TRUE(mock.graph_sends().empty());
  EXPECT_EQ(mock.stats().at("modules").at("graph").at("outcomes").at("bad_request"), 8);
}

TEST_F(crm_mock_graph, missing_token_is_refused_with_code_190) {
  auto response = mock.graph_send("1555", "hi", "");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(meta_code(response), 190);
  auto basic = mock.call("POST", "/v21.0/42/messages", "{}", {{"Authorization", "Basic abc"}});
  EXPECT_EQ(basic.status, 401);
  EXPECT_EQ(meta_code(basic), 190);
  EXPECT_TRUE(mock.graph_sends().empty());
}

TEST(crm_mock_graph_token, configured_token_must_match) {
  mock_process mock;
  mock.start({"--graph-token", "secret-token"});
  auto wrong = mock.graph_send("1555", "hi", "other-token");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(meta_code(wrong), 190);
  EXPECT_EQ(mock.graph_send("1555", "hi", "secret-token").status, 200);
  mock.set_graph_config({{"token", nullptr}});
  EXPECT_EQ(mock.graph_send("1555", "hi", "any-token").status, 200);
}

// -- faults ---------------------------------------------------------------------------------

TEST_F(crm_mock_graph, status_500_and_429_faults_answer_in_meta_shape) {
  mock.push_graph_fault("status_500");
  mock.push_graph_fault("status_429", 1, 7);
  auto failed = mock.graph_send("1555", "hi");
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(meta_code(failed), 2);
  auto limited = mock.graph_send("1555", "hi");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("retry-after"), "7");
  EXPECT_EQ(meta_code(limited), 130429);
  EXPECT_EQ(mock.graph_send("1555", "hi").status, 200); // The queue is used up.

  auto sends = mock.graph_sends();
  ASSERT_EQ(sends.size(), 3u);
  EXPECT_EQ(sends.at(0).at("outcome"), "status_500");
  EXPECT_TRUE(sends.at(0).at("wamid").is_null());
  EXPECT_EQ(sends.at(1).at("outcome"), "status_429");
  EXPECT_EQ(sends.at(2).at("outcome"), "ok");
}

TEST_F(crm_mock_graph, meta_error_faults_use_the_http_status_meta_uses_for_each_code) {
  const std::vector<std::pair<int64_t, int>> cases{{131047, 400}, {131026, 400}, {131056, 400},
                                                   {130429, 400}, {80007, 400},  {4, 400},
                                                   {100, 400},    {190, 401},    {10, 403}};
  for (auto [code, _] : cases)
    mock.push_graph_fault("meta_error", 1, 1, code);
  for (auto [code, status] : cases) {
    auto response = mock.graph_send("1555", "hi");
    EXPECT_EQ(response.status, status) << code;
    EXPECT_EQ(meta_code(response), code);
  }
  EXPECT_EQ(mock.graph_sends().at(0).at("outcome"), "meta_error_131047");
  EXPECT_EQ(mock.stats().at("modules").at("graph").at("outcomes").at("meta_error_190"), 1);
}

TEST_F(crm_mock_graph, timeout_fault_never_answers_so_the_client_times_out) {
  mock.push_graph_fault("timeout");
  std::error_code ec;
  auto response = mock.graph_send("1555", "hi", "t", "42", 300ms, &ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(mock.graph_send("1555", "hi").status, 200); // Only the one send hangs.
  EXPECT_EQ(mock.stop(), 0);
}

TEST(crm_mock_graph_hang, hang_fault_closes_after_the_hang_timeout_without_an_answer) {
  mock_process mock;
  mock.start({"--hang-timeout-ms", "200"});
  mock.push_graph_fault("hang");
  std::error_code ec;
  auto response = mock.graph_send("1555", "hi", "t", "42", 20s, &ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
}

TEST_F(crm_mock_graph, close_fault_drops_the_connection_without_a_response) {
  mock.push_graph_fault("close");
  std::error_code ec;
  auto response = mock.graph_send("1555", "hi", "t", "42", 10s, &ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(mock.graph_send("1555", "hi").status, 200);
}

TEST_F(crm_mock_graph, graph_faults_do_not_touch_llm_requests_and_bad_fault_requests_fail) {
  mock.push_graph_fault("status_500");
  EXPECT_EQ(mock.chat("hi").status, 200);
  EXPECT_EQ(mock.graph_send("1555", "hi").status, 500);
  for (auto body : {R"({"mode":"nope"})", R"({"mode":"meta_error"})",
                    R"({"mode":"status_500","count":0})", "not json"})
    EXPECT_EQ(mock.call("POST", "/mock/graph/faults", body).status, 400) << body;
  mock.push_graph_fault("status_500", 3);
  mock.clear_graph_faults();
  EXPECT_EQ(mock.graph_send("1555", "hi").status, 200);
}

TEST_F(crm_mock_graph, latency_is_set_at_run_time_and_reset_restores_start_up_settings) {
  EXPECT_EQ(mock.control("PUT", "/mock/graph/latency", R"({"ms":25})").at("ms"), 25);
  EXPECT_EQ(mock.control("GET", "/mock/graph/config").at("latency_ms"), 25);
  EXPECT_EQ(mock.graph_send("1555", "hi").status, 200);
  mock.set_graph_config({{"token", "t2"}, {"auto_status", boost::json::array{"sent"}}});
  mock.reset();
  auto config = mock.control("GET", "/mock/graph/config").as_object();
  EXPECT_EQ(config.at("latency_ms"), 0);
  EXPECT_TRUE(config.at("token").is_null());
  EXPECT_TRUE(config.at("auto_status").as_array().empty());
  EXPECT_TRUE(mock.graph_sends().empty());
  EXPECT_EQ(mock.call("PUT", "/mock/graph/config", R"({"auto_status":["seen"]})").status, 400);
  EXPECT_EQ(mock.call("PUT", "/mock/graph/config", R"({"colour":1})").status, 400);
}

// -- status webhooks ------------------------------------------------------------------------

TEST_F(crm_mock_graph, status_webhook_is_signed_and_shaped_like_meta) {
  fake_crmd crmd{"app-secret"};
  auto sent = mock.graph_send("+15551230001", "hi", "t", "106540352242922");
  std::string wamid{parse_object(sent.body).at("messages").at(0).at("id").as_string()};

  auto answer = mock.post_status(crmd.url(), "app-secret", wamid, "delivered");
  EXPECT_EQ(answer.at("status"), 200);
  EXPECT_EQ(answer.at("body"), R"({"status":"accepted"})");
  auto failed = mock.post_status(crmd.url(), "app-secret", wamid, "failed", 131026);
  EXPECT_EQ(failed.at("status"), 200);

  auto bodies = crmd.wait_for(2);
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(boost::json::parse(bodies.at(0)), answer.at("sent"));
  auto delivered = only_status(bodies.at(0), "106540352242922"); // From the recorded send.
  EXPECT_EQ(delivered.at("id"), wamid.c_str());
  EXPECT_EQ(delivered.at("status"), "delivered");
  EXPECT_EQ(delivered.at("recipient_id"), "15551230001");
  EXPECT_FALSE(delivered.contains("errors"));
  auto error = only_status(bodies.at(1), "106540352242922").at("errors").at(0).as_object();
  EXPECT_EQ(error.at("code"), 131026);
  EXPECT_TRUE(error.at("title").is_string());
}

TEST_F(crm_mock_graph, crmd_status_code_is_passed_back_and_failures_are_reported) {
  fake_crmd crmd{"app-secret"};
  auto wrong = mock.post_status({{"url", crmd.url()},
                                 {"app_secret", "wrong"},
                                 {"wamid", "wamid.X"},
                                 {"status", "read"},
                                 {"recipient_id", "1555"},
                                 {"phone_number_id", "777"}});
  EXPECT_EQ(wrong.at("status"), 401);
  EXPECT_EQ(crmd.refused(), 1u);

  auto unreachable =
      mock.call("POST", "/mock/graph/status",
                R"({"url":"http://127.0.0.1:1/webhook","wamid":"w","status":"sent"})");
  EXPECT_EQ(unreachable.status, 502);
  for (auto body :
       {R"({"url":"http://x/","status":"sent"})",
        R"({"url":"http://x/","wamid":"w","status":"opened"})", R"({"wamid":"w","status":"sent"})"})
    EXPECT_EQ(mock.call("POST", "/mock/graph/status", body).status, 400) << body;
  auto graph = mock.stats().at("modules").at("graph").as_object();
  EXPECT_EQ(graph.at("webhooks").at("failed"), 2);
}

TEST(crm_mock_graph_auto, auto_statuses_follow_each_successful_send_in_order) {
  fake_crmd crmd{"s3cret"};
  mock_process mock;
  mock.start({"--graph-status-url", crmd.url(), "--graph-app-secret", "s3cret",
              "--graph-auto-status", "sent,delivered"});
  mock.push_graph_fault("status_500"); // A failed send gets no status.
  EXPECT_EQ(mock.graph_send("15550001", "a", "t", "900").status, 500);
  auto sent = mock.graph_send("15550001", "b", "t", "900");
  ASSERT_EQ(sent.status, 200);
  std::string wamid{parse_object(sent.body).at("messages").at(0).at("id").as_string()};

  auto bodies = crmd.wait_for(2);
  ASSERT_EQ(bodies.size(), 2u);
  auto first = only_status(bodies.at(0), "900");
  auto second = only_status(bodies.at(1), "900");
  EXPECT_EQ(first.at("status"), "sent");
  EXPECT_EQ(second.at("status"), "delivered");
  EXPECT_EQ(first.at("id"), wamid.c_str());
  EXPECT_EQ(second.at("id"), wamid.c_str());
  EXPECT_EQ(crmd.refused(), 0u);
  EXPECT_EQ(mock.stop(), 0); // The webhook thread stops with the mock.
}

TEST(crm_mock_graph_process, bad_graph_flags_exit_2) {
  auto status_of = [](const std::string& args) {
    int status = std::system((CRM_BIN_DIR "/crm-mock " + args + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(status_of("--graph-auto-status sent,opened"), 2);
  EXPECT_EQ(status_of("--graph-latency-ms soon"), 2);
}

} // namespace
} // namespace crm::test
