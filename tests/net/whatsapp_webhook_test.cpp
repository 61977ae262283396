#include "net/whatsapp_webhook.hpp"

#include <gtest/gtest.h>

using namespace crm::net;

namespace {

// Meta's sample "text message" notification (Cloud API docs, webhooks/payload-examples).
const std::string meta_text_sample = R"({
  "object": "whatsapp_business_account",
  "entry": [{
    "id": "WHATSAPP_BUSINESS_ACCOUNT_ID",
    "changes": [{
      "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "16505551111", "phone_number_id": "123456123"},
        "contacts": [{"profile": {"name": "test user name"}, "wa_id": "16315551181"}],
        "messages": [{
          "from": "16315551181",
          "id": "ABGGFlA5Fpa",
          "timestamp": "1504902988",
          "text": {"body": "this is a text message"},
          "type": "text"
        }]
      },
      "field": "messages"
    }]
  }]
})";

std::string text_message(const std::string& id, const std::string& body) {
  return R"({"from":"4915100000000","id":")" + id + R"(","timestamp":"1700000000","type":"text",)" +
         R"("text":{"body":")" + body + R"("}})";
}

std::string change(const std::string& phone_number_id, const std::string& messages) {
  return R"({"field":"messages","value":{"messaging_product":"whatsapp","metadata":{)"
         R"("display_phone_number":"1555","phone_number_id":")" +
         phone_number_id + R"("},"messages":[)" + messages + "]}}";
}

std::string envelope(const std::string& entries) {
  return R"({"object":"whatsapp_business_account","entry":[)" + entries + "]}";
}

std::string entry(const std::string& changes) {
  return R"({"id":"WABA","changes":[)" + changes + "]}";
}

/// A single-message body whose message object is `message`.
std::string with_message(const std::string& message) {
  return envelope(entry(change("pn-1", message)));
}

} // namespace

TEST(whatsapp_webhook, meta_sample_text_message_is_parsed) {
  auto result = parse_whatsapp_webhook(meta_text_sample);
  ASSERT_EQ(result.error, webhook_parse_error::none) << result.detail;
  ASSERT_EQ(result.batch.messages.size(), 1u);
  EXPECT_TRUE(result.batch.statuses.empty());
  const auto& message = result.batch.messages[0];
  EXPECT_EQ(message.phone_number_id, "123456123");
  EXPECT_EQ(message.id, "ABGGFlA5Fpa");
  EXPECT_EQ(message.from, "16315551181");
  EXPECT_EQ(message.type, "text");
  EXPECT_EQ(message.text, "this is a text message");
  EXPECT_EQ(message.timestamp, 1504902988);
}

TEST(whatsapp_webhook, every_entry_change_and_message_is_returned) {
  auto body = envelope(
      entry(change("pn-a", text_message("m1", "one") + "," + text_message("m2", "two")) + "," +
            change("pn-b", text_message("m3", "three"))) +
      "," + entry(change("pn-c", text_message("m4", "four") + "," + text_message("m5", "five"))));
  auto result = parse_whatsapp_webhook(body);
  ASSERT_EQ(result.error, webhook_parse_error::none) << result.detail;
  ASSERT_EQ(result.batch.messages.size(), 5u);
  const char* ids[] = {"m1", "m2", "m3", "m4", "m5"};
  const char* texts[] = {"one", "two", "three", "four", "five"};
  const char* phones[] = {"pn-a", "pn-a", "pn-b", "pn-c", "pn-c"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(result.batch.messages[i].id, ids[i]);
    EXPECT_EQ(result.batch.messages[i].text, texts[i]);
    EXPECT_EQ(result.batch.messages[i].phone_number_id, phones[i]);
  }
}

