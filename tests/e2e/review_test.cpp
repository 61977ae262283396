// Human review end to end: the real crmd, real WebSocket operators on loopback, and the REST
// twins. Drafts come from the built-in responder: "moon" questions match no intent rule, so
// they wait for review (low_confidence); greetings are auto-approved.

#include "node_test.hpp"
#include "operator_client.hpp"

#include <thread>

using namespace crm::test;
using namespace std::chrono_literals;

namespace {

struct reviews : node_test {
  std::string key;
  std::string op_a, op_b, op_other; // tokens
  std::string op_a_id;

  void SetUp() override {
    node_test::SetUp();
    key = node.create_ingest_key();
    auto config = json_of(node.admin("GET", "/admin/tenants/default")).at("config");
    ASSERT_EQ(node.admin("PUT", "/admin/tenants/other", boost::json::serialize(config)).status,
              200);
    op_a = create_operator("default", "Alice", &op_a_id);
    op_b = create_operator("default", "Bob");
    op_other = create_operator("other", "Olga");
  }

  std::string create_operator(const std::string& tenant, const std::string& name,
                              std::string* id = nullptr) {
    auto r = node.admin("POST", "/admin/tenants/" + tenant + "/operators",
                        boost::json::serialize(boost::json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.body;
    auto body = json_of(r);
    if (id) *id = std::string{body.at("operator_id").as_string()};
    return std::string{body.at("token").as_string()};
  }

  /// Ingests a message the built-in responder cannot answer; returns its event token once its
  /// review exists.
  std::string pending_review(const std::string& id, const std::string& customer = "cust-1") {
    auto r = node.call("POST", "/v1/messages",
                       boost::json::serialize(boost::json::object{
                           {"tenant", "default"},
                           {"customer_id", customer},
                           {"message_id", id},
                           {"text", "Tell me something about the moon, " + id}}),
                       {{"Authorization", "Bearer " + key}});
    EXPECT_EQ(r.status, 202) << r.body;
    auto token = std::string{json_of(r).at("event_token").as_string()};
    EXPECT_EQ(await_audit("state=pending_review&event_token=" + token).size(), 1u);
    return token;
  }

  crm::net::client_response rest(const std::string& token, const std::string& event_token,
                                 const std::string& action, boost::json::object body) {
    return node.call("POST", "/v1/reviews/" + event_token + "/" + action,
                     boost::json::serialize(body), {{"Authorization", "Bearer " + token}});
  }
};

bool has_review(const boost::json::object& snapshot, const std::string& token) {
  for (auto& r : snapshot.at("pending").as_array())
    if (r.at("event_token") == token.c_str()) return true;
  return false;
}

} // namespace

TEST_F(reviews, operators_get_a_snapshot_then_live_events_of_their_tenant_only) {
  auto first = pending_review("m1");
  operator_client a, other;
  ASSERT_TRUE(a.connect(node.port(), op_a));
  ASSERT_TRUE(other.connect(node.port(), op_other));
  auto snapshot = a.next("snapshot");
  ASSERT_TRUE(snapshot);
  EXPECT_TRUE(has_review(*snapshot, first));
  auto review = snapshot->at("pending").as_array()[0].as_object();
  EXPECT_EQ(review.at("reason"), "low_confidence");
  EXPECT_FALSE(review.at("draft").as_string().empty());
  EXPECT_TRUE(review.at("expires_at").is_string());
  auto other_snapshot = other.next("snapshot");
  ASSERT_TRUE(other_snapshot);
  EXPECT_TRUE(other_snapshot->at("pending").as_array().empty());

  auto second = pending_review("m2", "cust-2");
  auto added = a.next("review.added");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->at("review").at("event_token"), second.c_str());
  EXPECT_GT(added->at("seq").as_int64(), snapshot->at("seq").as_int64());
  EXPECT_FALSE(other.next("review.added", 500ms)) << "another tenant's review leaked";
}

TEST_F(reviews, the_first_decision_wins_and_repeats_are_idempotent) {
  auto token = pending_review("m1");
  operator_client a, b;
  ASSERT_TRUE(a.connect(node.port(), op_a));
  ASSERT_TRUE(b.connect(node.port(), op_b));
  ASSERT_TRUE(a.next("snapshot"));
  ASSERT_TRUE(b.next("snapshot"));
  auto ack = a.act("approve", token, "a-1");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->at("result"), "ok");
  EXPECT_EQ(ack->at("state"), "approved");
  auto resolved = b.next("review.resolved");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->at("outcome"), "approved");
  EXPECT_EQ(resolved->at("by"), op_a_id.c_str());
  EXPECT_EQ(a.act("approve", token, "a-1")->at("result"), "duplicate");
  auto conflict = b.act("reject", token, "b-1");
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->at("result"), "conflict");
  EXPECT_EQ(conflict->at("state"), "approved");
  EXPECT_EQ(conflict->at("by"), op_a_id.c_str());
  // Audited with the operator, and queued for delivery exactly once.
  auto approved = audit("state=approved&event_token=" + token);
  ASSERT_EQ(approved.size(), 1u);
  EXPECT_EQ(approved[0].at("actor"), op_a_id.c_str());
  EXPECT_EQ(approved[0].at("status"), "Approved");
  EXPECT_FALSE(approved[0].at("output_message").as_string().empty());
}

