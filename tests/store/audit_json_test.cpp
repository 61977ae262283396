#include "store/audit_json.hpp"

#include "store/errc.hpp"
#include "store_fixture.hpp"

#include <gtest/gtest.h>

using namespace crm::store;
using crm::store::testing::make_record;

namespace {

audit_record full_record() {
  audit_record r = make_record("tok-1", "drafted");
  r.seq = 42;
  r.output_message = "It ships tomorrow.";
  r.intent = "order_status";
  r.latency_ms = 812;
  r.tokens_used = 123;
  r.reasoning = "asks about an order";
  r.triggered_keywords = {"order", "ship"};
  r.config_version = 7;
  r.message_id = "wamid.ABC";
  r.reason = "low_confidence";
  r.prev_hash = std::string(64, 'a');
  r.hash = std::string(64, 'b');
  return r;
}

} // namespace

TEST(audit_json, parse_of_rendering_gives_the_same_record) {
  auto r = full_record();
  audit_record back;
  ASSERT_FALSE(parse_audit_json(to_json(r), back));
  EXPECT_EQ(back.seq, r.seq);
  EXPECT_EQ(back.at_ms, r.at_ms);
  EXPECT_EQ(back.tenant, r.tenant);
  EXPECT_EQ(back.client_id, r.client_id);
  EXPECT_EQ(back.event_token, r.event_token);
  EXPECT_EQ(back.state, r.state);
  EXPECT_EQ(back.input_message, r.input_message);
  EXPECT_EQ(back.output_message, r.output_message);
  EXPECT_EQ(back.intent, r.intent);
  EXPECT_EQ(back.classification, r.classification);
  EXPECT_EQ(back.confidence, r.confidence);
  EXPECT_EQ(back.latency_ms, r.latency_ms);
  EXPECT_EQ(back.tokens_used, r.tokens_used);
  EXPECT_EQ(back.status, r.status);
  EXPECT_EQ(back.reasoning, r.reasoning);
  EXPECT_EQ(back.triggered_keywords, r.triggered_keywords);
  EXPECT_EQ(back.config_version, r.config_version);
  EXPECT_EQ(back.channel, r.channel);
  EXPECT_EQ(back.message_id, r.message_id);
  EXPECT_EQ(back.reason, r.reason);
  EXPECT_EQ(back.actor, r.actor);
  EXPECT_EQ(back.prev_hash, r.prev_hash);
  EXPECT_EQ(back.hash, r.hash);
}

TEST(audit_json, rendering_has_fixed_member_order_and_iso_time) {
  auto r = full_record();
  r.at_ms = 1'714'555'800'123; // 2024-05-01T09:30:00.123Z
  auto json = to_json(r);
  EXPECT_EQ(json.rfind("{\"seq\":42,\"at_ms\":1714555800123,\"at\":\"2024-05-01T09:30:00.123Z\","
                       "\"tenant\":\"default\",\"client_id\":\"c1\",",
                       0),
            0u)
      << json;
  auto pos = [&json](const char* name) { return json.find(std::string{"\""} + name + "\":"); };
  const char* order[] = {"seq",
                         "at_ms",
                         "at",
                         "tenant",
                         "client_id",
                         "event_token",
                         "state",
                         "input_message",
                         "output_message",
                         "intent",
                         "classification",
                         "confidence",
                         "latency_ms",
                         "tokens_used",
                         "status",
                         "reasoning",
                         "triggered_keywords",
                         "config_version",
                         "channel",
                         "message_id",
                         "reason",
                         "actor",
                         "prev_hash",
                         "hash"};
  for (size_t i = 1; i < std::size(order); ++i)
    EXPECT_LT(pos(order[i - 1]), pos(order[i])) << order[i];
  EXPECT_EQ(json.back(), '}');
}

TEST(audit_json, rendering_is_stable_across_parse_and_render) {
  auto r = full_record();
  r.input_message = "quote \" backslash \\ newline \n tab \t nul " + std::string(1, '\0') +
                    " bell \x07 emoji \xF0\x9F\x98\x80 accents \xC3\xA9";
  auto first = to_json(r);
  audit_record back;
  ASSERT_FALSE(parse_audit_json(first, back));
  EXPECT_EQ(back.input_message, r.input_message);
  EXPECT_EQ(to_json(back), first);
}

TEST(audit_json, invalid_utf8_is_replaced_so_output_stays_json) {
  auto r = full_record();
  r.input_message = std::string("bad \xC3 lone \xFF surrogate \xED\xA0\x80 end");
  auto json = to_json(r);
  audit_record back;
  ASSERT_FALSE(parse_audit_json(json, back));
  EXPECT_EQ(back.input_message.find('\xFF'), std::string::npos);
  EXPECT_NE(back.input_message.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_EQ(to_json(back), json);
}

TEST(audit_json, without_hash_drops_only_the_hash_member) {
  auto r = full_record();
  auto with = to_json(r);
  auto without = to_json_without_hash(r);
  EXPECT_EQ(without.find("\"hash\":"), std::string::npos);
  EXPECT_NE(without.find("\"prev_hash\":"), std::string::npos);
  EXPECT_EQ(with, without.substr(0, without.size() - 1) + ",\"hash\":\"" + r.hash + "\"}");
}

TEST(audit_json, malformed_or_mistyped_input_is_a_corrupt_record) {
  audit_record out;
  EXPECT_EQ(parse_audit_json("", out), errc::corrupt_record);
  EXPECT_EQ(parse_audit_json("[1,2]", out), errc::corrupt_record);
  EXPECT_EQ(parse_audit_json("{\"seq\":\"one\"}", out), errc::corrupt_record);
  EXPECT_EQ(parse_audit_json("{\"seq\":-1}", out), errc::corrupt_record);
  EXPECT_EQ(parse_audit_json("{\"confidence\":99999999999}", out), errc::corrupt_record);
  EXPECT_EQ(parse_audit_json("{\"triggered_keywords\":[1]}", out), errc::corrupt_record);
  EXPECT_EQ(parse_audit_json("{\"tenant\":null}", out), errc::corrupt_record);
  EXPECT_EQ(parse_audit_json("{\"seq\":1", out), errc::corrupt_record);
}

TEST(audit_json, large_unsigned_values_round_trip) {
  audit_record r;
  r.seq = UINT64_MAX;
  r.config_version = UINT64_MAX - 1;
  r.at_ms = -1;
  audit_record back;
  ASSERT_FALSE(parse_audit_json(to_json(r), back));
  EXPECT_EQ(back.seq, UINT64_MAX);
  EXPECT_EQ(back.config_version, UINT64_MAX - 1);
  EXPECT_EQ(back.at_ms, -1);
}

TEST(audit_json, iso8601_covers_epoch_negative_and_out_of_range_times) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601_utc(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(iso8601_utc(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(iso8601_utc(INT64_MAX), "");
  EXPECT_EQ(iso8601_utc(INT64_MIN), "");
}
