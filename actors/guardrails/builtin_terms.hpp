#pragma once

// The built-in restricted-domain lists (political, legal, medical, injection) in English,
// Spanish, German, French and Portuguese, plus built-in allow phrases for business idioms
// (`court shoes`, `free trial`, `politica de devoluciones`). Data in source, one file per
// language (builtin_terms_<lang>*.cpp); docs/guardrails.md explains how to extend them.
//
// Pattern syntax: a regex over the word forms of a text (normalizer.hpp: lower-case ASCII, no
// accents, one space between words) in the subset that Hyperscan and ECMAScript share (the
// std::regex benchmark uses the same lists). Shorthands keep the lists readable
// (pattern_syntax.hpp expands them): a space is the gap between two words (`ignore previous`
// also matches `ignore, previous` and `ignore\nprevious`), ` ?` an optional gap (`role ?play`),
// and ` ~ ` "then up to three other words" (`take ~ to court`). Every entry gets word edges, so
// `court` never matches inside `courtyard`; `delimiter` entries are raw regexes over the folded
// text, punctuation included.

#include "actors/guardrails/screen_result.hpp"

#include <cstdint>
#include <span>

namespace crm::guardrails {

/// How a match counts.
/// - `strong`: flags on its own (`lawsuit`, `ibuprofen`, `ignore previous instructions`).
/// - `cue`: a word that leans to the domain but has business uses (`lawyer`, `candidate`,
///   `symptoms`); counts when any other term of the same domain is nearby.
/// - `weak`: an everyday business word with a domain sense (`court`, `vote`, `party`, `case`,
///   `shot`, `treatment`); counts only with a `strong` or `cue` term of the same domain nearby,
///   so two business words (`case` about a `charge`) never flag each other.
/// - `allow`: a business idiom; any match that ends inside its span is discarded.
enum class term_kind : uint8_t { strong, cue, weak, allow };

struct builtin_term {
  category domain; ///< Ignored for allow phrases.
  term_kind kind;
  const char* pattern;
  const char* keyword = nullptr; ///< Canonical keyword; nullptr: the (plain) pattern itself.
  bool word_edges = true;        ///< False for delimiters (scanned over the folded text).
};

struct builtin_list {
  const char* name;     ///< Names entries in errors: `builtin.<name>[<index>]`.
  const char* language; ///< ISO 639-1.
  std::span<const builtin_term> terms;
};

/// Every built-in list: one per language (English has two, to keep files short).
std::span<const builtin_list> builtin_lists();

/// The canonical keyword of a term.
inline const char* keyword_of(const builtin_term& term) {
  return term.keyword != nullptr ? term.keyword : term.pattern;
}

/// Characters every delimiter pattern needs at least one of.
inline constexpr char delimiter_signs[] = {'<', '[', '#', '{', ':'};

/// Shorthands for the per-language tables.
namespace term {

constexpr builtin_term strong(category domain, const char* pattern, const char* keyword = nullptr) {
  return {domain, term_kind::strong, pattern, keyword, true};
}

constexpr builtin_term cue(category domain, const char* pattern, const char* keyword = nullptr) {
  return {domain, term_kind::cue, pattern, keyword, true};
}

constexpr builtin_term weak(category domain, const char* pattern, const char* keyword = nullptr) {
  return {domain, term_kind::weak, pattern, keyword, true};
}

constexpr builtin_term allow(const char* pattern) {
  return {category::forbidden, term_kind::allow, pattern, nullptr, true};
}

/// A strong pattern over the folded text, punctuation included (chat-template delimiters).
/// Each must require at least one of `delimiter_signs`: texts without any skip this scan.
constexpr builtin_term delimiter(const char* pattern, const char* keyword) {
  return {category::injection, term_kind::strong, pattern, keyword, false};
}

} // namespace term

// Per-language tables (builtin_terms_<lang>.cpp).
std::span<const builtin_term> builtin_terms_en();
std::span<const builtin_term> builtin_terms_en_injection();
std::span<const builtin_term> builtin_terms_es();
std::span<const builtin_term> builtin_terms_de();
std::span<const builtin_term> builtin_terms_fr();
std::span<const builtin_term> builtin_terms_pt();

} // namespace crm::guardrails
