#include "actors/guardrails/builtin_db.hpp"
#include "actors/guardrails/builtin_terms.hpp"
#include "actors/guardrails/pattern_syntax.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace crm::guardrails {
namespace {

TEST(builtin_terms, ship_all_five_languages) {
  std::set<std::string> languages;
  for (const builtin_list& list : builtin_lists())
    languages.insert(list.language);
  EXPECT_EQ(languages, (std::set<std::string>{"de", "en", "es", "fr", "pt"}));
}

TEST(builtin_terms, every_language_covers_every_restricted_domain_with_strong_terms) {
  std::map<std::string, std::map<category, int>> strong;
  for (const builtin_list& list : builtin_lists())
    for (const builtin_term& term : list.terms)
      if (term.kind == term_kind::strong) ++strong[list.language][term.domain];
  for (const auto& [language, domains] : strong)
    for (category domain :
         {category::political, category::legal, category::medical, category::injection})
      EXPECT_GT(domains.count(domain), 0u) << language << " " << to_string(domain);
  EXPECT_EQ(strong.size(), 5u);
}

TEST(builtin_terms, every_regex_entry_names_its_canonical_keyword) {
  for (const builtin_list& list : builtin_lists()) {
    for (const builtin_term& term : list.terms) {
      if (term.kind == term_kind::allow) continue;
      std::string_view pattern = term.pattern;
      bool plain = pattern.find_first_of("()[]|?*+{}\\~") == std::string_view::npos;
      EXPECT_TRUE(plain || term.keyword != nullptr) << list.language << ": " << pattern;
      EXPECT_FALSE(std::string_view(keyword_of(term)).empty());
    }
  }
}

TEST(builtin_terms, patterns_are_lower_case_ascii_like_the_folded_text) {
  for (const builtin_list& list : builtin_lists())
    for (const builtin_term& term : list.terms)
      for (char c : std::string_view(term.pattern)) {
        auto byte = static_cast<unsigned char>(c);
        EXPECT_TRUE(byte < 0x80 && !(c >= 'A' && c <= 'Z'))
            << list.language << ": " << term.pattern;
      }
}

TEST(builtin_terms, every_delimiter_pattern_needs_a_delimiter_sign) {
  // The scanner skips the delimiter scan for texts without any of these characters.
  for (const builtin_list& list : builtin_lists())
    for (const builtin_term& term : list.terms) {
      if (term.word_edges) continue;
      std::string_view pattern = term.pattern;
      // Every top-level alternative must hold a sign as a literal (escaped or not).
      for (std::string_view alternative : split_alternatives(pattern)) {
        bool has_sign = false;
        for (char sign : delimiter_signs)
          has_sign = has_sign || alternative.find(sign) != std::string_view::npos;
        EXPECT_TRUE(has_sign) << list.language << ": " << alternative;
      }
    }
}

TEST(builtin_terms, compile_into_the_shared_databases) {
  const builtin_compile_result& compiled = builtin_database();
  ASSERT_FALSE(compiled.error) << compiled.error->field << ": " << compiled.error->detail;
  EXPECT_NE(compiled.db->words(), nullptr);
  EXPECT_NE(compiled.db->delimiters(), nullptr);
  EXPECT_GT(compiled.db->patterns().size(), 500u);
  // Compiled once: later calls hand out the same database.
  EXPECT_EQ(builtin_database().db.get(), compiled.db.get());
}

} // namespace
} // namespace crm::guardrails
