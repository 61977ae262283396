#pragma once

// The built-in lists (builtin_terms.hpp) compiled once per process and shared by every tenant's
// database: compiling them takes a while (hundreds of regexes), a tenant's own phrases take
// milliseconds, so a config change only recompiles the tenant's part (guard_db.hpp).
//
// Two Hyperscan block-mode databases: `words` (every term and allow phrase, over the word forms
// in canonical spacing) and `delimiters` (chat-template delimiters, over the folded form that
// keeps punctuation). Expression ids of both index `patterns()`.
//
// Concurrency: immutable once built; `builtin_database()` builds it on first use under a
// function-local static (thread-safe), later calls only read it.

#include "actors/guardrails/builtin_terms.hpp"
#include "config/tenant_config.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;

namespace crm::guardrails {

/// What a match of one expression means.
struct pattern_meta {
  category domain;
  term_kind kind;
  uint32_t keyword_id; ///< What is reported (`keyword()`).
  /// Equal ids are "the same term" for the context rules: each alternative of a `cue` or `weak`
  /// entry is a term of its own (`fever` backs up `cough`), a word repeated is not.
  uint32_t term_id;
};

class builtin_db {
public:
  builtin_db(const builtin_db&) = delete;
  builtin_db& operator=(const builtin_db&) = delete;
  ~builtin_db();

  /// Terms and allow phrases, scanned over the word forms.
  const hs_database* words() const { return words_; }

  /// Chat-template delimiters, scanned over the folded form.
  const hs_database* delimiters() const { return delimiters_; }

  /// Indexed by expression id (of either database).
  std::span<const pattern_meta> patterns() const { return patterns_; }

  std::string_view keyword(uint32_t id) const { return keywords_[id]; }
  size_t keyword_count() const { return keywords_.size(); }

private:
  friend struct builtin_db_builder;
  builtin_db() = default;

  hs_database* words_ = nullptr;
  hs_database* delimiters_ = nullptr;
  std::vector<pattern_meta> patterns_;
  std::vector<std::string> keywords_;
};

struct builtin_compile_result {
  std::shared_ptr<const builtin_db> db;
  /// A list entry Hyperscan refused, named `builtin.<language>[<index>]` (a bug in the lists).
  std::optional<config::field_error> error;
};

/// Compiles the built-in lists afresh.
builtin_compile_result compile_builtin_db();

/// The process-wide built-in database, compiled on first use.
const builtin_compile_result& builtin_database();

} // namespace crm::guardrails
