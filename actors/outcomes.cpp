#include "actors/outcomes.hpp"

#include "actors/audit_writer.hpp"

namespace crm {

namespace {

store::outbox_row send_of(const store::inbound_message& message, std::string text, std::string kind,
                          int64_t now_ms) {
  store::outbox_row send;
  send.event_token = message.event_token;
  send.tenant = message.tenant;
  send.customer_id = message.customer_id;
  send.channel = message.channel;
  send.text = std::move(text);
  send.kind = std::move(kind);
  send.created_at_ms = now_ms;
  return send;
}

store::review_row review_of(const store::inbound_message& message,
                            const config::tenant_config& tenant, int64_t now_ms) {
  store::review_row review;
  review.event_token = message.event_token;
  review.tenant = message.tenant;
  review.customer_id = message.customer_id;
  review.channel = message.channel;
  review.input_message = message.text;
  review.created_at_ms = now_ms;
  review.expires_at_ms = now_ms + int64_t{tenant.review_ttl_s} * 1000;
  return review;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (auto& item : items)
    out += (out.empty() ? "" : ",") + item;
  return out;
}

} // namespace

std::vector<store::audit_record> screening_records(const store::inbound_message& message,
                                                   const screen_verdict& verdict,
                                                   const std::string& canned_answer,
                                                   int64_t now_ms) {
  auto screened = record_for(message, "screened", now_ms);
  screened.classification = verdict.classification;
  screened.confidence = 100; // deterministic rules: certain of what they matched
  screened.latency_ms = now_ms - message.received_at_ms;
  screened.status = verdict.flagged() ? "Blocked" : "Passed";
  screened.triggered_keywords = verdict.triggered_keywords;
  screened.config_version = verdict.config_version;
  screened.reasoning = verdict.flagged() ? "guardrail matched: " + joined(verdict.categories)
                                         : "guardrail: no match";
  if (verdict.scan_failed) screened.reason = "scan_failed";
  std::vector<store::audit_record> records{screened};
  if (verdict.flagged()) {
    auto answer = screened;
    answer.state = verdict.classification == "out_of_scope" ? "out_of_scope" : "blocked";
    answer.output_message = canned_answer; // the tenant's own words, never the customer's
    records.push_back(std::move(answer));
  }
  return records;
}

store::settlement flagged_settlement(const store::inbound_message& message,
                                     const screen_verdict& verdict,
                                     const std::string& canned_answer, int64_t now_ms) {
  store::settlement s;
  s.event_token = message.event_token;
  s.records = screening_records(message, verdict, canned_answer, now_ms);
  const auto& answer = s.records.back();
  if (!canned_answer.empty())
    s.sends.push_back(send_of(message, canned_answer, answer.state, now_ms));
  return s;
}

store::audit_record drafting_record(const store::inbound_message& message, uint64_t config_version,
                                    const std::string& reason, int64_t now_ms) {
  auto drafting = record_for(message, "drafting", now_ms);
  drafting.classification = "in_scope";
  drafting.config_version = config_version;
  drafting.reason = reason;
  return drafting;
}

store::settlement decision_settlement(const store::inbound_message& message,
                                      const draft_outcome& outcome,
                                      const config::tenant_config& tenant, int64_t now_ms) {
  const auto& draft = outcome.draft;
  const auto& decision = outcome.decision;
  store::settlement s;
  s.event_token = message.event_token;
  auto base = record_for(message, "drafted", now_ms);
  base.config_version = outcome.config_version;
  if (draft.ok()) {
    auto drafted = base;
    drafted.output_message = draft.reply;
    drafted.intent = draft.intent;
    drafted.classification = draft.scope;
    drafted.confidence = draft.confidence;
    drafted.latency_ms = draft.latency_ms;
    drafted.tokens_used = draft.tokens_used;
    drafted.reasoning = draft.reasoning;
    drafted.status = decision.status;
    if (outcome.draft_verdict.flagged()) {
      drafted.triggered_keywords = outcome.draft_verdict.triggered_keywords;
      drafted.reason = "draft_flagged:" + joined(outcome.draft_verdict.categories);
    }
    s.records.push_back(std::move(drafted));
  }
  auto last = base;
  last.state = decision.state;
  last.status = decision.status;
  last.latency_ms = outcome.end_to_end_ms;
  last.tokens_used = draft.tokens_used;
  last.intent = draft.intent;
  last.confidence = draft.confidence;
  last.classification = decision.state == "out_of_scope" ? "out_of_scope" : "in_scope";
  last.reason = decision.reason;
  if (decision.state == "auto_approved") {
    last.output_message = draft.reply;
    s.sends.push_back(send_of(message, draft.reply, "auto_approved", now_ms));
  } else if (decision.state == "out_of_scope") {
    last.output_message = tenant.out_of_scope_response;
    s.sends.push_back(send_of(message, tenant.out_of_scope_response, "out_of_scope", now_ms));
  } else {
    last.reasoning = draft.ok() ? draft.reasoning : draft.detail;
    auto review = review_of(message, tenant, now_ms);
    review.draft = draft.reply;
    review.intent = draft.intent;
    review.classification = draft.ok() ? draft.scope : "in_scope";
    review.confidence = draft.confidence;
    review.reasoning = last.reasoning;
    review.reason = decision.reason;
    review.triggered_keywords = outcome.draft_verdict.triggered_keywords;
    s.reviews.push_back(std::move(review));
  }
  s.records.push_back(std::move(last));
  return s;
}

store::settlement unsupported_settlement(const store::inbound_message& message,
                                         const config::tenant_config& tenant, int64_t now_ms) {
  store::settlement s;
  s.event_token = message.event_token;
  auto record = record_for(message, "pending_review", now_ms);
  record.reason = "unsupported_type";
  record.reasoning = "a " + message.type + " message has no text to screen or draft from";
  record.latency_ms = now_ms - message.received_at_ms;
  s.records.push_back(record);
  auto review = review_of(message, tenant, now_ms);
  review.reason = "unsupported_type";
  review.reasoning = record.reasoning;
  s.reviews.push_back(std::move(review));
  return s;
}

store::settlement takeover_settlement(const store::inbound_message& message,
                                      const screen_verdict* verdict,
                                      const config::tenant_config& tenant, int64_t now_ms) {
  store::settlement s;
  s.event_token = message.event_token;
  if (verdict) s.records.push_back(screening_records(message, *verdict, "", now_ms).front());
  auto record = record_for(message, "pending_review", now_ms);
  record.reason = "human_takeover";
  record.reasoning = "a human has taken this conversation over";
  record.latency_ms = now_ms - message.received_at_ms;
  if (verdict) {
    record.classification = verdict->classification;
    record.triggered_keywords = verdict->triggered_keywords;
    record.config_version = verdict->config_version;
  }
  s.records.push_back(record);
  auto review = review_of(message, tenant, now_ms);
  review.reason = "human_takeover";
  review.reasoning = record.reasoning;
  review.classification = verdict ? verdict->classification : "in_scope";
  if (verdict) review.triggered_keywords = verdict->triggered_keywords;
  s.reviews.push_back(std::move(review));
  return s;
}

store::settlement silent_settlement(const store::inbound_message& message) {
  store::settlement s;
  s.event_token = message.event_token;
  return s;
}

bool is_settled_state(const std::string& state) {
  return state != "received" && state != "screened" && state != "drafting" && state != "drafted";
}

} // namespace crm
