#include "actors/drafting/builtin_responder.hpp"

#include "actors/guardrails/normalizer.hpp"

#include <string>

namespace crm::drafting {

namespace {

/// The raw word form (" word word "): case-folded, accents stripped, punctuation as word breaks.
/// Searching it for " keyword " is a case-insensitive, word-boundary match, and multi-word
/// keywords match across any run of spaces or punctuation.
void word_form(std::string_view text, std::string& folded, std::string& out) {
  guardrails::fold_text(text, folded);
  guardrails::canonicalise_folded(folded, out);
}

int confidence_for(size_t hits) {
  if (hits >= 3) return confidence_many_keywords;
  if (hits == 2) return confidence_two_keywords;
  return confidence_one_keyword;
}

} // namespace

llm_draft builtin_draft(const config::tenant_config& tenant, std::string_view text) {
  std::string folded;
  std::string message;
  word_form(text, folded, message);

  std::string keyword;
  size_t best_rule = tenant.intent_rules.size();
  size_t best_hits = 0;
  size_t best_matched_chars = 0;
  for (size_t i = 0; i < tenant.intent_rules.size(); ++i) {
    const auto& rule = tenant.intent_rules[i];
    size_t hits = 0;
    size_t matched_chars = 0;
    for (const auto& k : rule.keywords) {
      word_form(k, folded, keyword);
      if (keyword.size() <= 1) continue; // no word in it: would match every message
      if (message.find(keyword) != std::string::npos) {
        ++hits;
        matched_chars += keyword.size();
      }
    }
    // More hits win; on equal hits the more specific match (longer keywords: "where is my
    // order" over "hi"), so "Hi, where is my order?" is answered about the order; a full tie
    // goes to the earlier rule.
    if (hits > best_hits || (hits == best_hits && hits > 0 && matched_chars > best_matched_chars)) {
      best_hits = hits;
      best_matched_chars = matched_chars;
      best_rule = i;
    }
  }

  llm_draft draft;
  draft.tokens_used = 0;
  if (best_rule == tenant.intent_rules.size()) {
    draft.reply = std::string{holding_reply};
    draft.intent = "unknown";
    draft.confidence = 0;
    draft.reasoning = "Built-in responder: no intent rule matched; a person should answer.";
    return draft;
  }
  const auto& rule = tenant.intent_rules[best_rule];
  draft.reply = rule.reply;
  draft.intent = rule.intent;
  draft.confidence = confidence_for(best_hits);
  draft.reasoning = "Built-in responder: rule " + std::to_string(best_rule + 1) + " (intent " +
                    rule.intent + ") matched " + std::to_string(best_hits) +
                    (best_hits == 1 ? " keyword." : " keywords.");
  return draft;
}

} // namespace crm::drafting
