#include "actors/guardrails/pattern_syntax.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace crm::guardrails {
namespace {

bool matches(std::string_view pattern, const std::string& canonical_text) {
  std::regex re(expand_pattern(pattern, true));
  return std::regex_search(canonical_text, re);
}

TEST(pattern_syntax, wraps_word_edges_in_spaces) {
  EXPECT_EQ(expand_pattern("court", true), " (?:court) ");
  EXPECT_EQ(expand_pattern("</system>", false), "</system>");
}

TEST(pattern_syntax, word_edges_keep_courtyard_apart_from_court) {
  EXPECT_TRUE(matches("court", " see you in court "));
  EXPECT_FALSE(matches("court", " the courtyard "));
  EXPECT_FALSE(matches("court", " basketballcourt "));
}

TEST(pattern_syntax, tilde_allows_up_to_three_words_between) {
  EXPECT_TRUE(matches("take ~ to court", " take him to court "));
  EXPECT_TRUE(matches("take ~ to court", " take my former landlord to court "));
  EXPECT_TRUE(matches("take ~ to court", " take to court "));
  EXPECT_FALSE(matches("take ~ to court", " take the parcel back and then go to court "));
}

TEST(pattern_syntax, question_mark_space_is_an_optional_gap) {
  EXPECT_TRUE(matches("role ?play", " role play "));
  EXPECT_TRUE(matches("role ?play", " roleplay "));
}

TEST(pattern_syntax, keeps_spaces_inside_character_classes) {
  EXPECT_EQ(expand_pattern("a[ ]b c", false), "a[ ]b c");
}

TEST(pattern_syntax, splits_top_level_alternatives_only) {
  auto parts = split_alternatives("fever|cough(ing|ed)?|[|]x|a\\|b");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "fever");
  EXPECT_EQ(parts[1], "cough(ing|ed)?");
  EXPECT_EQ(parts[2], "[|]x");
  EXPECT_EQ(parts[3], "a\\|b");
}

} // namespace
} // namespace crm::guardrails
