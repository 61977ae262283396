#include "actors/drafting/decision.hpp"

namespace crm::drafting {

namespace {

decision review(std::string reason) {
  return {"pending_review", std::move(reason), {}};
}

decision route(const decision_input& in) {
  // A human owns the conversation: nothing automatic may reach the customer.
  if (in.human_takeover) return review("human_takeover");
  if (in.failure == draft_failure::overloaded) return review("llm_overloaded");
  if (in.failure == draft_failure::error || in.draft == nullptr) return review("llm_error");
  // Before scope: a flagged draft must not be sent, not even replaced by the out-of-scope reply,
  // because a human should see what the model tried to say.
  if (in.draft_flagged) return review("draft_flagged");
  if (in.draft->scope == "out_of_scope") return {"out_of_scope", {}, {}};
  if (in.draft->confidence >= 0 &&
      static_cast<uint32_t>(in.draft->confidence) >= in.auto_send_threshold)
    return {"auto_approved", {}, {}};
  return review("low_confidence");
}

} // namespace

decision decide(const decision_input& in) {
  decision result = route(in);
  result.status =
      in.latency_ms > static_cast<int64_t>(in.latency_budget_ms) ? "Latency_Violation" : "Passed";
  return result;
}

} // namespace crm::drafting
