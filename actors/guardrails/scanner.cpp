#include "actors/guardrails/scanner.hpp"

#include "actors/guardrails/normalizer.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace crm::guardrails {

namespace {

/// Whether `folded` holds a character every chat-template delimiter needs (builtin_terms.hpp
/// keeps each delimiter pattern to at least one of them; a test checks it). Most messages hold
/// none, and memchr is cheaper than a Hyperscan call.
bool may_hold_delimiter(std::string_view folded) {
  for (char c : delimiter_signs)
    if (std::memchr(folded.data(), c, folded.size()) != nullptr) return true;
  return false;
}

screen_result failed_closed() {
  screen_result result;
  result.verdict = classification::security_violation;
  result.scan_failed = true;
  return result;
}

} // namespace

scanner::scanner(scanner&& other) noexcept {
  *this = std::move(other);
}

scanner& scanner::operator=(scanner&& other) noexcept {
  std::swap(scratch_, other.scratch_);
  std::swap(scratch_serial_, other.scratch_serial_);
  folded_.swap(other.folded_);
  normalised_.swap(other.normalised_);
  return *this;
}

scanner::~scanner() {
  hs_free_scratch(scratch_);
}

int scanner::on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned,
                      void* context) {
  auto* target = static_cast<scan_target*>(context);
  scanner* self = target->self;
  if (self->matches_.size() >= max_matches_per_form) {
    self->overflow_ = true;
    return 1; // stop: the verdict fails closed anyway
  }
  self->matches_.push_back(
      {target->id_base + id, static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
  return 0;
}

uint32_t scanner::word_at(uint32_t offset) const {
  // A match ends after the space that follows its last word: count the words starting before.
  auto last = offset == 0 ? 0 : offset - 1;
  return static_cast<uint32_t>(std::upper_bound(word_starts_.begin(), word_starts_.end(), last) -
                               word_starts_.begin());
}

bool scanner::run(const hs_database* database, std::string_view form, uint32_t id_base) {
  scan_target target{this, id_base};
  hs_error_t status = hs_scan(database, form.data(), static_cast<unsigned>(form.size()), 0,
                              scratch_, &scanner::on_match, &target);
  return !overflow_ && (status == HS_SUCCESS || status == HS_SCAN_TERMINATED);
}

void scanner::count_words(std::string_view form) {
  if (words_counted_) return;
  word_starts_.clear();
  for (size_t i = 1; i < form.size(); ++i)
    if (form[i] != ' ' && form[i - 1] == ' ') word_starts_.push_back(static_cast<uint32_t>(i));
  words_counted_ = true;
}

bool scanner::screen_words(const guard_db& db, std::string_view form) {
  matches_.clear();
  overflow_ = false;
  if (!run(db.builtins().words(), form, 0)) return false;
  if (db.tenant_words() != nullptr && !run(db.tenant_words(), form, db.tenant_id_base()))
    return false;

  allow_spans_.clear();
  terms_.clear();
  words_counted_ = false;
  for (const match& m : matches_) {
    const pattern_meta& meta = db.meta(m.id);
    if (meta.kind == term_kind::allow)
      allow_spans_.push_back(m);
    else if (db.enabled(meta.domain))
      terms_.push_back(m);
  }

  // A term whose match ends inside an allow span is part of a business idiom (`court shoes`).
  if (!allow_spans_.empty()) {
    std::erase_if(terms_, [this](const match& term) {
      return std::any_of(allow_spans_.begin(), allow_spans_.end(), [&](const match& span) {
        return span.from < term.to && term.to <= span.to;
      });
    });
  }

  bool needs_context = std::any_of(terms_.begin(), terms_.end(), [&](const match& m) {
    return db.meta(m.id).kind != term_kind::strong;
  });
  if (needs_context) {
    count_words(form);
    std::sort(terms_.begin(), terms_.end(),
              [](const match& a, const match& b) { return a.to < b.to; });
  }

  for (size_t i = 0; i < terms_.size(); ++i) {
    const pattern_meta& meta = db.meta(terms_[i].id);
    bool counts = meta.kind == term_kind::strong;
    if (!counts) {
      // Terms are sorted by end offset, so partners within the window are neighbours.
      uint32_t word = word_at(terms_[i].to);
      auto partner = [&](size_t j) {
        const pattern_meta& other = db.meta(terms_[j].id);
        if (other.domain != meta.domain || other.term_id == meta.term_id ||
            (meta.kind == term_kind::weak && other.kind == term_kind::weak))
          return false;
        // A partner is another term elsewhere: `court` does not back up `court hearing`. Spans
        // exclude the edge spaces, which neighbouring words share. (Strong terms carry no
        // start, but they count on their own anyway.)
        const match& a = terms_[i];
        const match& b = terms_[j];
        return other.kind == term_kind::strong || b.from + 1 >= a.to - 1 || a.from + 1 >= b.to - 1;
      };
      for (size_t j = i; j-- > 0 && !counts;) {
        if (word - word_at(terms_[j].to) > context_window_words) break;
        counts = partner(j);
      }
      for (size_t j = i + 1; j < terms_.size() && !counts; ++j) {
        if (word_at(terms_[j].to) - word > context_window_words) break;
        counts = partner(j);
      }
    }
    if (counts) findings_.push_back({meta.domain, meta.keyword_id});
  }
  return true;
}

bool scanner::fit_scratch(const guard_db& db) {
  if (scratch_serial_ == db.serial()) return true;
  // hs_alloc_scratch grows an existing scratch to fit; one scratch then serves all three.
  if (hs_alloc_scratch(db.builtins().words(), &scratch_) != HS_SUCCESS ||
      hs_alloc_scratch(db.builtins().delimiters(), &scratch_) != HS_SUCCESS ||
      (db.tenant_words() != nullptr &&
       hs_alloc_scratch(db.tenant_words(), &scratch_) != HS_SUCCESS))
    return false;
  scratch_serial_ = db.serial();
  return true;
}

screen_result scanner::scan(const guard_db& db, std::string_view text) {
  if (text.size() > max_text_bytes || !fit_scratch(db)) return failed_closed();
  fold_text(text, folded_);
  normalised_differs_ = false;
  if (canonicalise_folded(folded_, raw_)) {
    normalise_folded(folded_, normalised_);
    normalised_differs_ = normalised_ != raw_;
  }

  findings_.clear();
  matches_.clear();
  overflow_ = false;
  bool ok = !may_hold_delimiter(folded_) || run(db.builtins().delimiters(), folded_, 0);
  if (ok && db.enabled(category::injection))
    for (const match& m : matches_)
      findings_.push_back({category::injection, db.meta(m.id).keyword_id});
  ok = ok && screen_words(db, raw_);
  // Most business text has nothing to undo: one word scan then.
  if (ok && normalised_differs_) ok = screen_words(db, normalised_);
  if (!ok) return failed_closed();

  screen_result result;
  if (findings_.empty()) return result;
  result.triggered_keywords.reserve(findings_.size());
  for (const finding& f : findings_)
    result.triggered_keywords.push_back({f.domain, std::string(db.keyword(f.keyword_id))});
  std::sort(result.triggered_keywords.begin(), result.triggered_keywords.end());
  result.triggered_keywords.erase(
      std::unique(result.triggered_keywords.begin(), result.triggered_keywords.end()),
      result.triggered_keywords.end());
  for (const triggered_keyword& k : result.triggered_keywords) {
    if (result.categories.empty() || result.categories.back() != k.domain)
      result.categories.push_back(k.domain);
    auto verdict = k.domain == category::forbidden ? classification::out_of_scope
                                                   : classification::security_violation;
    result.verdict = std::max(result.verdict, verdict);
  }
  return result;
}

} // namespace crm::guardrails
