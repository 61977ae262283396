#include "actors/drafting/decision.hpp"

#include <gtest/gtest.h>

namespace crm::drafting {
namespace {

llm_draft draft(int confidence, std::string scope = "in_scope") {
  llm_draft d;
  d.reply = "Your order ships tomorrow.";
  d.intent = "order_status";
  d.scope = std::move(scope);
  d.confidence = confidence;
  return d;
}

decision_input with(const llm_draft& d) {
  decision_input in;
  in.draft = &d;
  return in;
}

void expect_review(const decision& got, const std::string& reason) {
  EXPECT_EQ(got.state, "pending_review");
  EXPECT_EQ(got.reason, reason);
}

TEST(Decision, confident_in_scope_draft_is_auto_approved) {
  auto d = draft(95);
  auto got = decide(with(d));
  EXPECT_EQ(got.state, "auto_approved");
  EXPECT_EQ(got.reason, "");
  EXPECT_EQ(got.status, "Passed");
}

TEST(Decision, confidence_equal_to_threshold_is_auto_approved) {
  auto d = draft(80);
  EXPECT_EQ(decide(with(d)).state, "auto_approved");
}

TEST(Decision, confidence_below_threshold_goes_to_review_as_low_confidence) {
  auto d = draft(79);
  expect_review(decide(with(d)), "low_confidence");
}

TEST(Decision, threshold_comes_from_the_input) {
  auto d = draft(85);
  auto in = with(d);
  in.auto_send_threshold = 90;
  expect_review(decide(in), "low_confidence");
  in.auto_send_threshold = 0;
  EXPECT_EQ(decide(in).state, "auto_approved");
}

TEST(Decision, threshold_above_100_never_auto_approves) {
  auto d = draft(100);
  auto in = with(d);
  in.auto_send_threshold = 101;
  expect_review(decide(in), "low_confidence");
}

TEST(Decision, zero_confidence_goes_to_review) {
  auto d = draft(0);
  expect_review(decide(with(d)), "low_confidence");
}

TEST(Decision, out_of_scope_draft_becomes_out_of_scope_regardless_of_confidence) {
  for (int confidence : {0, 50, 100}) {
    auto d = draft(confidence, "out_of_scope");
    auto got = decide(with(d));
    EXPECT_EQ(got.state, "out_of_scope") << confidence;
    EXPECT_EQ(got.reason, "");
  }
}

TEST(Decision, flagged_draft_goes_to_review_even_when_confident) {
  auto d = draft(99);
  auto in = with(d);
  in.draft_flagged = true;
  expect_review(decide(in), "draft_flagged");
}

TEST(Decision, flagged_draft_is_checked_before_scope) {
  auto d = draft(99, "out_of_scope");
  auto in = with(d);
  in.draft_flagged = true;
  expect_review(decide(in), "draft_flagged");
}

TEST(Decision, overloaded_llm_goes_to_review) {
  decision_input in;
  in.failure = draft_failure::overloaded;
  expect_review(decide(in), "llm_overloaded");
}

TEST(Decision, llm_error_goes_to_review) {
  decision_input in;
  in.failure = draft_failure::error;
  expect_review(decide(in), "llm_error");
}

TEST(Decision, missing_draft_without_failure_is_treated_as_llm_error) {
  decision_input in;
  expect_review(decide(in), "llm_error");
}

TEST(Decision, human_takeover_wins_over_everything) {
  auto d = draft(100);
  auto in = with(d);
  in.human_takeover = true;
  expect_review(decide(in), "human_takeover");
  in.draft_flagged = true;
  expect_review(decide(in), "human_takeover");
  decision_input failed;
  failed.human_takeover = true;
  failed.failure = draft_failure::overloaded;
  expect_review(decide(failed), "human_takeover");
}

TEST(Decision, overloaded_wins_over_error_flags) {
  decision_input in;
  in.failure = draft_failure::overloaded;
  in.draft_flagged = true;
  expect_review(decide(in), "llm_overloaded");
}

TEST(Decision, latency_over_budget_sets_latency_violation_status_without_changing_state) {
  auto d = draft(95);
  auto in = with(d);
  in.latency_budget_ms = 5'000;
  in.latency_ms = 5'000;
  EXPECT_EQ(decide(in).status, "Passed");
  in.latency_ms = 5'001;
  auto got = decide(in);
  EXPECT_EQ(got.status, "Latency_Violation");
  EXPECT_EQ(got.state, "auto_approved");
}

TEST(Decision, latency_status_applies_to_reviews_too) {
  decision_input in;
  in.failure = draft_failure::error;
  in.latency_ms = 30'000;
  auto got = decide(in);
  EXPECT_EQ(got.state, "pending_review");
  EXPECT_EQ(got.status, "Latency_Violation");
}

} // namespace
} // namespace crm::drafting
