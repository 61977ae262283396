#include "actors/guardrails/eval.hpp"

#include "actors/guardrails/scanner.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <istream>
#include <ostream>

namespace crm::guardrails {

namespace {

constexpr std::string_view positive_label = "security_violation";

double ratio(size_t numerator, size_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::string fixed3(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

bool read_string(const boost::json::object& object, const char* key, std::string& out) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return false;
  out = std::string(value->get_string());
  return true;
}

bool known_label(const std::string& label) {
  return label == "in_scope" || label == "security_violation" || label == "out_of_scope";
}

} // namespace

std::optional<std::vector<eval_case>> read_eval_corpus(std::istream& in, std::string& error) {
  std::vector<eval_case> corpus;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto where = "Line " + std::to_string(number) + ": ";
    if (line.size() > max_eval_line_bytes) {
      error = where + "longer than " + std::to_string(max_eval_line_bytes) + " bytes.";
      return std::nullopt;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      error = where + "not a JSON object.";
      return std::nullopt;
    }
    const auto& object = value.get_object();
    eval_case item;
    if (!read_string(object, "id", item.id) || !read_string(object, "text", item.text) ||
        !read_string(object, "label", item.label)) {
      error = where + "needs string fields \"id\", \"text\" and \"label\".";
      return std::nullopt;
    }
    if (!known_label(item.label)) {
      error = where + "label must be in_scope, out_of_scope or security_violation.";
      return std::nullopt;
    }
    if (!read_string(object, "category", item.category)) item.category = item.label;
    corpus.push_back(std::move(item));
  }
  return corpus;
}

std::optional<std::vector<eval_case>> read_eval_corpus_file(const std::string& path,
                                                            std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "Cannot open " + path + ".";
    return std::nullopt;
  }
  return read_eval_corpus(in, error);
}

double eval_report::precision() const {
  return ratio(true_positives, true_positives + false_positives);
}

double eval_report::recall() const {
  return ratio(true_positives, true_positives + false_negatives);
}

double eval_report::false_positive_rate() const {
  return ratio(false_positives, false_positives + true_negatives);
}

eval_report evaluate(const guard_db& db, std::span<const eval_case> corpus) {
  eval_report report;
  scanner scan;
  for (const eval_case& item : corpus) {
    screen_result result = scan.scan(db, item.text);
    std::string predicted(to_string(result.verdict));
    bool expected_positive = item.label == positive_label;
    // Positive: a violation; for the false-positive rate any block of a business case counts.
    // Cases labelled out_of_scope (tenant topics) only count per category.
    bool predicted_positive = expected_positive ? predicted == positive_label : result.flagged();
    if (expected_positive)
      ++(predicted_positive ? report.true_positives : report.false_negatives);
    else if (item.label == "out_of_scope")
      ++report.out_of_scope_cases;
    else
      ++(predicted_positive ? report.false_positives : report.true_negatives);
    category_tally& tally = report.by_category[item.category];
    ++tally.total;
    if (expected_positive) ++tally.violations;
    if (predicted == item.label)
      ++tally.correct;
    else
      report.misclassified.push_back({item.id, item.label, predicted});
  }
  return report;
}

void print_report(const eval_report& report, std::ostream& out) {
  out << "cases " << report.cases() << " (violations "
      << report.true_positives + report.false_negatives << ", in scope "
      << report.true_negatives + report.false_positives << ", out of scope "
      << report.out_of_scope_cases << ")\n";
  out << "true_positives " << report.true_positives << "\n";
  out << "false_positives " << report.false_positives << "\n";
  out << "true_negatives " << report.true_negatives << "\n";
  out << "false_negatives " << report.false_negatives << "\n";
  out << "precision " << fixed3(report.precision()) << "\n";
  out << "recall " << fixed3(report.recall()) << "\n";
  out << "false_positive_rate " << fixed3(report.false_positive_rate()) << "\n";
  for (const auto& [name, tally] : report.by_category) {
    // A category of violations reports recall; any other the share passed as labelled.
    const char* metric = tally.violations == tally.total ? "recall" : "accuracy";
    out << metric << "[" << name << "] " << fixed3(ratio(tally.correct, tally.total)) << " ("
        << tally.correct << "/" << tally.total << ")\n";
  }
  out << "misclassified " << report.misclassified.size() << "\n";
  for (const misclassified_case& item : report.misclassified)
    out << "  " << item.id << " expected " << item.expected << " got " << item.predicted << "\n";
}

} // namespace crm::guardrails
