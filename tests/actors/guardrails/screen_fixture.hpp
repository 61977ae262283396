#pragma once

// Shared helpers for the guardrail tests: compile a tenant, screen a text.

#include "actors/guardrails/guard_db.hpp"
#include "actors/guardrails/scanner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

namespace crm::guardrails::test {

/// Compiles `tenant`, failing the test on an error.
inline std::shared_ptr<const guard_db> compile_or_fail(const config::tenant_config& tenant) {
  compile_result compiled = compile_guard_db(tenant);
  EXPECT_FALSE(compiled.error) << compiled.error->field << ": " << compiled.error->detail;
  return compiled.db;
}

/// The default tenant's database, compiled once per test binary.
inline const guard_db& default_db() {
  static const std::shared_ptr<const guard_db> db = compile_or_fail(config::tenant_config{});
  return *db;
}

/// Screens `text` against the default tenant.
inline screen_result screen(std::string_view text) {
  static thread_local scanner scan;
  return scan.scan(default_db(), text);
}

inline bool has_category(const screen_result& result, category domain) {
  return std::find(result.categories.begin(), result.categories.end(), domain) !=
         result.categories.end();
}

inline bool has_keyword(const screen_result& result, std::string_view keyword) {
  return std::any_of(result.triggered_keywords.begin(), result.triggered_keywords.end(),
                     [&](const triggered_keyword& k) { return k.keyword == keyword; });
}

} // namespace crm::guardrails::test
