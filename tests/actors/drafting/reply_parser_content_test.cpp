// The message content: the shapes models actually produce, and the tolerance rules.

#include "actors/drafting/reply_parser.hpp"

#include <gtest/gtest.h>

namespace crm::drafting {
namespace {

llm_draft ok(std::string_view content) {
  llm_draft d;
  std::string error;
  EXPECT_TRUE(parse_draft_content(content, d, error)) << content << ": " << error;
  return d;
}

std::string failure(std::string_view content) {
  llm_draft d;
  std::string error;
  EXPECT_FALSE(parse_draft_content(content, d, error)) << content;
  EXPECT_FALSE(error.empty());
  return error;
}

int confidence_of(std::string_view value) {
  return ok(R"({"reply": "Hi", "confidence": )" + std::string{value} + "}").confidence;
}

TEST(ReplyParser, plain_json_object) {
  auto d = ok(R"({"reply": "Hello!", "intent": "greeting", "scope": "in_scope",
                  "confidence": 93, "reasoning": "Greeting."})");
  EXPECT_EQ(d.reply, "Hello!");
  EXPECT_EQ(d.intent, "greeting");
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_EQ(d.confidence, 93);
  EXPECT_EQ(d.reasoning, "Greeting.");
  EXPECT_EQ(d.tokens_used, 0);
}

TEST(ReplyParser, fenced_json_with_and_without_language_tag) {
  EXPECT_EQ(ok("```json\n{\"reply\": \"A\", \"confidence\": 81}\n```").confidence, 81);
  EXPECT_EQ(ok("```\n{\"reply\": \"B\"}\n```").reply, "B");
  EXPECT_EQ(ok("Here you go:\n```JSON\n{\"reply\": \"C\", \"confidence\": 70}\n```\nBye").reply,
            "C");
}

TEST(ReplyParser, json_embedded_in_prose) {
  auto d = ok("Sure thing! {\"reply\": \"We open at 9.\", \"confidence\": 88} Hope that helps.");
  EXPECT_EQ(d.reply, "We open at 9.");
  EXPECT_EQ(d.confidence, 88);
}

TEST(ReplyParser, prose_braces_and_objects_without_reply_are_skipped) {
  auto d = ok("Thinking {about it} and {\"order\": 12} then "
              "{\"reply\": \"Found it.\", \"confidence\": 86}");
  EXPECT_EQ(d.reply, "Found it.");
  EXPECT_EQ(d.confidence, 86);
}

TEST(ReplyParser, braces_and_quotes_inside_strings_do_not_confuse_the_scan) {
  auto d = ok(
      R"(Answer: {"reply": "Use code {SAVE10} at checkout, \"really\" }{", "intent": "pricing", "confidence": 90, "reasoning": "x { y"} trailing)");
  EXPECT_EQ(d.reply, R"(Use code {SAVE10} at checkout, "really" }{)");
  EXPECT_EQ(d.intent, "pricing");
  EXPECT_EQ(d.reasoning, "x { y");
}

TEST(ReplyParser, nested_objects_are_fine) {
  auto d = ok(R"({"reply": "Done.", "meta": {"a": {"b": 1}}, "confidence": 85})");
  EXPECT_EQ(d.reply, "Done.");
  EXPECT_EQ(d.confidence, 85);
}

TEST(ReplyParser, confidence_as_integer_percent_and_clamped) {
  EXPECT_EQ(confidence_of("85"), 85);
  EXPECT_EQ(confidence_of("0"), 0);
  EXPECT_EQ(confidence_of("100"), 100);
  EXPECT_EQ(confidence_of("1"), 1);
  EXPECT_EQ(confidence_of("150"), 100);
  EXPECT_EQ(confidence_of("-20"), 0);
  EXPECT_EQ(confidence_of("18446744073709551615"), 100);
}

TEST(ReplyParser, confidence_as_fraction) {
  EXPECT_EQ(confidence_of("0.85"), 85);
  EXPECT_EQ(confidence_of("1.0"), 100);
  EXPECT_EQ(confidence_of("0.0"), 0);
  EXPECT_EQ(confidence_of("0.855"), 86);
  EXPECT_EQ(confidence_of("87.4"), 87);
  EXPECT_EQ(confidence_of("1e400"), 0); // not finite after parsing
}

TEST(ReplyParser, confidence_as_text) {
  EXPECT_EQ(confidence_of(R"("85")"), 85);
  EXPECT_EQ(confidence_of(R"("85%")"), 85);
  EXPECT_EQ(confidence_of(R"(" 85 % ")"), 85);
  EXPECT_EQ(confidence_of(R"("0.85")"), 85);
  EXPECT_EQ(confidence_of(R"("120%")"), 100);
  EXPECT_EQ(confidence_of(R"("eighty")"), 0);
  EXPECT_EQ(confidence_of(R"("85 out of 100")"), 0);
  EXPECT_EQ(confidence_of(R"("")"), 0);
}

TEST(ReplyParser, confidence_as_words) {
  EXPECT_EQ(confidence_of(R"("high")"), 85);
  EXPECT_EQ(confidence_of(R"("High")"), 85);
  EXPECT_EQ(confidence_of(R"("medium")"), 60);
  EXPECT_EQ(confidence_of(R"("LOW")"), 30);
  EXPECT_EQ(confidence_of(R"("very high")"), 95);
}

