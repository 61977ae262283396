// The inference pool against a real HTTP endpoint on loopback (net::http_server speaking the
// OpenAI chat-completions shape), in a real actor system: drafts, retries, bounds, breaker.

#include "actors/inference_pool.hpp"

#include "net/async_http_client.hpp"
#include "net/http_server.hpp"

#include <caf/all.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

using namespace crm;
using namespace std::chrono_literals;

namespace {

class pool_config : public caf::actor_system_config {
public:
  pool_config() { add_message_types<caf::id_block::crm>(); }
};

std::string completion(const std::string& reply, int confidence) {
  return R"({"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":)"
         R"("assistant","content":"{\"reply\":\")" +
         reply + R"(\",\"intent\":\"general\",\"scope\":\"in_scope\",\"confidence\":)" +
         std::to_string(confidence) +
         R"(,\"reasoning\":\"r\"}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,)"
         R"("completion_tokens":5,"total_tokens":15}})";
}

/// A scripted LLM endpoint: answers with `next_status` codes first, then completions.
struct fake_llm {
  std::mutex mutex;
  std::vector<int> statuses; ///< Served in order before normal answers.
  std::vector<std::string> authorizations;
  std::atomic<int> requests{0};
  std::atomic<bool> hang{false};
  std::vector<net::responder> held; ///< Responses held back while `hang`.
  std::unique_ptr<net::http_server> server;

  fake_llm() {
    net::http_server_options options;
    options.port = 0;
    options.io_threads = 1;
    server = std::make_unique<net::http_server>(
        options, [this](net::http_request&& request, net::responder respond) {
          ++requests;
          std::lock_guard<std::mutex> guard{mutex};
          authorizations.emplace_back(request.header("authorization"));
          if (hang) {
            held.push_back(std::move(respond));
            return;
          }
          net::http_response response;
          if (!statuses.empty()) {
            response.status = statuses.front();
            statuses.erase(statuses.begin());
            response.body = R"({"error":{"message":"nope","type":"server_error"}})";
            if (response.status == 429) response.headers.emplace_back("Retry-After", "0");
          } else {
            response.body = completion("Hello there", 88);
          }
          respond(std::move(response));
        });
    EXPECT_FALSE(server->start());
  }

  ~fake_llm() {
    {
      std::lock_guard<std::mutex> guard{mutex};
      for (auto& respond : held)
        respond(net::http_response{});
    }
    server->stop();
  }

  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(server->port()) + "/v1";
  }
};

struct inference_pool_test : ::testing::Test {
  fake_llm llm;
  net::async_http_client client;
  pool_config cfg;
  caf::actor_system sys{cfg};
  inference_options options = [] {
    inference_options o;
    o.queue_per_tenant = 1;
    o.retry.base = 1ms;
    o.retry.cap = 5ms;
    o.breaker.failure_threshold = 3;
    o.breaker.open_for = 60s;
    return o;
  }();
  inference_actor pool;

  void SetUp() override { pool = sys.spawn(inference_pool, &client, options); }
  void TearDown() override { caf::anon_send_exit(pool, caf::exit_reason::user_shutdown); }

  draft_request request(const std::string& tenant = "t1") {
    draft_request r;
    r.tenant = tenant;
    r.event_token = "tok";
    r.base_url = llm.base_url();
    r.api_key = "sk-test";
    r.body = R"({"model":"m","messages":[]})";
    r.timeout_ms = 2000;
    r.max_in_flight = 1;
    return r;
  }

  draft_result draft(draft_request r) {
    caf::scoped_actor self{sys};
    draft_result out;
    self->request(pool, 10s, draft_atom_v, std::move(r))
        .receive([&](draft_result& result) { out = std::move(result); },
                 [&](caf::error& err) { out.failure = "caf: " + to_string(err); });
    return out;
  }
};

} // namespace

TEST_F(inference_pool_test, a_draft_is_parsed_with_its_tokens_and_sent_with_the_api_key) {
  auto result = draft(request());
  ASSERT_TRUE(result.ok()) << result.failure << ": " << result.detail;
  EXPECT_EQ(result.reply, "Hello there");
  EXPECT_EQ(result.confidence, 88);
  EXPECT_EQ(result.tokens_used, 15);
  EXPECT_EQ(result.attempts, 1u);
  std::lock_guard<std::mutex> guard{llm.mutex};
  ASSERT_EQ(llm.authorizations.size(), 1u);
  EXPECT_EQ(llm.authorizations[0], "Bearer sk-test");
}

