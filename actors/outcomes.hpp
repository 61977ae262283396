#pragma once

// What each step of a message's way through its conversation writes: the audit records of its
// transitions (API.md "States and audit") and the settlement that ends its stay (its review or
// its send, committed with its last records). Pure functions, so every outcome is unit-tested
// without actors.

#include "actors/drafting/decision.hpp"
#include "actors/messages.hpp"
#include "config/tenant_config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace crm {

/// The audit records screening produces for one message: `screened`, plus `blocked` or
/// `out_of_scope` (carrying the tenant's canned answer) when the verdict flags it.
std::vector<store::audit_record> screening_records(const store::inbound_message& message,
                                                   const screen_verdict& verdict,
                                                   const std::string& canned_answer,
                                                   int64_t now_ms);

/// A flagged message: its screening records and the send of the canned answer (zero-echo: the
/// tenant's own words, never the customer's).
store::settlement flagged_settlement(const store::inbound_message& message,
                                     const screen_verdict& verdict,
                                     const std::string& canned_answer, int64_t now_ms);

/// The `drafting` record that follows `screened` for an in-scope message (`reason` says why it is
/// drafted again after a restart: `resumed`).
store::audit_record drafting_record(const store::inbound_message& message, uint64_t config_version,
                                    const std::string& reason, int64_t now_ms);

/// Everything the decision on a draft needs besides the message.
struct draft_outcome {
  draft_result draft;           ///< The pool's (or built-in responder's) answer.
  screen_verdict draft_verdict; ///< The output guardrail's verdict on draft.reply.
  drafting::decision decision;  ///< decide() applied to both.
  int64_t end_to_end_ms = 0;    ///< From acceptance to the decision.
  uint64_t config_version = 0;  ///< The tenant config the draft was made under.
};

/// The decision on a drafted message: `drafted` (when there is a draft) then `auto_approved`
/// (send the draft), `out_of_scope` (send the tenant's out-of-scope reply) or `pending_review`
/// (a review row that expires after the tenant's review_ttl_s).
store::settlement decision_settlement(const store::inbound_message& message,
                                      const draft_outcome& outcome,
                                      const config::tenant_config& tenant, int64_t now_ms);

/// A message with nothing to screen (media without a caption): straight to a human,
/// reason `unsupported_type`.
store::settlement unsupported_settlement(const store::inbound_message& message,
                                         const config::tenant_config& tenant, int64_t now_ms);

/// A message that arrives (or is being drafted) while a human has the conversation: its
/// screening record (when `verdict` is given) and `pending_review` with reason `human_takeover`;
/// nothing is drafted or sent.
store::settlement takeover_settlement(const store::inbound_message& message,
                                      const screen_verdict* verdict,
                                      const config::tenant_config& tenant, int64_t now_ms);

/// A message whose last record is already final (settled by a build that left its inbox row):
/// only the inbox row goes.
store::settlement silent_settlement(const store::inbound_message& message);

/// Whether a message whose last audit record entered `state` has left its conversation.
bool is_settled_state(const std::string& state);

} // namespace crm
