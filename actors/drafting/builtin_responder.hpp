#pragma once

// The built-in responder: keyword rules from the tenant's config, for tenants with no LLM.

#include "actors/drafting/llm_draft.hpp"
#include "config/tenant_config.hpp"

#include <string_view>

namespace crm::drafting {

/// The reply when no rule matches; it promises a human, so it is safe even if sent.
inline constexpr std::string_view holding_reply =
    "Thanks for your message \xe2\x80\x94 a member of our team will get back to you shortly.";

/// Confidence for a rule matched by 1, 2 and 3+ distinct keywords. One clear keyword clears the
/// default auto_send_threshold (80); more keywords are more evidence.
inline constexpr int confidence_one_keyword = 82;
inline constexpr int confidence_two_keywords = 90;
inline constexpr int confidence_many_keywords = 95;

/// The built-in responder for tenants with no LLM: matches the tenant's intent_rules keywords
/// (case-insensitive, word-boundary, multi-word keywords allowed) in the text; best rule wins
/// (most distinct keyword hits, then longest matched keywords, then earlier rule); reply = that
/// rule's reply; confidence from the evidence (1 hit => 82, 2 => 90, 3+ => 95), intent = rule's
/// intent, scope in_scope,
/// tokens 0, reasoning names the rule and the number of keywords (never quotes the customer).
/// No match: intent "unknown", confidence 0 and `holding_reply`, so it goes to human review.
llm_draft builtin_draft(const config::tenant_config& tenant, std::string_view text);

} // namespace crm::drafting
