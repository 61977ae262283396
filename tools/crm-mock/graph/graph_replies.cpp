#include "graph/graph_replies.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <utility>

namespace crm::mock::graph {

namespace {

constexpr std::array<std::pair<fault_mode, std::string_view>, 6> mode_names{{
    {fault_mode::none, "none"},
    {fault_mode::status_500, "status_500"},
    {fault_mode::status_429, "status_429"},
    {fault_mode::hang, "hang"},
    {fault_mode::close, "close"},
    {fault_mode::meta_error, "meta_error"},
}};

constexpr std::string_view meta_prefix = "meta_error:";

std::optional<int64_t> read_int(std::string_view text) {
  int64_t out = 0;
  auto end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return out;
}

/// Meta's trace ids are opaque; unique ones let a test tell two answers apart.
std::string next_trace_id() {
  static std::atomic<uint64_t> next{0};
  char text[32];
  std::snprintf(text, sizeof text, "AmockTrace%08llx", static_cast<unsigned long long>(++next));
  return text;
}

} // namespace

std::optional<fault_mode> parse_fault_mode(std::string_view name) {
  if (name == "timeout") return fault_mode::hang;
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
  return "status_500, status_429, timeout, hang, close, meta_error";
}

std::string encode_fault(const graph_fault& f) {
  if (f.mode != fault_mode::meta_error) return std::string{name_of(f.mode)};
  auto text = std::string{meta_prefix} + std::to_string(f.code);
  if (f.subcode) text += ":" + std::to_string(*f.subcode);
  return text;
}

std::optional<graph_fault> decode_fault(std::string_view text, uint32_t retry_after_s) {
  graph_fault f;
  f.retry_after_s = retry_after_s;
  if (text.rfind(meta_prefix, 0) == 0) {
    text.remove_prefix(meta_prefix.size());
    auto colon = text.find(':');
    auto code = read_int(text.substr(0, colon));
    if (!code) return std::nullopt;
    f.mode = fault_mode::meta_error;
    f.code = *code;
    if (colon != std::string_view::npos) {
      f.subcode = read_int(text.substr(colon + 1));
      if (!f.subcode) return std::nullopt;
    }
    return f;
  }
  auto mode = parse_fault_mode(text);
  if (!mode || *mode == fault_mode::meta_error) return std::nullopt;
  f.mode = *mode;
  return f;
}

std::string outcome_of(const graph_fault& f) {
  if (f.mode == fault_mode::meta_error) return "meta_error_" + std::to_string(f.code);
  return std::string{name_of(f.mode)};
}

int http_status_of(int64_t code) {
  if (code == 190) return 401;
  if (code == 10) return 403;
  return 400;
}

std::string_view title_of(int64_t code) {
  switch (code) {
  case 1:
    return "An unknown error occurred";
  case 2:
    return "Service temporarily unavailable";
  case 4:
    return "(#4) Application request limit reached";
  case 10:
    return "(#10) Application does not have permission for this action";
  case 100:
    return "(#100) Invalid parameter";
  case 190:
    return "Invalid OAuth access token";
  case 80007:
    return "(#80007) Rate limit issues";
  case 130429:
    return "(#130429) Rate limit hit";
  case 131000:
    return "Something went wrong";
  case 131026:
    return "(#131026) Message undeliverable";
  case 131047:
    return "(#131047) Re-engagement message";
  case 131056:
    return "(#131056) (Business Account, Consumer Account) pair rate limit hit";
  default:
    return "Error";
  }
}

net::http_response meta_error(int status, int64_t code, std::string_view message,
                              std::optional<int64_t> subcode) {
  boost::json::object error{{"message", message}, {"type", "OAuthException"}, {"code", code}};
  if (subcode) error["error_subcode"] = *subcode;
  error["fbtrace_id"] = next_trace_id();
  net::http_response response;
  response.status = status;
  response.body = boost::json::serialize(boost::json::object{{"error", std::move(error)}});
  return response;
}

net::http_response fault_response(const graph_fault& f) {
  switch (f.mode) {
  case fault_mode::status_500:
    return meta_error(500, 2, title_of(2));
  case fault_mode::status_429: {
    auto response = meta_error(429, 130429, title_of(130429));
    response.headers.emplace_back("Retry-After", std::to_string(f.retry_after_s));
    return response;
  }
  case fault_mode::meta_error:
    return meta_error(http_status_of(f.code), f.code, title_of(f.code), f.subcode);
  default:
    return meta_error(500, 1, title_of(1));
  }
}

net::http_response sent_response(std::string_view to, std::string_view wamid) {
  std::string wa_id;
  for (char c : to)
    if (c >= '0' && c <= '9') wa_id += c;
  boost::json::object body{
      {"messaging_product", "whatsapp"},
      {"contacts", boost::json::array{{{"input", to}, {"wa_id", wa_id}}}},
      {"messages", boost::json::array{{{"id", wamid}}}},
  };
  net::http_response response;
  response.body = boost::json::serialize(body);
  return response;
}

} // namespace crm::mock::graph
