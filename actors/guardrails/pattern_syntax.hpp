#pragma once

// Turns entries of the built-in lists (builtin_terms.hpp) into regexes over the word forms of a
// text, which are in canonical spacing (normalizer.hpp): " one space between words ".
//
// The result is in the regex subset that Hyperscan and ECMAScript share, so one expansion feeds
// the scanner and the std::regex benchmark alike.

#include <string>
#include <string_view>
#include <vector>

namespace crm::guardrails {

/// Expands the list shorthand: a space is the single space between two words, ` ?` an optional
/// one (`role ?play`), ` ~ ` "a space, then up to three other words" (`take ~ to court`); a
/// space inside a `[...]` class is itself. With `word_edges` the result is wrapped in
/// ` (?:...) `: the pad spaces of the word forms make every word edge a space, so `court` never
/// matches inside `courtyard`, without `\b` (which slows Hyperscan compiles tenfold).
std::string expand_pattern(std::string_view pattern, bool word_edges);

/// Splits `pattern` at its top-level `|` (not inside `(...)` or `[...]`): `fever|cough(ing)?`
/// -> `fever`, `cough(ing)?`. The context rules treat each alternative as its own term.
std::vector<std::string_view> split_alternatives(std::string_view pattern);

} // namespace crm::guardrails
