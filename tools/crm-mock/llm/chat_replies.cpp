#include "llm/chat_replies.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <chrono>
#include <utility>

namespace crm::mock::llm {

namespace {

constexpr std::array<std::pair<fault_mode, std::string_view>, 10> mode_names{{
    {fault_mode::none, "none"},
    {fault_mode::status_500, "status_500"},
    {fault_mode::status_429, "status_429"},
    {fault_mode::hang, "hang"},
    {fault_mode::malformed_json, "malformed_json"},
    {fault_mode::prose, "prose"},
    {fault_mode::fenced, "fenced"},
    {fault_mode::no_usage, "no_usage"},
    {fault_mode::empty_content, "empty_content"},
    {fault_mode::close, "close"},
}};

std::string content_of(const completion& c) {
  auto object = c.what->content ? *c.what->content : boost::json::serialize(c.what->fields);
  switch (c.mode) {
  case fault_mode::prose:
    return "Sure! Here is my answer: " + object + " Hope this helps!";
  case fault_mode::fenced:
    return "```json\n" + object + "\n```";
  case fault_mode::empty_content:
    return {};
  default:
    return object;
  }
}

} // namespace

std::optional<fault_mode> parse_fault_mode(std::string_view name) {
  for (auto [mode, text] : mode_names)
    if (text == name && mode != fault_mode::none) return mode;
  return std::nullopt;
}

std::string_view name_of(fault_mode mode) {
  for (auto [m, text] : mode_names)
    if (m == mode) return text;
  return "none";
}

std::string_view fault_mode_names() {
  return "status_500, status_429, hang, malformed_json, prose, fenced, no_usage, "
         "empty_content, close";
}

uint64_t word_count(std::string_view text) {
  uint64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

net::http_response completion_response(const completion& c) {
  switch (c.mode) {
  case fault_mode::status_500:
    return openai_error(500, "The server had an error while processing your request.",
                        "server_error", "internal_error");
  case fault_mode::status_429: {
    auto response = openai_error(429, "Rate limit reached for requests; try again later.",
                                 "requests", "rate_limit_exceeded");
    response.headers.emplace_back("Retry-After", std::to_string(c.retry_after_s));
    return response;
  }
  case fault_mode::malformed_json: {
    net::http_response response;
    response.body = R"({"id": ")" + c.id + R"(", "object": "chat.completion", "choices": [{"ind)";
    return response;
  }
  default:
    break;
  }
  auto content = content_of(c);
  auto completion_tokens = word_count(content);
  auto created = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  boost::json::object body{
      {"id", c.id},
      {"object", "chat.completion"},
      {"created", created},
      {"model", c.model},
      {"choices", boost::json::array{{{"index", 0},
                                      {"message", {{"role", "assistant"}, {"content", content}}},
                                      {"finish_reason", "stop"}}}}};
  if (c.mode != fault_mode::no_usage)
    body["usage"] = {{"prompt_tokens", c.prompt_tokens},
                     {"completion_tokens", completion_tokens},
                     {"total_tokens", c.prompt_tokens + completion_tokens}};
  net::http_response response;
  response.body = boost::json::serialize(body);
  return response;
}

net::http_response openai_error(int status, std::string_view message, std::string_view type,
                                std::string_view code) {
  boost::json::object body{
      {"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}};
  net::http_response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

} // namespace crm::mock::llm
