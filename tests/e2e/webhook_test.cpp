// The WhatsApp webhook end to end: handshake, signatures, parsing, dedupe, statuses, load.

#include "node_test.hpp"

#include <atomic>
#include <thread>

using namespace crm::test;

namespace {

using webhook = node_test;

std::string text_body(const std::string& id, const std::string& text = "Where is my order?") {
  return whatsapp_body({{{id, "16505551234", text}}});
}

} // namespace

TEST_F(webhook, handshake_echoes_the_challenge_for_the_right_token) {
  auto r = node.call("GET",
                     std::string{"/webhook/whatsapp/default?hub.mode=subscribe&hub.verify_token="} +
                         verify_token + "&hub.challenge=1158201444");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "1158201444");
  EXPECT_NE(r.header("content-type").find("text/plain"), std::string::npos);
}

TEST_F(webhook, handshake_with_a_wrong_token_or_mode_is_forbidden) {
  auto wrong = node.call(
      "GET", "/webhook/whatsapp/default?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(json_of(wrong).at("error"), "forbidden");
  auto mode = node.call(
      "GET", std::string{"/webhook/whatsapp/default?hub.mode=unsubscribe&hub.verify_token="} +
                 verify_token + "&hub.challenge=1");
  EXPECT_EQ(mode.status, 403);
}

TEST_F(webhook, signed_message_is_durable_before_the_200) {
  auto r = post_webhook(node, text_body("wamid.A1"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json_of(r).at("messages"), 1);
  auto records = audit("state=received&client_id=16505551234");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("message_id"), "wamid.A1");
  EXPECT_EQ(records[0].at("input_message"), "Where is my order?");
  EXPECT_EQ(records[0].at("tenant"), "default");
}

TEST_F(webhook, bad_or_missing_signature_is_refused_and_nothing_is_stored) {
  auto body = text_body("wamid.B1");
  auto bad = node.call("POST", "/webhook/whatsapp/default", body,
                       {{"X-Hub-Signature-256", sign(body, "another-secret")}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(json_of(bad).at("error"), "bad_signature");
  auto missing = node.call("POST", "/webhook/whatsapp/default", body);
  EXPECT_EQ(missing.status, 401);
  auto tampered = node.call("POST", "/webhook/whatsapp/default", body + " ",
                            {{"X-Hub-Signature-256", sign(body)}});
  EXPECT_EQ(tampered.status, 401);
  EXPECT_TRUE(audit("state=received").empty());
}

TEST_F(webhook, malformed_or_incomplete_bodies_get_400_with_a_reason) {
  std::string broken = "{\"object\":\"whatsapp_business_account\",\"entry\":[";
  auto r = node.call("POST", "/webhook/whatsapp/default", broken,
                     {{"X-Hub-Signature-256", sign(broken)}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json_of(r).at("error"), "malformed_json");
  std::string no_id =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"1"},"messages":[{"from":"1","timestamp":"1","type":"text","text":{"body":"x"}}]}}]}]})";
  auto missing =
      node.call("POST", "/webhook/whatsapp/default", no_id, {{"X-Hub-Signature-256", sign(no_id)}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json_of(missing).at("error"), "missing_field");
  EXPECT_NE(std::string{json_of(missing).at("detail").as_string()}.find("id"), std::string::npos);
}

TEST_F(webhook, oversized_body_gets_413) {
  std::string huge(5 * 1024 * 1024, 'x');
  auto r =
      node.call("POST", "/webhook/whatsapp/default", huge, {{"X-Hub-Signature-256", sign(huge)}});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(json_of(r).at("error"), "payload_too_large");
}

TEST_F(webhook, a_three_megabyte_delivery_is_accepted) {
  std::vector<wa_message> messages;
  std::string text(3000, 'a');
  for (int i = 0; i < 1000; ++i)
    messages.push_back({"wamid.big" + std::to_string(i), "100", text});
  auto body = whatsapp_body({messages});
  ASSERT_GT(body.size(), 3u * 1000 * 1000);
  auto r = post_webhook(node, body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json_of(r).at("messages"), 1000);
}

TEST_F(webhook, unknown_tenant_gets_404) {
  auto body = text_body("wamid.C1");
  auto r = post_webhook(node, body, "nobody");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json_of(r).at("error"), "unknown_tenant");
}

TEST_F(webhook, redelivered_webhook_is_acknowledged_once) {
  auto body = text_body("wamid.D1");
  auto first = post_webhook(node, body);
  auto second = post_webhook(node, body);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(json_of(second).at("duplicates"), 1);
  EXPECT_EQ(json_of(second).at("messages"), 0);
  EXPECT_EQ(audit("state=received").size(), 1u);
}

TEST_F(webhook, every_entry_change_and_message_is_handled) {
  auto body = whatsapp_body(
      {{{"wamid.E1", "111", "one"}, {"wamid.E2", "222", "two"}}, {{"wamid.E3", "111", "three"}}});
  auto r = post_webhook(node, body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json_of(r).at("messages"), 3);
  EXPECT_EQ(audit("state=received").size(), 3u);
  EXPECT_EQ(audit("state=received&client_id=111").size(), 2u);
}

TEST_F(webhook, statuses_and_non_text_messages_are_audited_not_dropped) {
  auto body = whatsapp_body({{{"wamid.F1", "333", "", "image"}}}, {"wamid.out1", "wamid.out2"});
  auto r = post_webhook(node, body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json_of(r).at("statuses"), 2);
  auto received = audit("state=received");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].at("reason"), "type:image");
  auto statuses = audit("state=delivery_status");
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].at("reason"), "delivered");
  EXPECT_EQ(statuses[0].at("message_id"), "wamid.out1");
}

TEST_F(webhook, concurrent_senders_each_get_their_message_stored_exactly_once) {
  constexpr int threads = 8, per_thread = 40;
  std::atomic<int> ok{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t)
    senders.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        // Every message twice, from two threads at once: dedupe must be atomic.
        auto id = "wamid.G" + std::to_string(i) + "-" + std::to_string(t / 2);
        auto r = post_webhook(node, text_body(id));
        if (r.status == 200) ++ok;
      }
    });
  for (auto& s : senders)
    s.join();
  EXPECT_EQ(ok.load(), threads * per_thread);
  EXPECT_EQ(audit("state=received").size(), static_cast<size_t>(threads * per_thread / 2));
  auto verify = node.admin("GET", "/admin/audit/verify");
  EXPECT_EQ(json_of(verify).at("ok"), true);
}

TEST_F(webhook, a_tenant_without_app_secret_refuses_webhooks) {
  auto config = node.admin("GET", "/admin/tenants/default");
  auto put = node.admin("PUT", "/admin/tenants/acme",
                        boost::json::serialize(json_of(config).at("config")));
  ASSERT_EQ(put.status, 200) << put.body;
  auto r = post_webhook(node, text_body("wamid.H1"), "acme");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json_of(r).at("error"), "bad_signature");
}
