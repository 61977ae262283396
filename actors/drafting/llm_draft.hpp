#pragma once

// What a drafter produces for one customer message: the LLM's (or the built-in responder's)
// proposed reply and the evidence the decision table needs.

#include <cstdint>
#include <string>

namespace crm::drafting {

/// One draft reply. Defaults are the safe ones: a draft without a stated confidence has 0 and
/// goes to human review.
struct llm_draft {
  std::string reply;              ///< Text proposed for the customer.
  std::string intent;             ///< One of the tenant's intents, or "unknown".
  std::string scope = "in_scope"; ///< "in_scope" | "out_of_scope".
  int confidence = 0;             ///< 0-100.
  std::string reasoning;          ///< One sentence for the reviewer; never shown to the customer.
  int64_t tokens_used = 0;        ///< usage.total_tokens of the completion (0 for built-in).
};

} // namespace crm::drafting