TEST(whatsapp_webhook, statuses_with_errors_are_returned) {
  auto body = envelope(entry(
      R"({"field":"messages","value":{"messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"1555","phone_number_id":"pn-1"},
        "statuses":[
          {"id":"wamid.A","status":"delivered","timestamp":"1700000001","recipient_id":"49151"},
          {"id":"wamid.B","status":"failed","timestamp":"1700000002","recipient_id":"49152",
           "errors":[{"code":131047,"title":"Re-engagement message"},{"code":1,"title":"x"}]}
        ]}})"));
  auto result = parse_whatsapp_webhook(body);
  ASSERT_EQ(result.error, webhook_parse_error::none) << result.detail;
  EXPECT_TRUE(result.batch.messages.empty());
  ASSERT_EQ(result.batch.statuses.size(), 2u);
  const auto& delivered = result.batch.statuses[0];
  EXPECT_EQ(delivered.phone_number_id, "pn-1");
  EXPECT_EQ(delivered.id, "wamid.A");
  EXPECT_EQ(delivered.status, "delivered");
  EXPECT_EQ(delivered.recipient_id, "49151");
  EXPECT_EQ(delivered.timestamp, 1700000001);
  EXPECT_EQ(delivered.error_code, "");
  const auto& failed = result.batch.statuses[1];
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.error_code, "131047");
  EXPECT_EQ(failed.error_title, "Re-engagement message");
}

TEST(whatsapp_webhook, non_text_types_keep_their_type_and_readable_text) {
  auto message = [](const std::string& id, const std::string& type, const std::string& part) {
    return R"({"from":"49151","id":")" + id + R"(","timestamp":"1","type":")" + type + "\"" +
           (part.empty() ? "" : "," + part) + "}";
  };
  std::string messages =
      message("i", "image",
              R"("image":{"id":"media1","mime_type":"image/jpeg","caption":"my cat"})") +
      "," + message("a", "audio", R"("audio":{"id":"media2","mime_type":"audio/ogg"})") + "," +
      message("d", "document", R"("document":{"id":"m3","filename":"a.pdf","caption":"invoice"})") +
      "," + message("s", "sticker", R"("sticker":{"id":"m4"})") + "," +
      message("l", "location", R"("location":{"latitude":1.5,"longitude":2.5})") + "," +
      message("b", "interactive",
              R"("interactive":{"type":"button_reply","button_reply":{"id":"b1","title":"Yes"}})") +
      "," +
      message("r", "interactive",
              R"("interactive":{"type":"list_reply","list_reply":{"id":"r1","title":"Row one"}})") +
      "," + message("q", "button", R"("button":{"payload":"p","text":"Stop promotions"})") + "," +
      message("e", "reaction", R"("reaction":{"message_id":"wamid.X","emoji":"👍"})") + "," +
      message("c", "contacts", R"("contacts":[{"name":{"formatted_name":"A"}}])") + "," +
      message("u", "unsupported", R"("errors":[{"code":131051,"title":"Unsupported"}])");
  auto result = parse_whatsapp_webhook(envelope(entry(change("pn-1", messages))));
  ASSERT_EQ(result.error, webhook_parse_error::none) << result.detail;
  ASSERT_EQ(result.batch.messages.size(), 11u);
  const std::pair<const char*, const char*> expected[] = {
      {"image", "my cat"},        {"audio", ""},
      {"document", "invoice"},    {"sticker", ""},
      {"location", ""},           {"interactive", "Yes"},
      {"interactive", "Row one"}, {"button", "Stop promotions"},
      {"reaction", "👍"},          {"contacts", ""},
      {"unsupported", ""}};
  for (size_t i = 0; i < 11; ++i) {
    EXPECT_EQ(result.batch.messages[i].type, expected[i].first) << i;
    EXPECT_EQ(result.batch.messages[i].text, expected[i].second) << i;
  }
}

TEST(whatsapp_webhook, other_fields_and_empty_values_give_an_empty_batch) {
  auto account_update = envelope(
      entry(R"({"field":"account_update","value":{"phone_number":"1555","event":"VERIFIED"}})"));
  auto result = parse_whatsapp_webhook(account_update);
  ASSERT_EQ(result.error, webhook_parse_error::none) << result.detail;
  EXPECT_TRUE(result.batch.messages.empty());
  EXPECT_TRUE(result.batch.statuses.empty());

  auto empty_messages = envelope(entry(change("pn-1", "")));
  result = parse_whatsapp_webhook(empty_messages);
  ASSERT_EQ(result.error, webhook_parse_error::none) << result.detail;
  EXPECT_TRUE(result.batch.messages.empty());

  result = parse_whatsapp_webhook(envelope(""));
  ASSERT_EQ(result.error, webhook_parse_error::none) << result.detail;
}

