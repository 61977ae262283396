#pragma once

// What the mock LLM answers: keyword rules tried in order against the last user message
// (case-insensitive substring; the first rule with a matching keyword wins), and a default
// answer when none matches.
//
// Script JSON (`--script FILE`, `PUT /mock/script`): either an array of rules or
//   {"rules": [rule...], "default": answer}
// rule   = {"match": "refund" | ["refund", "money back"], <answer fields>}
// answer = {"reply", "intent", "scope", "confidence", "reasoning"} (each optional: missing ones
//          come from the default answer), or {"content": "<raw text>"} to send exactly that text
//          as the message content (for testing how crmd copes with odd model output).
// Fields are passed through as given (a string confidence stays a string): the mock is a test
// double for a model, and models do send odd values.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::mock::llm {

/// One answer: the object sent (as a JSON string) in `choices[0].message.content`.
struct answer {
  boost::json::object fields;         ///< reply, intent, scope, confidence, reasoning.
  std::optional<std::string> content; ///< Raw content instead of `fields` when set.
  std::string rule;                   ///< Which rule chose it (`default` or `#N match`).
};

struct answer_rule {
  std::vector<std::string> keywords; ///< Lower-cased.
  answer what;
};

class answer_script {
public:
  /// The built-in default answer, no rules.
  answer_script();

  /// Parses a script; on failure returns nullopt and sets `error` to one sentence.
  static std::optional<answer_script> parse(const boost::json::value& json, std::string& error);

  /// The answer for this user text.
  const answer& pick(std::string_view user_text) const;

  size_t rule_count() const { return rules_.size(); }
  boost::json::object to_json() const;

private:
  std::vector<answer_rule> rules_;
  answer default_;
};

} // namespace crm::mock::llm
