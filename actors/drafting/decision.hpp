#pragma once

// What happens to a draft: sent automatically, sent as the out-of-scope reply, or put in front
// of a human, and why (API.md "States and audit", review `reason`).

#include "actors/drafting/llm_draft.hpp"

#include <cstdint>
#include <string>

namespace crm::drafting {

/// Why there is no draft.
enum class draft_failure { none, overloaded, error };

/// Everything the decision depends on; the caller gathers it, `decide` is a pure table.
struct decision_input {
  const llm_draft* draft = nullptr; ///< Null when failure != none.
  draft_failure failure = draft_failure::none;
  bool draft_flagged = false; ///< The output guardrail flagged the draft text.
  uint32_t auto_send_threshold = 80;
  int64_t latency_ms = 0;
  uint32_t latency_budget_ms = 5'000;
  bool human_takeover = false;
};

struct decision {
  std::string state;  ///< "auto_approved" | "pending_review" | "out_of_scope"
  std::string reason; ///< Review reason: low_confidence | draft_flagged | llm_overloaded |
                      ///< llm_error | human_takeover; empty unless pending_review.
  std::string status; ///< Audit status: "Passed" or "Latency_Violation" (latency_ms > budget).
};

/// The decision table, first match wins: takeover => review(human_takeover); overloaded =>
/// review(llm_overloaded); error (or no draft) => review(llm_error); flagged draft =>
/// review(draft_flagged), before scope, so a flagged draft is never sent as anything; LLM says
/// out_of_scope => out_of_scope (the tenant's out-of-scope reply is sent); confidence >=
/// threshold => auto_approved; else review(low_confidence).
decision decide(const decision_input& in);

} // namespace crm::drafting