TEST(whatsapp_webhook, malformed_json_is_reported) {
  for (const std::string body :
       {"", "{", "not json", R"({"object":"whatsapp_business_account",)"}) {
    auto result = parse_whatsapp_webhook(body);
    EXPECT_EQ(result.error, webhook_parse_error::malformed_json) << body;
    EXPECT_FALSE(result.detail.empty());
  }
}

TEST(whatsapp_webhook, missing_message_id_names_its_path) {
  auto good = text_message("m1", "ok");
  auto no_id = R"({"from":"49151","timestamp":"1","type":"text","text":{"body":"x"}})";
  auto body =
      envelope(entry(change("pn-1", good) + "," + change("pn-2", good + "," + std::string{no_id})));
  auto result = parse_whatsapp_webhook(body);
  EXPECT_EQ(result.error, webhook_parse_error::missing_field);
  EXPECT_EQ(result.detail, "entry[0].changes[1].value.messages[1].id");
  EXPECT_TRUE(result.batch.messages.empty()) << "a failed body yields nothing";
}

TEST(whatsapp_webhook, other_missing_fields_name_their_paths) {
  auto result = parse_whatsapp_webhook(R"({"object":"whatsapp_business_account"})");
  EXPECT_EQ(result.error, webhook_parse_error::missing_field);
  EXPECT_EQ(result.detail, "entry");

  result = parse_whatsapp_webhook(with_message(R"({"id":"m","timestamp":"1","type":"text"})"));
  EXPECT_EQ(result.error, webhook_parse_error::missing_field);
  EXPECT_EQ(result.detail, "entry[0].changes[0].value.messages[0].from");

  result = parse_whatsapp_webhook(envelope(R"({"id":"WABA"})"));
  EXPECT_EQ(result.error, webhook_parse_error::missing_field);
  EXPECT_EQ(result.detail, "entry[0].changes");

  result = parse_whatsapp_webhook(envelope(
      entry(R"({"field":"messages","value":{"messages":[{"id":"m","from":"1","type":"text"}]}})")));
  EXPECT_EQ(result.error, webhook_parse_error::missing_field);
  EXPECT_EQ(result.detail, "entry[0].changes[0].value.metadata.phone_number_id");

  result = parse_whatsapp_webhook(envelope(entry(
      R"({"field":"messages","value":{"metadata":{"phone_number_id":"p"},"statuses":[{"id":"s"}]}})")));
  EXPECT_EQ(result.error, webhook_parse_error::missing_field);
  EXPECT_EQ(result.detail, "entry[0].changes[0].value.statuses[0].status");
}

TEST(whatsapp_webhook, wrong_or_missing_object_is_not_whatsapp) {
  for (const std::string body : {R"({"object":"page","entry":[]})", R"({"entry":[]})", R"([1,2])",
                                 R"("text")", R"({"object":42,"entry":[]})"}) {
    auto result = parse_whatsapp_webhook(body);
    EXPECT_EQ(result.error, webhook_parse_error::not_whatsapp) << body;
  }
}

TEST(whatsapp_webhook, numeric_or_bad_timestamps_do_not_fail_the_message) {
  auto result = parse_whatsapp_webhook(with_message(
      R"({"id":"a","from":"1","type":"text","timestamp":1700000000,"text":{"body":"x"}})"));
  ASSERT_EQ(result.error, webhook_parse_error::none);
  EXPECT_EQ(result.batch.messages[0].timestamp, 1700000000);
  result = parse_whatsapp_webhook(with_message(
      R"({"id":"a","from":"1","type":"text","timestamp":"soon","text":{"body":"x"}})"));
  ASSERT_EQ(result.error, webhook_parse_error::none);
  EXPECT_EQ(result.batch.messages[0].timestamp, 0);
}