TEST(ReplyParser, confidence_of_other_types_is_zero) {
  EXPECT_EQ(confidence_of("true"), 0);
  EXPECT_EQ(confidence_of("null"), 0);
  EXPECT_EQ(confidence_of("[90]"), 0);
  EXPECT_EQ(confidence_of("{\"value\": 90}"), 0);
}

TEST(ReplyParser, scope_is_normalised) {
  auto scope_of = [](std::string_view s) {
    return ok(R"({"reply": "Hi", "scope": ")" + std::string{s} + "\"}").scope;
  };
  EXPECT_EQ(scope_of("out_of_scope"), "out_of_scope");
  EXPECT_EQ(scope_of("OUT_OF_SCOPE"), "out_of_scope");
  EXPECT_EQ(scope_of("out of scope"), "out_of_scope");
  EXPECT_EQ(scope_of("Out-Of-Scope"), "out_of_scope");
  EXPECT_EQ(scope_of("outofscope"), "out_of_scope");
  EXPECT_EQ(scope_of("in scope"), "in_scope");
  EXPECT_EQ(scope_of("IN_SCOPE"), "in_scope");
  EXPECT_EQ(scope_of("whatever"), "in_scope");
}

TEST(ReplyParser, missing_fields_take_safe_defaults) {
  auto d = ok(R"({"reply": "  Hello there.  "})");
  EXPECT_EQ(d.reply, "Hello there.");
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_EQ(d.confidence, 0);
  EXPECT_EQ(d.reasoning, "");
}

TEST(ReplyParser, keys_are_case_insensitive_and_intent_is_snake_cased) {
  auto d = ok(R"({"Reply": "Hi", "Intent": "Order Status", "Confidence": 90})");
  EXPECT_EQ(d.reply, "Hi");
  EXPECT_EQ(d.intent, "order_status");
  EXPECT_EQ(d.confidence, 90);
}

TEST(ReplyParser, reply_aliases_are_accepted) {
  EXPECT_EQ(ok(R"({"response": "Via response."})").reply, "Via response.");
  EXPECT_EQ(ok(R"({"answer": "Via answer."})").reply, "Via answer.");
}

TEST(ReplyParser, wrong_typed_fields_take_defaults) {
  auto d = ok(R"({"reply": "Hi", "intent": 5, "scope": false, "reasoning": ["a"]})");
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_EQ(d.reasoning, "");
}

TEST(ReplyParser, content_without_json_is_the_reply_with_zero_confidence) {
  auto d = ok("  Our shop opens at 9:00 tomorrow.\n");
  EXPECT_EQ(d.reply, "Our shop opens at 9:00 tomorrow.");
  EXPECT_EQ(d.confidence, 0);
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_FALSE(d.reasoning.empty());
}

TEST(ReplyParser, prose_with_stray_braces_is_the_reply) {
  EXPECT_EQ(ok("Use the {promo} code at checkout.").reply, "Use the {promo} code at checkout.");
}

TEST(ReplyParser, empty_or_missing_reply_is_an_error) {
  failure("");
  failure("   \n\t");
  failure(R"({"reply": "", "confidence": 99})");
  failure(R"({"reply": "   "})");
  failure(R"({"intent": "greeting", "confidence": 99})");
  failure(R"({"reply": 42})");
}

TEST(ReplyParser, malformed_json_without_a_readable_reply_is_an_error) {
  auto error = failure(R"({"reply": "unterminated)");
  EXPECT_NE(error.find("malformed"), std::string::npos) << error;
  failure("```json\n{\"intent\": \"greeting\",\n```");
}

TEST(ReplyParser, truncated_json_keeps_a_complete_reply_with_zero_confidence) {
  auto d = ok(R"({"reply": "Line one.\nLine \"two\".", "confidence": 95, "reasoning": "cut)");
  EXPECT_EQ(d.reply, "Line one.\nLine \"two\".");
  EXPECT_EQ(d.confidence, 0);
}

TEST(ReplyParser, think_block_is_skipped_and_unfinished_thinking_is_an_error) {
  auto d =
      ok("<think>maybe {\"reply\": \"wrong\"}</think>{\"reply\": \"right\", \"confidence\": 90}");
  EXPECT_EQ(d.reply, "right");
  auto error = failure("<think>\nThe customer wants {\"reply\": \"x\"} and");
  EXPECT_NE(error.find("reasoning"), std::string::npos) << error;
  failure("<think>only thoughts</think>   ");
}

TEST(ReplyParser, oversized_content_is_refused) {
  std::string huge(max_content_bytes + 1, 'a');
  auto error = failure(huge);
  EXPECT_NE(error.find("too long"), std::string::npos) << error;
}

TEST(ReplyParser, many_unbalanced_braces_stay_bounded_and_fall_back_to_prose) {
  std::string content = "hello " + std::string(10'000, '{');
  auto d = ok(content);
  EXPECT_EQ(d.reply, content);
  EXPECT_EQ(d.confidence, 0);
  // Starting with a brace it reads as broken JSON, which is refused rather than sent as prose.
  failure(std::string(10'000, '{'));
}

TEST(ReplyParser, previous_draft_values_do_not_leak_into_a_new_parse) {
  llm_draft d;
  d.confidence = 99;
  d.intent = "stale";
  d.tokens_used = 1234;
  std::string error;
  ASSERT_TRUE(parse_draft_content(R"({"reply": "Fresh."})", d, error));
  EXPECT_EQ(d.confidence, 0);
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.tokens_used, 0);
}

} // namespace
} // namespace crm::drafting
