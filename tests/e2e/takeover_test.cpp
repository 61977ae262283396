// A human takes a conversation over: the AI's in-flight draft is cancelled and never sent, new
// messages go to the operators (reason human_takeover), the operator answers in their own words
// (screened, audited), and after release the AI drafts again. The LLM is the real crm-mock.

#include "mock_process.hpp"
#include "node_test.hpp"
#include "operator_client.hpp"

using namespace crm::test;
using namespace std::chrono_literals;

namespace {

struct takeover : node_test {
  mock_process llm;
  std::string key, op;

  void SetUp() override {
    node_test::SetUp();
    llm.start();
    key = node.create_ingest_key();
    auto r = node.admin("POST", "/admin/tenants/default/operators", R"({"name":"Tess"})");
    ASSERT_EQ(r.status, 201) << r.body;
    op = std::string{json_of(r).at("token").as_string()};
    auto config = json_of(node.admin("GET", "/admin/tenants/default")).at("config").as_object();
    config["llm"].as_object()["base_url"] = llm.base_url();
    config["llm"].as_object()["timeout_ms"] = 10000;
    ASSERT_EQ(node.admin("PUT", "/admin/tenants/default", boost::json::serialize(config)).status,
              200);
  }

  std::string ingest(const std::string& id, const std::string& text) {
    auto r = node.call(
        "POST", "/v1/messages",
        boost::json::serialize(boost::json::object{
            {"tenant", "default"}, {"customer_id", "cust-9"}, {"message_id", id}, {"text", text}}),
        {{"Authorization", "Bearer " + key}});
    EXPECT_EQ(r.status, 202) << r.body;
    return std::string{json_of(r).at("event_token").as_string()};
  }

  crm::net::client_response conversation(const std::string& action,
                                         const std::string& body = "{}") {
    return node.call("POST", "/v1/conversations/cust-9/" + action, body,
                     {{"Authorization", "Bearer " + op}});
  }
};

} // namespace

TEST_F(takeover, an_in_flight_draft_is_cancelled_at_once_and_never_sent) {
  llm.set_latency(3000);
  auto token = ingest("m1", "How long does a refund take?");
  ASSERT_EQ(await_audit("state=drafting&event_token=" + token).size(), 1u);
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(conversation("takeover").status, 200);
  auto review = await_audit("state=pending_review&event_token=" + token);
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].at("reason"), "human_takeover");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s); // not waiting for the LLM
  std::this_thread::sleep_for(3500ms); // the LLM's late answer arrives and is dropped
  EXPECT_TRUE(audit("state=auto_approved&event_token=" + token).empty());
  EXPECT_TRUE(audit("state=drafted&event_token=" + token).empty());
}

TEST_F(takeover, new_messages_go_to_the_operators_and_never_to_the_llm) {
  ASSERT_EQ(conversation("takeover").status, 200);
  auto token = ingest("m1", "How long does a refund take?");
  auto review = await_audit("state=pending_review&event_token=" + token);
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].at("reason"), "human_takeover");
  EXPECT_EQ(audit("state=screened&event_token=" + token).size(), 1u);
  EXPECT_TRUE(llm.requests().empty());
}

TEST_F(takeover, the_operator_answers_in_their_own_words_screened_and_audited) {
  EXPECT_EQ(conversation("send", R"({"text":"Hi, Tess here."})").status, 409);
  ASSERT_EQ(conversation("takeover").status, 200);
  auto sent = conversation("send", R"({"text":"Hi, Tess here. Your refund is on its way."})");
  ASSERT_EQ(sent.status, 202) << sent.body;
  auto token = std::string{json_of(sent).at("event_token").as_string()};
  auto records = audit("state=operator_message&event_token=" + token);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("output_message"), "Hi, Tess here. Your refund is on its way.");
  EXPECT_EQ(records[0].at("client_id"), "cust-9");
  auto flagged = conversation(
      "send", R"({"text":"Vote for the opposition party in the presidential election"})");
  EXPECT_EQ(flagged.status, 400);
  EXPECT_EQ(json_of(flagged).at("error"), "text_flagged");
  EXPECT_FALSE(json_of(flagged).at("categories").as_array().empty());
  EXPECT_EQ(
      conversation(
          "send",
          R"({"text":"Vote for the opposition party in the presidential election","force":true})")
          .status,
      202);
  EXPECT_EQ(conversation("send", R"({"nope":1})").status, 400);
  EXPECT_EQ(node.call("POST", "/v1/conversations/cust-9/takeover", "{}",
                      {{"Authorization", "Bearer wrong"}})
                .status,
            401);
}

TEST_F(takeover, after_release_the_ai_drafts_again) {
  ASSERT_EQ(conversation("takeover").status, 200);
  ASSERT_EQ(conversation("release").status, 200);
  auto token = ingest("m1", "How long does a refund take?");
  auto decided = await_audit("state=auto_approved&event_token=" + token);
  EXPECT_EQ(decided.size(), 1u);
}

TEST_F(takeover, a_takeover_outlives_a_restart) {
  ASSERT_EQ(conversation("takeover").status, 200);
  node.kill_hard();
  node.start();
  auto token = ingest("m1", "How long does a refund take?");
  auto review = await_audit("state=pending_review&event_token=" + token);
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].at("reason"), "human_takeover");
}

TEST_F(takeover, the_same_actions_work_over_the_operator_websocket) {
  operator_client ws;
  ASSERT_TRUE(ws.connect(node.port(), op));
  ASSERT_TRUE(ws.next("snapshot"));
  auto taken = ws.act("conversation.takeover", "", "w-1", {{"customer_id", "cust-9"}});
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->at("result"), "ok");
  EXPECT_EQ(taken->at("state"), "taken_over");
  auto token = ingest("m1", "How long does a refund take?");
  EXPECT_EQ(await_audit("state=pending_review&event_token=" + token)[0].at("reason"),
            "human_takeover");
  auto sent = ws.act("conversation.send", "", "w-2",
                     {{"customer_id", "cust-9"}, {"text", "Tess here, on it."}});
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->at("result"), "ok");
  EXPECT_EQ(sent->at("state"), "queued");
  auto queued = std::string{sent->at("event_token").as_string()};
  EXPECT_EQ(audit("state=operator_message&event_token=" + queued).size(), 1u);
  auto flagged = ws.act("conversation.send", "", "w-3",
                        {{"customer_id", "cust-9"},
                         {"text", "Vote for the opposition party in the presidential election"}});
  EXPECT_EQ(flagged->at("result"), "invalid");
  EXPECT_FALSE(flagged->at("categories").as_array().empty());
  EXPECT_EQ(ws.act("conversation.release", "", "w-4", {{"customer_id", "cust-9"}})->at("state"),
            "released");
  EXPECT_EQ(ws.act("conversation.send", "", "w-5", {{"customer_id", "cust-9"}, {"text", "Hi"}})
                ->at("result"),
            "conflict");
}
