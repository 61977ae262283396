// The plain ingest API end to end: auth, validation, idempotency, message lookup.

#include "node_test.hpp"

using namespace crm::test;

namespace {

struct ingest : node_test {
  std::string key;
  void SetUp() override {
    node_test::SetUp();
    key = node.create_ingest_key();
  }
  crm::net::client_response post(const std::string& body, const std::string& bearer) {
    return node.call("POST", "/v1/messages", body, {{"Authorization", "Bearer " + bearer}});
  }
  static std::string message(const std::string& id,
                             const std::string& text = "Can I change my plan?") {
    return boost::json::serialize(boost::json::object{
        {"tenant", "default"}, {"customer_id", "cust-1"}, {"message_id", id}, {"text", text}});
  }
};

} // namespace

TEST_F(ingest, accepted_message_gets_202_with_its_event_token) {
  auto r = post(message("m-1"), key);
  ASSERT_EQ(r.status, 202) << r.body;
  auto body = json_of(r);
  EXPECT_EQ(body.at("state"), "received");
  EXPECT_EQ(body.at("event_token").as_string().size(), 36u);
}

TEST_F(ingest, repeated_message_id_returns_the_original_token) {
  auto first = post(message("m-2"), key);
  auto second = post(message("m-2", "different text"), key);
  ASSERT_EQ(first.status, 202);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(json_of(second).at("duplicate"), true);
  EXPECT_EQ(json_of(second).at("event_token"), json_of(first).at("event_token"));
  EXPECT_EQ(audit("state=received").size(), 1u);
}

TEST_F(ingest, missing_or_wrong_key_is_unauthorized) {
  EXPECT_EQ(node.call("POST", "/v1/messages", message("m-3")).status, 401);
  auto wrong = post(message("m-3"), "crm_ik_not-a-key");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json_of(wrong).at("error"), "unauthorized");
  EXPECT_EQ(post(message("m-3"), crm::test::admin_token).status, 401); // admin is no ingest key
}

TEST_F(ingest, bad_bodies_say_what_is_wrong) {
  auto malformed = post("{not json", key);
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(json_of(malformed).at("error"), "malformed_json");
  auto missing = post(R"({"tenant":"default","customer_id":"c","text":"hi"})", key);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json_of(missing).at("error"), "missing_field");
  EXPECT_EQ(json_of(missing).at("field"), "message_id");
  auto wrong_type =
      post(R"({"tenant":"default","customer_id":"c","message_id":7,"text":"hi"})", key);
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(json_of(wrong_type).at("field"), "message_id");
  auto too_long = post(message("m-4", std::string(4097, 'x')), key);
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(json_of(too_long).at("error"), "text_too_long");
  // 4096 characters of multi-byte text are within the limit: it counts characters, not bytes.
  std::string accented;
  for (int i = 0; i < 4096; ++i)
    accented += "\xC3\xA9";
  EXPECT_EQ(post(message("m-5", accented), key).status, 202);
  EXPECT_EQ(audit("state=received").size(), 1u);
}

TEST_F(ingest, a_key_cannot_write_into_another_tenant) {
  auto config = json_of(node.admin("GET", "/admin/tenants/default")).at("config");
  ASSERT_EQ(node.admin("PUT", "/admin/tenants/other", boost::json::serialize(config)).status, 200);
  auto r =
      post(boost::json::serialize(boost::json::object{
               {"tenant", "other"}, {"customer_id", "c"}, {"message_id", "x"}, {"text", "hi"}}),
           key);
  EXPECT_EQ(r.status, 403);
}

TEST_F(ingest, message_lookup_shows_state_and_history) {
  auto token = std::string{json_of(post(message("m-6"), key)).at("event_token").as_string()};
  ASSERT_EQ(await_audit("state=drafted&event_token=" + token).size(), 1u);
  ASSERT_EQ(await_audit("event_token=" + token, 5).size(), 5u);
  auto r = node.call("GET", "/v1/messages/" + token, "", {{"Authorization", "Bearer " + key}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json_of(r);
  auto decided = std::string{body.at("state").as_string()};
  EXPECT_TRUE(decided == "auto_approved" || decided == "pending_review") << decided;
  EXPECT_EQ(body.at("classification"), "in_scope");
  EXPECT_EQ(body.at("message_id"), "m-6");
  EXPECT_TRUE(body.at("draft").is_string());
  auto history = body.at("history").as_array();
  ASSERT_EQ(history.size(), 5u);
  const char* states[] = {"received", "screened", "drafting", "drafted"};
  for (size_t i = 0; i < 4; ++i)
    EXPECT_EQ(history[i].at("state"), states[i]);
  EXPECT_EQ(node.admin("GET", "/v1/messages/" + token).status, 200);
}

TEST_F(ingest, lookup_of_unknown_or_foreign_messages_is_404) {
  auto token = std::string{json_of(post(message("m-7"), key)).at("event_token").as_string()};
  EXPECT_EQ(node.call("GET", "/v1/messages/00000000-0000-0000-0000-000000000000", "",
                      {{"Authorization", "Bearer " + key}})
                .status,
            404);
  auto config = json_of(node.admin("GET", "/admin/tenants/default")).at("config");
  ASSERT_EQ(node.admin("PUT", "/admin/tenants/other", boost::json::serialize(config)).status, 200);
  auto other_key = node.create_ingest_key("other");
  EXPECT_EQ(
      node.call("GET", "/v1/messages/" + token, "", {{"Authorization", "Bearer " + other_key}})
          .status,
      404);
  EXPECT_EQ(node.call("GET", "/v1/messages/" + token).status, 401);
}
