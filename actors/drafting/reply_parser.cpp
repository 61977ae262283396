#include "actors/drafting/reply_parser.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <cstdlib>
#include <optional>

namespace crm::drafting {

namespace json = boost::json;

namespace {

// -- small text helpers ----------------------------------------------------------------------

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

/// Lower case, and spaces, dashes and runs of them as one '_': "Out of Scope" -> "out_of_scope".
std::string snake(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (c == ' ' || c == '-' || c == '_') {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += lower(c);
    }
  }
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  return out;
}

std::optional<json::value> parse_json(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return std::nullopt;
  return v;
}

// -- finding the object in the content --------------------------------------------------------

/// Reasoning models (DeepSeek R1, Qwen3 via LM Studio or llama.cpp) put their thinking before
/// the answer; it may hold braces and drafts of its own, so only what follows it counts.
/// Returns nothing when the answer ended inside the thinking (max_tokens hit).
std::optional<std::string_view> strip_think(std::string_view s) {
  s = trim(s);
  for (std::string_view close : {"</think>", "</thinking>"}) {
    auto pos = s.rfind(close);
    if (pos != std::string_view::npos) return trim(s.substr(pos + close.size()));
  }
  if (s.substr(0, 7) == "<think>" || s.substr(0, 10) == "<thinking>") return std::nullopt;
  return s;
}

/// The body of the first ``` fence (with or without a language tag), if any.
std::optional<std::string_view> fenced_block(std::string_view s) {
  auto open = s.find("```");
  if (open == std::string_view::npos) return std::nullopt;
  auto body_start = s.find('\n', open + 3);
  if (body_start == std::string_view::npos) return std::nullopt;
  // The info string ("json", "JSON") is skipped with the rest of the opening line.
  auto close = s.find("```", body_start + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return s.substr(body_start + 1, close - body_start - 1);
}

/// The index one past the '}' balancing the '{' at `start`, respecting JSON strings, or npos.
size_t balanced_end(std::string_view s, size_t start) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = start; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

/// Models that ignore the schema often name the reply field one of the later names.
constexpr std::string_view reply_keys[] = {"reply", "response", "answer", "message"};

bool has_reply_key(const json::object& o) {
  for (const auto& kv : o)
    for (auto key : reply_keys)
      if (iequals(kv.key(), key)) return true;
  return false;
}

/// The first balanced {...} in `s` that parses as an object with a reply field. Objects without
/// one are taken as part of the prose (an example, an order record), not as the answer.
std::optional<json::object> embedded_object(std::string_view s) {
  size_t tried = 0;
  for (size_t pos = s.find('{'); pos != std::string_view::npos && tried < max_embedded_candidates;
       pos = s.find('{', pos + 1), ++tried) {
    auto end = balanced_end(s, pos);
    if (end == std::string_view::npos) continue;
    auto v = parse_json(s.substr(pos, end - pos));
    if (!v || !v->is_object()) continue;
    if (has_reply_key(v->as_object())) return std::move(v->as_object());
  }
  return std::nullopt;
}

std::optional<json::object> find_object(std::string_view content) {
  if (auto v = parse_json(content); v && v->is_object()) return std::move(v->as_object());
  if (auto fenced = fenced_block(content)) {
    auto body = trim(*fenced);
    if (auto v = parse_json(body); v && v->is_object()) return std::move(v->as_object());
    if (auto o = embedded_object(body)) return o;
  }
  return embedded_object(content);
}

/// Truncated output (max_tokens hit) leaves an object that never closes; its "reply" string
/// may still be complete. Returns it decoded, or nothing.
std::optional<std::string> salvage_reply(std::string_view s) {
  for (size_t key = s.find("\"reply\""); key != std::string_view::npos;
       key = s.find("\"reply\"", key + 1)) {
    size_t i = key + 7;
    while (i < s.size() && is_space(s[i]))
      ++i;
    if (i >= s.size() || s[i] != ':') continue;
    ++i;
    while (i < s.size() && is_space(s[i]))
      ++i;
    if (i >= s.size() || s[i] != '"') continue;
    size_t j = i + 1;
    while (j < s.size() && s[j] != '"')
      j += (s[j] == '\\') ? 2 : 1;
    if (j >= s.size()) return std::nullopt;
    auto v = parse_json(s.substr(i, j - i + 1));
    if (v && v->is_string()) return std::string{v->as_string()};
  }
  return std::nullopt;
}

// -- reading the fields ------------------------------------------------------------------------

const json::value* field(const json::object& o, std::string_view name) {
  for (const auto& kv : o)
    if (iequals(kv.key(), name)) return &kv.value();
  return nullptr;
}

std::string string_field(const json::object& o, std::string_view name) {
  auto* v = field(o, name);
  return (v && v->is_string()) ? std::string{trim(v->as_string())} : std::string{};
}

int clamp_percent(double x) {
  if (!std::isfinite(x) || x <= 0) return 0;
  if (x >= 100) return 100;
  return static_cast<int>(std::lround(x));
}

/// A fraction when it has a fractional form and is at most 1 (0.85, "0.85", 1.0); else percent.
int from_number(double x, bool fractional_form) {
  if (fractional_form && x >= 0 && x <= 1) return clamp_percent(x * 100);
  return clamp_percent(x);
}

int confidence_from_text(std::string_view text) {
  std::string t = snake(text);
  if (t == "very_high") return 95;
  if (t == "high") return 85;
  if (t == "medium" || t == "moderate") return 60;
  if (t == "low") return 30;
  if (t == "very_low") return 10;
  std::string_view s = trim(text);
  bool percent = !s.empty() && s.back() == '%';
  if (percent) s = trim(s.substr(0, s.size() - 1));
  if (s.empty() || s.size() > 32) return 0;
  std::string number{s};
  char* end = nullptr;
  double x = std::strtod(number.c_str(), &end);
  if (end == number.c_str() || *end != '\0') return 0;
  if (percent) return clamp_percent(x);
  return from_number(x, number.find('.') != std::string::npos);
}

int read_confidence(const json::value* v) {
  if (!v) return 0;
  if (v->is_int64()) return clamp_percent(static_cast<double>(v->as_int64()));
  if (v->is_uint64()) return clamp_percent(static_cast<double>(v->as_uint64()));
  if (v->is_double()) return from_number(v->as_double(), true);
  if (v->is_string()) return confidence_from_text(v->as_string());
  return 0;
}

std::string read_scope(const json::object& o) {
  std::string s = snake(string_field(o, "scope"));
  std::string compact;
  for (char c : s)
    if (c != '_') compact += c;
  if (compact == "outofscope" || compact == "outscope" || compact == "out") return "out_of_scope";
  return "in_scope";
}

std::string read_intent(const json::object& o) {
  std::string intent = snake(string_field(o, "intent"));
  return intent.empty() ? "unknown" : intent;
}

bool fill_from_object(const json::object& o, llm_draft& out, std::string& error) {
  for (auto key : reply_keys)
    if (out.reply.empty()) out.reply = string_field(o, key);
  if (out.reply.empty()) {
    error = "The model's JSON answer has no reply text.";
    return false;
  }
  out.intent = read_intent(o);
  out.scope = read_scope(o);
  out.confidence = read_confidence(field(o, "confidence"));
  out.reasoning = string_field(o, "reasoning");
  return true;
}

bool looks_like_json(std::string_view s) {
  return s.find("\"reply\"") != std::string_view::npos ||
         (!s.empty() && (s.front() == '{' || s.substr(0, 3) == "```"));
}

// -- the response body -------------------------------------------------------------------------

int64_t number_as_int(const json::value* v) {
  if (!v) return 0;
  if (v->is_int64()) return v->as_int64() > 0 ? v->as_int64() : 0;
  if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64() & 0x7fff'ffff'ffff'ffffULL);
  if (v->is_double() && std::isfinite(v->as_double()) && v->as_double() > 0 &&
      v->as_double() < 9e18)
    return static_cast<int64_t>(v->as_double());
  return 0;
}

int64_t tokens_from(const json::object& body) {
  auto* usage = body.if_contains("usage");
  if (!usage || !usage->is_object()) return 0;
  const auto& u = usage->as_object();
  if (auto* total = u.if_contains("total_tokens"); total && number_as_int(total) > 0)
    return number_as_int(total);
  return number_as_int(u.if_contains("prompt_tokens")) +
         number_as_int(u.if_contains("completion_tokens"));
}

/// The message content as one string: a string, or the text parts of an array concatenated.
std::optional<std::string> content_text(const json::value& content) {
  if (content.is_string()) return std::string{content.as_string()};
  if (!content.is_array()) return std::nullopt;
  std::string text;
  bool any = false;
  for (const auto& part : content.as_array()) {
    if (part.is_string()) {
      text += part.as_string();
      any = true;
      continue;
    }
    if (!part.is_object()) continue;
    const auto& p = part.as_object();
    auto* type = p.if_contains("type");
    auto* t = p.if_contains("text");
    bool text_type = !type || (type->is_string() &&
                               (type->as_string() == "text" || type->as_string() == "output_text"));
    if (text_type && t && t->is_string()) {
      text += t->as_string();
      any = true;
    }
  }
  if (!any) return std::nullopt;
  return text;
}

} // namespace

bool parse_draft_content(std::string_view content, llm_draft& out, std::string& error) {
  out = llm_draft{};
  if (content.size() > max_content_bytes) {
    error =
        "The model's answer is too long (over " + std::to_string(max_content_bytes) + " bytes).";
    return false;
  }
  auto answer = strip_think(content);
  if (!answer) {
    error = "The model's answer ended inside its reasoning, before any reply.";
    return false;
  }
  std::string_view text = *answer;
  if (text.empty()) {
    error = "The model returned an empty answer.";
    return false;
  }
  if (auto object = find_object(text)) return fill_from_object(*object, out, error);

  if (looks_like_json(text)) {
    if (auto reply = salvage_reply(text); reply && !trim(*reply).empty()) {
      out.reply = std::string{trim(*reply)};
      out.intent = "unknown";
      out.reasoning = "The model's JSON answer was incomplete; only the reply was recovered.";
      return true;
    }
    error = "The model's JSON answer is malformed or incomplete and has no readable reply.";
    return false;
  }
  // Plain prose: usable as a draft, but nobody vouched for it.
  out.reply = std::string{text};
  out.intent = "unknown";
  out.reasoning = "The model did not answer in the requested JSON format.";
  return true;
}

bool parse_chat_completion(std::string_view body, llm_draft& out, std::string& error) {
  out = llm_draft{};
  auto parsed = parse_json(body);
  if (!parsed) {
    error = "The LLM response body is not valid JSON.";
    return false;
  }
  if (!parsed->is_object()) {
    error = "The LLM response body is not a JSON object.";
    return false;
  }
  const auto& root = parsed->as_object();
  if (auto* err = root.if_contains("error"); err && !err->is_null()) {
    // The server's own error (not model output): its type or code helps the operator.
    std::string what;
    if (err->is_object()) {
      for (std::string_view key : {"type", "code"}) {
        auto* k = err->as_object().if_contains(key);
        if (k && k->is_string() && k->as_string().size() <= 64) {
          what = std::string{k->as_string()};
          break;
        }
      }
    }
    error = what.empty() ? "The LLM server returned an error."
                         : "The LLM server returned an error (" + what + ").";
    return false;
  }
  auto* choices = root.if_contains("choices");
  if (!choices || !choices->is_array()) {
    error = "The LLM response has no choices array.";
    return false;
  }
  if (choices->as_array().empty()) {
    error = "The LLM response has an empty choices array.";
    return false;
  }
  const auto& choice = choices->as_array().front();
  auto* message = choice.is_object() ? choice.as_object().if_contains("message") : nullptr;
  if (!message || !message->is_object()) {
    error = "The LLM response's first choice has no message.";
    return false;
  }
  const auto& msg = message->as_object();
  auto* content = msg.if_contains("content");
  std::optional<std::string> text = content ? content_text(*content) : std::nullopt;
  if (!text) {
    auto* refusal = msg.if_contains("refusal");
    error = (refusal && refusal->is_string() && !refusal->as_string().empty())
                ? "The model refused to answer."
                : "The LLM response's message has no text content.";
    return false;
  }
  if (!parse_draft_content(*text, out, error)) return false;
  out.tokens_used = tokens_from(root);
  return true;
}

} // namespace crm::drafting
