#pragma once

// One tenant's screening database: the shared built-in lists (builtin_db.hpp) with the
// tenant's restricted-domain switches, plus the tenant's own forbidden topics and allow phrases
// compiled into a small Hyperscan literal database.
//
// Operation: a tenant phrase is folded and normalised like any text (normalizer.hpp), so
// `Crypto-Trading` in a config matches `crypto trading`, `CRYPTO  TRADING` or `crypt0 trading`
// in a message; each phrase becomes a literal in canonical spacing (" crypto trading "), one
// for the raw and one for the normalised word form when they differ. Literals compile in
// milliseconds even by the ten thousand, so a config change costs little.
//
// Expression ids: `[0, builtin count)` are the built-in entries, the rest the tenant's phrases;
// `meta(id)` says what a match means, `keyword(meta.keyword_id)` its canonical keyword.
//
// Concurrency: a `guard_db` is immutable once built and shared as `shared_ptr<const guard_db>`;
// any number of scanners (each with its own scratch) read it at once. Replacing a tenant's
// database is the registry's job (guardrail_registry.hpp).
//
// Errors: a phrase that is empty, has no letter or digit, or is longer than `max_phrase_bytes`
// once folded, or that Hyperscan refuses, fails the whole compile with a `config::field_error`
// naming it (`forbidden_topics[3]`); the caller keeps whatever database it had.

#include "actors/guardrails/builtin_db.hpp"
#include "actors/guardrails/screen_result.hpp"
#include "config/tenant_config.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;

namespace crm::guardrails {

/// Longest tenant phrase, in bytes once folded (the config schema allows 200 characters; a
/// folded character is never longer than the original).
inline constexpr size_t max_phrase_bytes = 800;

class guard_db {
public:
  guard_db(const guard_db&) = delete;
  guard_db& operator=(const guard_db&) = delete;
  ~guard_db();

  const builtin_db& builtins() const { return *builtins_; }

  /// The tenant's phrases over the word forms, or nullptr when it has none.
  const hs_database* tenant_words() const { return tenant_words_; }

  /// Id of the first tenant expression (the number of built-in expressions).
  uint32_t tenant_id_base() const { return static_cast<uint32_t>(builtins_->patterns().size()); }

  /// What a match of expression `id` (built-in or tenant) means.
  const pattern_meta& meta(uint32_t id) const {
    return id < tenant_id_base() ? builtins_->patterns()[id]
                                 : tenant_patterns_[id - tenant_id_base()];
  }

  /// Canonical keyword `id`: a built-in term's keyword, or a tenant phrase as configured.
  std::string_view keyword(uint32_t id) const {
    auto base = builtins_->keyword_count();
    return id < base ? builtins_->keyword(id) : std::string_view(tenant_keywords_[id - base]);
  }

  /// Whether matches of `domain` count (tenant_config.restricted; `forbidden` always does).
  bool enabled(category domain) const;

  /// Unique per database in this process, never reused: lets a scanner tell whether its
  /// scratch was sized for this database without comparing (reusable) addresses.
  uint64_t serial() const { return serial_; }

  /// Tenant phrases compiled (forbidden topics plus allow phrases).
  size_t tenant_phrase_count() const { return tenant_patterns_.size(); }

private:
  friend struct guard_db_builder;
  guard_db() = default;

  std::shared_ptr<const builtin_db> builtins_;
  hs_database* tenant_words_ = nullptr;
  std::vector<pattern_meta> tenant_patterns_;
  std::vector<std::string> tenant_keywords_;
  config::restricted_domains restricted_;
  uint64_t serial_ = 0;
};

/// Either a new database or the reason there is none.
struct compile_result {
  std::shared_ptr<const guard_db> db;
  std::optional<config::field_error> error;
};

/// Builds `tenant`'s screening database: the built-in lists (domains switched by
/// `tenant.restricted`), `tenant.forbidden_topics` (category `forbidden`) and
/// `tenant.allow_phrases`.
compile_result compile_guard_db(const config::tenant_config& tenant);

} // namespace crm::guardrails