TEST_F(inference_pool_test, server_errors_and_rate_limits_are_retried) {
  llm.statuses = {500, 429};
  auto result = draft(request());
  ASSERT_TRUE(result.ok()) << result.detail;
  EXPECT_EQ(result.attempts, 3u);
  EXPECT_EQ(llm.requests.load(), 3);
}

TEST_F(inference_pool_test, retries_stop_at_the_attempt_limit_with_an_llm_error) {
  llm.statuses = {500, 502, 503, 504};
  auto result = draft(request());
  EXPECT_EQ(result.failure, "llm_error");
  EXPECT_EQ(result.attempts, 3u);
  EXPECT_NE(result.detail.find("503"), std::string::npos);
}

TEST_F(inference_pool_test, a_client_error_is_not_retried) {
  llm.statuses = {400};
  auto result = draft(request());
  EXPECT_EQ(result.failure, "llm_error");
  EXPECT_EQ(result.attempts, 1u);
}

TEST_F(inference_pool_test, an_endpoint_that_never_answers_times_out_within_the_tenant_budget) {
  llm.hang = true;
  auto r = request();
  r.timeout_ms = 300;
  auto result = draft(r);
  EXPECT_EQ(result.failure, "llm_error");
  EXPECT_NE(result.detail.find("timed out"), std::string::npos);
  EXPECT_LT(result.latency_ms, 2000);
}

TEST_F(inference_pool_test, past_in_flight_and_queue_bounds_a_tenant_is_overloaded_at_once) {
  llm.hang = true;
  caf::scoped_actor self{sys};
  auto r = request();
  r.timeout_ms = 1500;
  std::vector<draft_result> results;
  for (int i = 0; i < 3; ++i)
    self->send(pool, draft_atom_v, r); // answers come back as messages to `self`
  // The third request neither fits in flight (1) nor in the queue (1): answered at once.
  self->receive([&](draft_result& d) { results.push_back(d); });
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].failure, "llm_overloaded");
  // Another tenant has its own bound.
  auto other = request("t2");
  other.timeout_ms = 300;
  EXPECT_EQ(draft(other).failure, "llm_error"); // it was sent (and timed out), not refused
}

TEST_F(inference_pool_test, an_endpoint_that_keeps_failing_opens_its_breaker) {
  auto r = request();
  r.base_url = "http://127.0.0.1:1/v1"; // nothing listens: connection refused
  // Three refused attempts (one request and its two retries) reach the threshold.
  EXPECT_EQ(draft(r).failure, "llm_error");
  auto refused = draft(r);
  EXPECT_EQ(refused.failure, "llm_overloaded");
  EXPECT_NE(refused.detail.find("breaker"), std::string::npos);
  // The healthy endpoint is not affected.
  EXPECT_TRUE(draft(request()).ok());
}

TEST(completions_url, appends_the_path_once) {
  EXPECT_EQ(completions_url("http://h:1/v1"), "http://h:1/v1/chat/completions");
  EXPECT_EQ(completions_url("http://h:1/v1/"), "http://h:1/v1/chat/completions");
}

TEST_F(inference_pool_test, a_cancelled_draft_frees_its_slot_at_once) {
  llm.hang = true;
  caf::scoped_actor self{sys};
  auto first = request();
  first.event_token = "tok-first";
  first.timeout_ms = 5000;
  auto second = first;
  second.event_token = "tok-second";
  self->send(pool, draft_atom_v, first);  // takes the tenant's one slot
  self->send(pool, draft_atom_v, second); // waits in the queue
  self->send(pool, cancel_atom_v, std::string{"tok-first"});
  draft_result cancelled;
  self->receive([&](draft_result& d) { cancelled = d; });
  EXPECT_EQ(cancelled.failure, "llm_error");
  EXPECT_EQ(cancelled.detail, "cancelled");
  EXPECT_LT(cancelled.latency_ms, 2000);
  // The queued one got the slot; cancelling it too answers at once as well.
  self->send(pool, cancel_atom_v, std::string{"tok-second"});
  draft_result also;
  self->receive([&](draft_result& d) { also = d; });
  EXPECT_EQ(also.detail, "cancelled");
  EXPECT_LT(also.latency_ms, 2000);
}
