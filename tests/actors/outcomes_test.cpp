// What each outcome of a message writes: records, review rows and sends (actors/outcomes.hpp).

#include "actors/outcomes.hpp"

#include <gtest/gtest.h>

using namespace crm;

namespace {

store::inbound_message message() {
  store::inbound_message m;
  m.event_token = "tok-1";
  m.tenant = "default";
  m.channel = "whatsapp";
  m.message_id = "wamid.1";
  m.customer_id = "555";
  m.type = "text";
  m.text = "How much is shipping?";
  m.received_at_ms = 1'000;
  return m;
}

draft_outcome drafted(const std::string& state, const std::string& reason = {}) {
  draft_outcome o;
  o.draft.reply = "Shipping is free over 50 EUR.";
  o.draft.intent = "pricing";
  o.draft.confidence = 91;
  o.draft.tokens_used = 120;
  o.draft.latency_ms = 300;
  o.draft.reasoning = "pricing question";
  o.decision.state = state;
  o.decision.reason = reason;
  o.decision.status = "Passed";
  o.end_to_end_ms = 350;
  o.config_version = 4;
  return o;
}

} // namespace

TEST(outcomes, an_auto_approved_draft_is_recorded_and_sent_in_one_settlement) {
  auto tenant = config::default_tenant_config();
  auto s = decision_settlement(message(), drafted("auto_approved"), tenant, 2'000);
  EXPECT_EQ(s.event_token, "tok-1");
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].state, "drafted");
  EXPECT_EQ(s.records[0].output_message, "Shipping is free over 50 EUR.");
  EXPECT_EQ(s.records[0].tokens_used, 120);
  EXPECT_EQ(s.records[0].latency_ms, 300);
  EXPECT_EQ(s.records[0].config_version, 4u);
  EXPECT_EQ(s.records[1].state, "auto_approved");
  EXPECT_EQ(s.records[1].latency_ms, 350);
  ASSERT_EQ(s.sends.size(), 1u);
  EXPECT_EQ(s.sends[0].text, "Shipping is free over 50 EUR.");
  EXPECT_EQ(s.sends[0].channel, "whatsapp");
  EXPECT_EQ(s.sends[0].customer_id, "555");
  EXPECT_TRUE(s.reviews.empty());
}

TEST(outcomes, a_reviewed_draft_gets_a_review_row_that_expires_after_the_ttl) {
  auto tenant = config::default_tenant_config();
  tenant.review_ttl_s = 60;
  auto outcome = drafted("pending_review", "draft_flagged");
  outcome.draft_verdict.classification = "security_violation";
  outcome.draft_verdict.categories = {"political"};
  outcome.draft_verdict.triggered_keywords = {"election"};
  auto s = decision_settlement(message(), outcome, tenant, 2'000);
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].triggered_keywords, std::vector<std::string>{"election"});
  EXPECT_EQ(s.records[0].reason, "draft_flagged:political");
  EXPECT_EQ(s.records[1].state, "pending_review");
  EXPECT_EQ(s.records[1].reason, "draft_flagged");
  EXPECT_TRUE(s.records[1].output_message.empty()); // nothing was sent
  EXPECT_TRUE(s.sends.empty());
  ASSERT_EQ(s.reviews.size(), 1u);
  EXPECT_EQ(s.reviews[0].reason, "draft_flagged");
  EXPECT_EQ(s.reviews[0].draft, "Shipping is free over 50 EUR.");
  EXPECT_EQ(s.reviews[0].input_message, "How much is shipping?");
  EXPECT_EQ(s.reviews[0].expires_at_ms, 62'000);
}

TEST(outcomes, a_failed_draft_has_no_drafted_record_and_says_why_in_the_review) {
  auto tenant = config::default_tenant_config();
  draft_outcome outcome;
  outcome.draft.failure = "llm_error";
  outcome.draft.detail = "HTTP status 500";
  outcome.decision = {"pending_review", "llm_error", "Passed"};
  auto s = decision_settlement(message(), outcome, tenant, 2'000);
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].state, "pending_review");
  EXPECT_EQ(s.records[0].reason, "llm_error");
  EXPECT_EQ(s.records[0].reasoning, "HTTP status 500");
  ASSERT_EQ(s.reviews.size(), 1u);
  EXPECT_TRUE(s.reviews[0].draft.empty());
}

TEST(outcomes, the_llm_saying_out_of_scope_sends_the_tenants_reply_not_the_draft) {
  auto tenant = config::default_tenant_config();
  auto s = decision_settlement(message(), drafted("out_of_scope"), tenant, 2'000);
  ASSERT_EQ(s.sends.size(), 1u);
  EXPECT_EQ(s.sends[0].text, tenant.out_of_scope_response);
  EXPECT_EQ(s.sends[0].kind, "out_of_scope");
  EXPECT_EQ(s.records.back().output_message, tenant.out_of_scope_response);
  EXPECT_EQ(s.records.back().classification, "out_of_scope");
}

TEST(outcomes, a_flagged_message_sends_only_the_canned_answer) {
  screen_verdict verdict;
  verdict.classification = "security_violation";
  verdict.categories = {"injection"};
  verdict.triggered_keywords = {"ignore previous instructions"};
  auto s = flagged_settlement(message(), verdict, "Neutral.", 2'000);
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].state, "screened");
  EXPECT_EQ(s.records[1].state, "blocked");
  ASSERT_EQ(s.sends.size(), 1u);
  EXPECT_EQ(s.sends[0].text, "Neutral.");
  EXPECT_EQ(s.sends[0].kind, "blocked");
}

TEST(outcomes, a_message_without_text_goes_to_review_as_unsupported) {
  auto m = message();
  m.type = "audio";
  m.text.clear();
  auto s = unsupported_settlement(m, config::default_tenant_config(), 2'000);
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0].state, "pending_review");
  EXPECT_EQ(s.records[0].reason, "unsupported_type");
  ASSERT_EQ(s.reviews.size(), 1u);
  EXPECT_EQ(s.reviews[0].reason, "unsupported_type");
}

TEST(outcomes, only_the_states_before_a_decision_are_unsettled) {
  for (auto state : {"received", "screened", "drafting", "drafted"})
    EXPECT_FALSE(is_settled_state(state)) << state;
  for (auto state : {"blocked", "out_of_scope", "auto_approved", "pending_review", "sent"})
    EXPECT_TRUE(is_settled_state(state)) << state;
}
