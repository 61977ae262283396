#pragma once

// Text normalisation for screening: the forms a message is scanned in.
//
// Operation: `fold_text` produces the *folded* form: case folding (ASCII, Latin, Greek,
// Cyrillic), compatibility folding (fullwidth forms, ligatures, math letters, accents
// stripped: e-acute -> e, sharp s -> ss), Cyrillic/Greek look-alikes -> Latin, zero-width and
// format characters removed, Unicode spaces -> ' ', C0 controls other than '\n' -> ' '.
// Punctuation stays, so chat-template delimiters (`<|im_start|>`, `</system>`) are screened
// in this form.
//
// The two word forms are in *canonical spacing*: words (runs of ASCII letters and digits and
// non-ASCII letters) separated by exactly one space, with one space before the first word and
// after the last; every other character is a separator. Word patterns then need no regex
// classes or assertions for their gaps and edges, which keeps Hyperscan compiles fast (a
// pattern is a plain literal such as " court shoes ").
// - `canonicalise_folded` gives the *raw* form: the folded words as written (`b12`, `ps5`).
// - `normalise_folded` gives the *normalised* form, which undoes evasions: runs of single
//   letters split by spaces, dots, dashes, underscores or asterisks are joined (`e l e c t i o
//   n`, `v.o.t.e`, `i s-u-e` -> `i sue`; a wider gap inside the run stays a word break), then
//   leetspeak digits and symbols are read as letters inside words that hold a letter
//   (`pr0mpt` -> `prompt`, while `order 10045` and `A-20931` keep their digits), and invalid
//   UTF-8 bytes inside words are dropped.
//
// Limits: pure functions, no locale, no std::regex. Each writes only into the caller's `out`
// buffer, whose capacity is reused (no allocation once it has grown to the input size). Outputs
// are never longer than the input plus two bytes. Invalid UTF-8 never crashes: folding passes
// it through, the word forms treat it as a separator (raw) or drop it (normalised).

#include <string>
#include <string_view>

namespace crm::guardrails {

/// Writes the folded form of `text` into `out` (replacing its contents).
void fold_text(std::string_view text, std::string& out);

/// Writes the raw word form (canonical spacing) of already folded text into `out`. Returns
/// whether `normalise_folded` could give a different form (a word mixing letters and leet
/// characters, three single characters in a row, an invalid byte); when it returns false the
/// normalised form equals the raw one and need not be computed (most business text).
bool canonicalise_folded(std::string_view folded, std::string& out);

/// Writes the normalised word form (canonical spacing) of already folded text into `out`.
void normalise_folded(std::string_view folded, std::string& out);

/// Folds then normalises `text`. A convenience for preparing phrases and for tests: it uses a
/// temporary buffer; the scanner calls the steps with buffers it keeps.
void normalise_text(std::string_view text, std::string& out);

} // namespace crm::guardrails
