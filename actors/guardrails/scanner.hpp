#pragma once

// Screens one text against a tenant's database and reports the canonical keywords it trips
// (never the text's own words). The same call screens inbound messages and LLM drafts (output
// audit).
//
// Operation (normalizer.hpp has the forms): the folded form is scanned for chat-template
// delimiters; the raw word form, and the normalised one when it differs, are scanned for
// terms, forbidden topics and allow phrases. Per word form, every match is collected (bounded
// by `max_matches_per_form`); matches of domains the tenant switched off and matches ending
// inside an allow span are dropped; then `strong` terms count, `cue` terms count with any other
// term of the same domain within `context_window_words` words, and `weak` terms only with a
// `strong` or `cue` one (builtin_terms.hpp). The forms are judged separately, findings merged.
//
// Concurrency: one scanner per worker thread. It owns a Hyperscan scratch and its buffers, and
// grows the scratch (hs_alloc_scratch) the first time it meets a database that needs more, so
// a scanner serves every tenant. Scanning only reads the shared immutable `guard_db`.
//
// Limits: texts longer than `max_text_bytes`, more matches than `max_matches_per_form`, or a
// Hyperscan failure give `scan_failed` and a `security_violation` verdict: screening fails
// closed.

#include "actors/guardrails/guard_db.hpp"
#include "actors/guardrails/screen_result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct hs_scratch;

namespace crm::guardrails {

/// Longest text screened (drafts included); API messages are far shorter.
inline constexpr size_t max_text_bytes = 64 * 1024;

/// Matches kept per form of the text; more means an adversarial text, refused.
inline constexpr size_t max_matches_per_form = 8 * 1024;

/// How far apart (in words) a context-dependent term and its partner may be.
inline constexpr uint32_t context_window_words = 8;

class scanner {
public:
  scanner() = default;
  scanner(const scanner&) = delete;
  scanner& operator=(const scanner&) = delete;
  scanner(scanner&& other) noexcept;
  scanner& operator=(scanner&& other) noexcept;
  ~scanner();

  /// Screens `text` (any bytes; invalid UTF-8 is tolerated) against `db`.
  screen_result scan(const guard_db& db, std::string_view text);

  /// The normalised word form of the last text scanned (for tests and diagnostics).
  std::string_view last_normalised() const { return normalised_differs_ ? normalised_ : raw_; }

private:
  struct match {
    uint32_t id;
    uint32_t from; ///< Tracked for allow phrases and cue/weak terms only (else 0).
    uint32_t to;
  };

  struct finding {
    category domain;
    uint32_t keyword_id;
  };

  /// Where matches of one hs_scan go.
  struct scan_target {
    scanner* self;
    uint32_t id_base; ///< Added to expression ids: tenant ids follow the built-in ones.
  };

  static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                      void* context);

  /// Runs one Hyperscan database over `form`, appending to `matches_`; false on failure.
  bool run(const hs_database* database, std::string_view form, uint32_t id_base);

  /// Scans one word form and appends what counts to `findings_`; false when scanning failed.
  bool screen_words(const guard_db& db, std::string_view form);

  /// Makes the scratch fit every database of `db`; false when Hyperscan cannot allocate.
  bool fit_scratch(const guard_db& db);

  /// Word index of byte offset `offset` of the form whose word starts are in `word_starts_`.
  uint32_t word_at(uint32_t offset) const;

  /// Fills `word_starts_` for `form` (once per form).
  void count_words(std::string_view form);

  hs_scratch* scratch_ = nullptr;
  uint64_t scratch_serial_ = 0; ///< Serial of the last database the scratch was checked for.
  bool overflow_ = false;
  bool normalised_differs_ = false; ///< Else `normalised_` is stale and equals `raw_`.
  std::string folded_;
  std::string raw_;
  std::string normalised_;
  std::vector<match> matches_;
  std::vector<match> allow_spans_;
  std::vector<match> terms_;
  std::vector<uint32_t> word_starts_;
  bool words_counted_ = false;
  std::vector<finding> findings_;
};

} // namespace crm::guardrails
