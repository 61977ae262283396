// Whole /chat/completions bodies, from fixtures written after each server's documented format.

#include "actors/drafting/reply_parser.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace crm::drafting {
namespace {

std::string fixture(std::string_view name) {
  std::ifstream in(std::string{CRM_SOURCE_DIR "/tests/data/llm/"} + std::string{name});
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

llm_draft parsed(std::string_view name) {
  llm_draft d;
  std::string error;
  EXPECT_TRUE(parse_chat_completion(fixture(name), d, error)) << name << ": " << error;
  return d;
}

std::string failure(std::string_view body) {
  llm_draft d;
  std::string error;
  EXPECT_FALSE(parse_chat_completion(body, d, error)) << body;
  EXPECT_FALSE(error.empty());
  return error;
}

TEST(ReplyParser, lm_studio_response) {
  auto d = parsed("lmstudio.json");
  EXPECT_EQ(d.reply, "Thanks for reaching out! Please send your order number and we will check "
                     "its status right away.");
  EXPECT_EQ(d.intent, "order_status");
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_EQ(d.confidence, 88);
  EXPECT_EQ(d.reasoning, "Customer asks where their order is; no order number given yet.");
  EXPECT_EQ(d.tokens_used, 670);
}

TEST(ReplyParser, lm_studio_reasoning_model_think_block_is_skipped) {
  auto d = parsed("lmstudio_think.json");
  EXPECT_EQ(d.reply, "We are happy to help with a return. Please send your order number.");
  EXPECT_EQ(d.intent, "returns");
  EXPECT_EQ(d.confidence, 91);
  EXPECT_EQ(d.tokens_used, 760);
}

TEST(ReplyParser, llama_cpp_server_response_with_fenced_json_and_fraction_confidence) {
  auto d = parsed("llamacpp_server.json");
  EXPECT_EQ(d.reply, "Our team answers messages Monday to Friday, 9:00 to 17:00.");
  EXPECT_EQ(d.intent, "opening_hours");
  EXPECT_EQ(d.confidence, 92);
  EXPECT_EQ(d.tokens_used, 659);
}

TEST(ReplyParser, vllm_response_out_of_scope) {
  auto d = parsed("vllm.json");
  EXPECT_EQ(d.scope, "out_of_scope");
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.confidence, 97);
  EXPECT_EQ(d.tokens_used, 626);
}

TEST(ReplyParser, ollama_openai_endpoint_with_prose_around_json_and_word_confidence) {
  auto d = parsed("ollama_v1.json");
  EXPECT_EQ(d.reply,
            "Prices are listed on each product page. Which product are you interested in?");
  EXPECT_EQ(d.intent, "pricing");
  EXPECT_EQ(d.scope, "in_scope");
  EXPECT_EQ(d.confidence, 85);
  EXPECT_EQ(d.tokens_used, 602);
}

TEST(ReplyParser, openai_response) {
  auto d = parsed("openai.json");
  EXPECT_EQ(d.reply, "Hello! How can I help you today?");
  EXPECT_EQ(d.intent, "greeting");
  EXPECT_EQ(d.confidence, 96);
  EXPECT_EQ(d.tokens_used, 621);
}

TEST(ReplyParser, content_as_array_of_text_parts_is_joined) {
  auto d = parsed("openai_content_parts.json");
  EXPECT_EQ(d.reply, "I can check that for you. Please send your order number.");
  EXPECT_EQ(d.confidence, 84);
  EXPECT_EQ(d.tokens_used, 641);
}

TEST(ReplyParser, refusal_is_an_error_without_the_model_text) {
  auto error = failure(fixture("openai_refusal.json"));
  EXPECT_NE(error.find("refused"), std::string::npos) << error;
  EXPECT_EQ(error.find("sorry"), std::string::npos) << error;
}

TEST(ReplyParser, empty_content_is_an_error) {
  auto error = failure(fixture("empty_content.json"));
  EXPECT_NE(error.find("empty"), std::string::npos) << error;
}

TEST(ReplyParser, missing_usage_gives_zero_tokens) {
  auto d = parsed("missing_usage.json");
  EXPECT_EQ(d.reply, "We are happy to help with a return.");
  EXPECT_EQ(d.confidence, 75);
  EXPECT_EQ(d.tokens_used, 0);
}

TEST(ReplyParser, usage_without_total_adds_prompt_and_completion) {
  EXPECT_EQ(parsed("usage_without_total.json").tokens_used, 520);
}

TEST(ReplyParser, truncated_answer_keeps_the_complete_reply_for_review) {
  auto d = parsed("truncated_length.json");
  EXPECT_EQ(d.reply, "Our team answers messages Monday to Friday.");
  EXPECT_EQ(d.confidence, 0);
  EXPECT_EQ(d.intent, "unknown");
  EXPECT_EQ(d.tokens_used, 570);
}

TEST(ReplyParser, server_error_object_is_reported_by_type_not_message) {
  auto error = failure(fixture("error_openai.json"));
  EXPECT_NE(error.find("tokens"), std::string::npos) << error;
  EXPECT_EQ(error.find("Rate limit reached"), std::string::npos) << error;
  EXPECT_EQ(failure(fixture("error_lmstudio.json")), "The LLM server returned an error.");
}

TEST(ReplyParser, body_that_is_not_json_is_an_error) {
  EXPECT_EQ(failure("<html>502 Bad Gateway</html>"), "The LLM response body is not valid JSON.");
  EXPECT_EQ(failure(""), "The LLM response body is not valid JSON.");
  EXPECT_EQ(failure("{\"choices\": ["), "The LLM response body is not valid JSON.");
}

TEST(ReplyParser, body_that_is_not_an_object_is_an_error) {
  EXPECT_EQ(failure("[1,2]"), "The LLM response body is not a JSON object.");
  EXPECT_EQ(failure("\"hello\""), "The LLM response body is not a JSON object.");
}

TEST(ReplyParser, missing_or_empty_choices_are_errors) {
  EXPECT_EQ(failure("{}"), "The LLM response has no choices array.");
  EXPECT_EQ(failure("{\"choices\": {}}"), "The LLM response has no choices array.");
  EXPECT_EQ(failure("{\"choices\": []}"), "The LLM response has an empty choices array.");
}

TEST(ReplyParser, choice_without_message_or_text_is_an_error) {
  EXPECT_EQ(failure("{\"choices\": [1]}"), "The LLM response's first choice has no message.");
  EXPECT_EQ(failure("{\"choices\": [{\"text\": \"legacy completion\"}]}"),
            "The LLM response's first choice has no message.");
  EXPECT_EQ(failure("{\"choices\": [{\"message\": {\"role\": \"assistant\"}}]}"),
            "The LLM response's message has no text content.");
  EXPECT_EQ(failure("{\"choices\": [{\"message\": {\"content\": 42}}]}"),
            "The LLM response's message has no text content.");
  EXPECT_EQ(failure("{\"choices\": [{\"message\": {\"content\": [{\"type\": \"image_url\"}]}}]}"),
            "The LLM response's message has no text content.");
}

TEST(ReplyParser, errors_never_contain_the_model_text) {
  std::string body =
      R"({"choices":[{"message":{"content":"{\"reply\": \"\", \"secret\": \"zebracorn\"}"}}]})";
  auto error = failure(body);
  EXPECT_EQ(error.find("zebracorn"), std::string::npos) << error;
}

TEST(ReplyParser, null_error_field_is_not_an_error) {
  llm_draft d;
  std::string error;
  EXPECT_TRUE(parse_chat_completion(
      R"({"error": null, "choices":[{"message":{"content":"{\"reply\":\"Hi\",\"confidence\":90}"}}],
          "usage": {"total_tokens": 7}})",
      d, error))
      << error;
  EXPECT_EQ(d.reply, "Hi");
  EXPECT_EQ(d.tokens_used, 7);
}

TEST(ReplyParser, odd_usage_values_give_zero_tokens) {
  llm_draft d;
  std::string error;
  ASSERT_TRUE(parse_chat_completion(
      R"({"choices":[{"message":{"content":"plain"}}],"usage":{"total_tokens":-5}})", d, error));
  EXPECT_EQ(d.tokens_used, 0);
  ASSERT_TRUE(parse_chat_completion(
      R"({"choices":[{"message":{"content":"plain"}}],"usage":"lots"})", d, error));
  EXPECT_EQ(d.tokens_used, 0);
}

} // namespace
} // namespace crm::drafting
