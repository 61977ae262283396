#pragma once

// Measures screening quality against a labelled corpus (JSON lines of
// {"id","text","label":"in_scope"|"security_violation"|"out_of_scope","category"}), as
// `crm-audit screen-eval FILE` and the quality tests do.
//
// Metrics treat `security_violation` as the positive class: recall is the share of violations
// flagged, the false-positive rate the share of `in_scope` cases flagged (any verdict but
// `in_scope`), precision the share of flagged cases that are violations. Reports name cases by
// id only: the flagged texts are never echoed (zero-echo).

#include "actors/guardrails/guard_db.hpp"

#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace crm::guardrails {

/// Longest corpus line accepted.
inline constexpr size_t max_eval_line_bytes = 64 * 1024;

struct eval_case {
  std::string id;
  std::string text;
  std::string label;    ///< `in_scope`, `security_violation` or `out_of_scope`.
  std::string category; ///< Free-form grouping (`political`, `business`, `evasion`...).
};

/// Reads a JSON-lines corpus; blank lines are skipped. On a malformed line returns nullopt and
/// sets `error` to a sentence naming the line number.
std::optional<std::vector<eval_case>> read_eval_corpus(std::istream& in, std::string& error);

/// Reads the corpus at `path` (see above); a missing file is an error too.
std::optional<std::vector<eval_case>> read_eval_corpus_file(const std::string& path,
                                                            std::string& error);

struct category_tally {
  size_t correct = 0;
  size_t total = 0;
  size_t violations = 0; ///< Cases labelled `security_violation`.
};

struct misclassified_case {
  std::string id;
  std::string expected;
  std::string predicted;
};

struct eval_report {
  size_t true_positives = 0;
  size_t false_positives = 0;
  size_t true_negatives = 0;
  size_t false_negatives = 0;
  size_t out_of_scope_cases = 0; ///< Labelled out_of_scope: in `by_category` only.
  /// Per case category: cases whose predicted label equals the expected one.
  std::map<std::string, category_tally> by_category;
  /// Ids of cases whose predicted label differs from the expected one, in corpus order.
  std::vector<misclassified_case> misclassified;

  size_t cases() const {
    return true_positives + false_positives + true_negatives + false_negatives + out_of_scope_cases;
  }
  double precision() const;
  double recall() const;
  double false_positive_rate() const;
};

/// Screens every case against `db` and tallies the outcome.
eval_report evaluate(const guard_db& db, std::span<const eval_case> corpus);

/// Prints the report: counts, precision, recall, false-positive rate, per-category accuracy
/// (recall for violation categories) and the misclassified ids with expected/predicted labels.
void print_report(const eval_report& report, std::ostream& out);

} // namespace crm::guardrails
