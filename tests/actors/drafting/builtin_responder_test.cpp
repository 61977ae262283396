#include "actors/drafting/builtin_responder.hpp"

#include <gtest/gtest.h>

namespace crm::drafting {
namespace {

const config::tenant_config& defaults() {
  static const auto tenant = config::default_tenant_config();
  return tenant;
}

const config::intent_rule& rule(std::string_view intent) {
  for (const auto& r : defaults().intent_rules)
    if (r.intent == intent) return r;
  throw std::logic_error("no such rule in the default tenant");
}

TEST(BuiltinResponder,
     one_keyword_picks_the_rule_with_confidence_that_clears_the_default_threshold) {
  auto d = builtin_draft(defaults(), "Hello there");
  EXPECT_EQ(d.intent, "greeting");
  EXPECT_EQ(d.reply, rule("greeting").reply);
  EXPECT_EQ(d.confidence, 82);
  EXPECT_GE(d.confidence, static_cast<int>(defaults().auto_send_threshold));
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_EQ(d.tokens_used, 0);
}

TEST(BuiltinResponder, confidence_rises_with_distinct_keywords) {
  EXPECT_EQ(builtin_draft(defaults(), "I want a refund").confidence, 82);
  EXPECT_EQ(builtin_draft(defaults(), "refund or exchange?").confidence, 90);
  EXPECT_EQ(builtin_draft(defaults(), "refund, exchange or send back").confidence, 95);
  EXPECT_EQ(builtin_draft(defaults(), "return refund exchange send back").confidence, 95);
}

TEST(BuiltinResponder, repeated_keyword_counts_once) {
  EXPECT_EQ(builtin_draft(defaults(), "refund refund REFUND").confidence, 82);
}

TEST(BuiltinResponder, matching_is_case_and_accent_insensitive) {
  auto d = builtin_draft(defaults(), "WHERE IS MY ORDER???");
  EXPECT_EQ(d.intent, "order_status");
  EXPECT_EQ(builtin_draft(defaults(), "Réfund please").intent, "returns");
}

TEST(BuiltinResponder, matching_respects_word_boundaries) {
  // "hi" in "this", "open" in "reopened", "price" in "pricey", "return" in "returned".
  auto d = builtin_draft(defaults(), "this reopened pricey thing got returned");
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.confidence, 0);
}

TEST(BuiltinResponder, multi_word_keywords_match_across_punctuation_and_spacing) {
  auto d = builtin_draft(defaults(), "What are your opening-hours?");
  EXPECT_EQ(d.intent, "opening_hours");
  EXPECT_EQ(d.confidence, 90); // "opening hours" and "hours"
  EXPECT_EQ(builtin_draft(defaults(), "where   is\nmy order").intent, "order_status");
}

TEST(BuiltinResponder, multi_word_keyword_does_not_match_its_words_apart) {
  EXPECT_EQ(builtin_draft(defaults(), "how is my much loved order").intent, "unknown");
}

TEST(BuiltinResponder, most_keyword_hits_wins_over_rule_order) {
  auto d = builtin_draft(defaults(), "Hi, where is my order? The tracking shows no delivery");
  EXPECT_EQ(d.intent, "order_status");
  EXPECT_EQ(d.confidence, 95);
}

TEST(BuiltinResponder, equal_hits_go_to_the_more_specific_match_then_the_earlier_rule) {
  // A greeting with a question is answered about the question.
  EXPECT_EQ(builtin_draft(defaults(), "hello, how much is it").intent, "pricing");
  EXPECT_EQ(builtin_draft(defaults(), "Hi, where is my order?").intent, "order_status");
  // "hours" and "price" are equally specific: the earlier rule (opening_hours) wins.
  EXPECT_EQ(builtin_draft(defaults(), "price hours").intent, "opening_hours");
  EXPECT_EQ(builtin_draft(defaults(), "hours price").intent, "opening_hours");
}

TEST(BuiltinResponder, no_match_gives_holding_reply_with_zero_confidence) {
  auto d = builtin_draft(defaults(), "Can you recommend a good book?");
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.confidence, 0);
  EXPECT_EQ(d.reply, holding_reply);
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_EQ(d.tokens_used, 0);
  EXPECT_FALSE(d.reasoning.empty());
}

TEST(BuiltinResponder, empty_text_and_tenant_without_rules_give_holding_reply) {
  EXPECT_EQ(builtin_draft(defaults(), "").confidence, 0);
  EXPECT_EQ(builtin_draft(defaults(), "   \n ").intent, "unknown");
  config::tenant_config bare;
  auto d = builtin_draft(bare, "hello");
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.reply, holding_reply);
}

TEST(BuiltinResponder, reasoning_names_rule_and_hit_count_without_quoting_the_customer) {
  auto d = builtin_draft(defaults(), "zebracorn wants a refund or exchange");
  EXPECT_NE(d.reasoning.find("returns"), std::string::npos) << d.reasoning;
  EXPECT_NE(d.reasoning.find("2 keywords"), std::string::npos) << d.reasoning;
  EXPECT_EQ(d.reasoning.find("zebracorn"), std::string::npos) << d.reasoning;
}

TEST(BuiltinResponder, keywords_without_words_never_match) {
  config::tenant_config t;
  t.intent_rules = {{"noise", {"!!!", " "}, "noise reply"}, {"help", {"help"}, "help reply"}};
  EXPECT_EQ(builtin_draft(t, "anything at all !!!").intent, "unknown");
  EXPECT_EQ(builtin_draft(t, "help !!!").intent, "help");
}

TEST(BuiltinResponder, custom_rules_with_punctuated_keywords) {
  config::tenant_config t;
  t.intent_rules = {{"gift_card", {"gift-card", "voucher"}, "Gift cards never expire."},
                    {"wifi", {"wi-fi", "wifi"}, "The Wi-Fi password is on your receipt."}};
  auto d = builtin_draft(t, "Is my Gift Card still valid?");
  EXPECT_EQ(d.intent, "gift_card");
  EXPECT_EQ(d.reply, "Gift cards never expire.");
  EXPECT_EQ(builtin_draft(t, "what's the WI-FI password").intent, "wifi");
}

} // namespace
} // namespace crm::drafting
