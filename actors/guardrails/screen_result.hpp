#pragma once

// What screening says about one text: the classification, the restricted domains it touched and
// the canonical keywords behind them (never the user's own words), plus the canned reply a
// flagged message gets.

#include "config/tenant_config.hpp"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::guardrails {

/// Ordered by severity: a text gets the highest class any of its matches earns.
enum class classification : uint8_t { in_scope, out_of_scope, security_violation };

/// Where a triggered keyword comes from. The four restricted domains give
/// `security_violation`; `forbidden` (the tenant's forbidden topics) gives `out_of_scope`.
enum class category : uint8_t { political, legal, medical, injection, forbidden };

/// `security_violation`, `out_of_scope`, `in_scope` (the API's spelling).
std::string_view to_string(classification value);

/// `political`, `legal`, `medical`, `injection`, `forbidden`.
std::string_view to_string(category value);

/// One reason a text was flagged: the canonical keyword of a list entry (or the tenant's own
/// forbidden topic as configured), with its category.
struct triggered_keyword {
  category domain;
  std::string keyword;

  auto operator<=>(const triggered_keyword&) const = default;
};

struct screen_result {
  classification verdict = classification::in_scope;
  /// Unique, in the order of the `category` enum.
  std::vector<category> categories;
  /// Unique, sorted by category then keyword.
  std::vector<triggered_keyword> triggered_keywords;
  /// Hyperscan failed (out of memory); the verdict is then `security_violation`: screening
  /// fails closed.
  bool scan_failed = false;

  bool flagged() const { return verdict != classification::in_scope; }
};

/// The tenant's canned reply for a verdict: `neutral_response` for `security_violation`,
/// `out_of_scope_response` for `out_of_scope`, nullptr for `in_scope` (the caller drafts).
const std::string* canned_response(classification verdict, const config::tenant_config& tenant);

} // namespace crm::guardrails