TEST_F(reviews, unknown_reviews_and_malformed_frames_are_answered_clearly) {
  operator_client a;
  ASSERT_TRUE(a.connect(node.port(), op_a));
  ASSERT_TRUE(a.next("snapshot"));
  EXPECT_EQ(a.act("approve", "no-such-token", "x-1")->at("result"), "not_found");
  a.socket().send_text("{not json");
  EXPECT_TRUE(a.next("error"));
  a.send({{"type", "approve"}, {"event_token", "t"}}); // no action_id
  auto error = a.next("error");
  ASSERT_TRUE(error);
  EXPECT_NE(std::string{error->at("detail").as_string()}.find("action_id"), std::string::npos);
}

TEST_F(reviews, an_edit_that_trips_a_guardrail_is_refused_unless_forced) {
  auto token = pending_review("m1");
  operator_client a;
  ASSERT_TRUE(a.connect(node.port(), op_a));
  ASSERT_TRUE(a.next("snapshot"));
  auto refused = a.act("edit", token, "e-1",
                       {{"text", "Vote for the opposition party in the presidential election!"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->at("result"), "invalid");
  EXPECT_EQ(refused->at("state"), "pending");
  EXPECT_FALSE(refused->at("categories").as_array().empty());
  auto fine = a.act("edit", token, "e-2", {{"text", "The moon is lovely tonight."}});
  EXPECT_EQ(fine->at("result"), "ok");
  EXPECT_EQ(fine->at("state"), "edited");
  auto edited = audit("state=edited&event_token=" + token);
  ASSERT_EQ(edited.size(), 1u);
  EXPECT_EQ(edited[0].at("output_message"), "The moon is lovely tonight.");

  auto second = pending_review("m2", "cust-2");
  auto forced = a.act(
      "edit", second, "e-3",
      {{"text", "Vote for the opposition party in the presidential election!"}, {"force", true}});
  EXPECT_EQ(forced->at("result"), "ok");
  EXPECT_EQ(audit("state=edited&event_token=" + second)[0].at("reason"), "forced");
}

TEST_F(reviews, a_claim_keeps_others_from_deciding_until_released) {
  auto token = pending_review("m1");
  operator_client a, b;
  ASSERT_TRUE(a.connect(node.port(), op_a));
  ASSERT_TRUE(b.connect(node.port(), op_b));
  ASSERT_TRUE(a.next("snapshot"));
  ASSERT_TRUE(b.next("snapshot"));
  auto claim = a.act("claim", token, "c-1");
  EXPECT_EQ(claim->at("result"), "ok");
  EXPECT_TRUE(claim->at("until").is_string());
  auto claimed = b.next("review.claimed");
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->at("by"), op_a_id.c_str());
  auto blocked = b.act("reject", token, "b-1");
  EXPECT_EQ(blocked->at("result"), "conflict");
  EXPECT_EQ(blocked->at("by"), op_a_id.c_str());
  EXPECT_EQ(a.act("release", token, "c-2")->at("result"), "ok");
  ASSERT_TRUE(b.next("review.released"));
  EXPECT_EQ(b.act("reject", token, "b-2", {{"reason", "not for us"}})->at("result"), "ok");
  EXPECT_EQ(audit("state=rejected&event_token=" + token)[0].at("reason"), "not for us");
}

TEST_F(reviews, rest_twins_have_the_same_semantics_and_acks) {
  auto token = pending_review("m1");
  auto listed =
      node.call("GET", "/v1/reviews?state=pending", {}, {{"Authorization", "Bearer " + op_a}});
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json_of(listed).at("reviews").as_array().size(), 1u);
  EXPECT_EQ(node.call("GET", "/v1/reviews", {}, {{"Authorization", "Bearer " + op_other}}).status,
            200);
  auto ok = rest(op_a, token, "approve", {{"action_id", "r-1"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json_of(ok).at("result"), "ok");
  EXPECT_EQ(json_of(rest(op_a, token, "approve", {{"action_id", "r-1"}})).at("result"),
            "duplicate");
  auto conflict = rest(op_b, token, "reject", {{"action_id", "r-2"}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(json_of(conflict).at("error"), "conflict");
  EXPECT_EQ(rest(op_other, token, "approve", {{"action_id", "r-3"}}).status, 404);
  EXPECT_EQ(rest(op_a, token, "approve", {}).status, 400); // no action_id
  EXPECT_EQ(rest(op_a, token, "launch", {{"action_id", "r-4"}}).status, 404);
  EXPECT_EQ(rest("wrong", token, "approve", {{"action_id", "r-5"}}).status, 401);
}

TEST_F(reviews, a_revoked_token_closes_live_sessions_and_is_refused_after) {
  operator_client a;
  ASSERT_TRUE(a.connect(node.port(), op_a));
  ASSERT_TRUE(a.next("snapshot"));
  EXPECT_EQ(node.admin("DELETE", "/admin/operators/" + op_a_id).status, 204);
  EXPECT_EQ(a.await_close(), 1008);
  operator_client again;
  ASSERT_TRUE(again.connect(node.port(), op_a));
  EXPECT_EQ(again.await_close(), 1008);
  EXPECT_EQ(node.admin("DELETE", "/admin/operators/op_nobody").status, 404);
  operator_client wrong;
  ASSERT_TRUE(wrong.connect(node.port(), "not-a-token"));
  EXPECT_EQ(wrong.await_close(), 1008);
}

TEST_F(reviews, pending_reviews_survive_a_restart) {
  auto token = pending_review("m1");
  node.kill_hard();
  node.start();
  operator_client a;
  ASSERT_TRUE(a.connect(node.port(), op_a));
  auto snapshot = a.next("snapshot");
  ASSERT_TRUE(snapshot);
  EXPECT_TRUE(has_review(*snapshot, token));
  EXPECT_EQ(a.act("approve", token, "a-1")->at("result"), "ok");
}

TEST_F(reviews, a_client_that_never_reads_is_closed_while_others_keep_receiving) {
  operator_client slow, fast;
  ASSERT_TRUE(slow.connect(node.port(), op_a, 0, 4096));
  ASSERT_TRUE(fast.connect(node.port(), op_b));
  ASSERT_TRUE(fast.next("snapshot"));
  // Large reviews, more of them than the slow client's bounded queue (1 MiB) and the kernel's
  // socket buffers (4 MiB at most here) can hold.
  constexpr int reviews_sent = 1600;
  const std::string filler(4000, 'x');
  // Sent from another thread: this one keeps reading for the fast operator meanwhile.
  std::thread sender{[&] {
    for (int i = 0; i < reviews_sent; ++i)
      node.call("POST", "/v1/messages",
                boost::json::serialize(boost::json::object{{"tenant", "default"},
                                                           {"customer_id", "c" + std::to_string(i)},
                                                           {"message_id", "s" + std::to_string(i)},
                                                           {"text", "moon " + filler}}),
                {{"Authorization", "Bearer " + key}});
  }};
  int received = 0;
  while (fast.next("review.added", 3s))
    ++received;
  sender.join();
  EXPECT_EQ(received, reviews_sent);
  // The server gave up on it: its 1013 close frame waits behind megabytes the client never read,
  // so the client may only see the connection drop (1006). The metric says why it was closed.
  auto code = slow.await_close(10s);
  EXPECT_TRUE(code == 1013 || code == 1006) << (code ? *code : 0);
  auto metrics = node.call("GET", "/metrics").body;
  EXPECT_NE(metrics.find("crmd_operator_slow_closes_total 1"), std::string::npos);
}

TEST_F(reviews, crm_operator_approves_the_queue_from_the_terminal_client) {
  auto first = pending_review("m1");
  auto second = pending_review("m2", "cust-2");
  std::string output;
  auto code = run_program({CRM_BIN_DIR "/crm-operator", "--url",
                           "http://127.0.0.1:" + std::to_string(node.port()), "--token", op_a,
                           "--approve-all", "--max-decisions", "2", "--exit-after", "20s"},
                          output);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output.find(op_a), std::string::npos); // the token is never printed
  for (auto& token : {first, second}) {
    auto approved = audit("state=approved&event_token=" + token);
    ASSERT_EQ(approved.size(), 1u) << token;
    EXPECT_EQ(approved[0].at("actor"), op_a_id.c_str());
  }
}

TEST_F(reviews, calibration_reports_review_outcomes_by_confidence) {
  auto approved = pending_review("m1");
  auto rejected = pending_review("m2", "cust-2");
  EXPECT_EQ(rest(op_a, approved, "approve", {{"action_id", "k-1"}}).status, 200);
  EXPECT_EQ(rest(op_a, rejected, "reject", {{"action_id", "k-2"}}).status, 200);
  auto r = node.admin("GET", "/admin/tenants/default/calibration?target=0.2&min_samples=1");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json_of(r);
  EXPECT_EQ(body.at("decided"), 2);
  auto& first = body.at("buckets").as_array()[0]; // the built-in responder's no-match drafts
  EXPECT_EQ(first.at("approved_unchanged"), 1);
  EXPECT_EQ(first.at("rejected"), 1);
  EXPECT_TRUE(body.at("recommended_threshold").is_null()); // half were rejected
  EXPECT_EQ(node.admin("GET", "/admin/tenants/default/calibration?target=7").status, 400);
  EXPECT_EQ(node.admin("GET", "/admin/tenants/nope/calibration").status, 404);
  auto metrics = node.call("GET", "/metrics").body;
  EXPECT_NE(metrics.find("review_outcomes_total{bucket=\"0-9\",outcome=\"rejected\"} 1"),
            std::string::npos);
}
