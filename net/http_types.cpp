#include "net/http_types.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace crm::net {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace

std::string_view http_request::header(std::string_view name) const {
  // Names are stored lower-cased; comparing case-insensitively also forgives a caller's `Host`.
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

std::string_view http_request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return {};
}

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool parse_target(std::string_view target, http_request& request) {
  // Origin-form only (RFC 9112 3.2.1): absolute-form is for proxies, which we are not.
  if (target.empty() || target.front() != '/') return false;
  auto question = target.find('?');
  auto raw_path = target.substr(0, question);
  if (!percent_decode(raw_path, request.path, false)) return false;
  request.query.clear();
  if (question == std::string_view::npos) return true;
  auto rest = target.substr(question + 1);
  // A fragment never reaches a server, but a sloppy client might send one: ignore it.
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key;
    std::string value;
    if (!percent_decode(pair.substr(0, eq), key, true)) return false;
    if (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true))
      return false;
    request.query.emplace_back(std::move(key), std::move(value));
  }
  return true;
}

http_response json_error(int status, std::string_view code, std::string_view detail,
                         std::string_view field) {
  boost::json::object body;
  body["error"] = code;
  body["detail"] = detail;
  if (!field.empty()) body["field"] = field;
  http_response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = boost::json::serialize(body);
  return response;
}

} // namespace crm::net
