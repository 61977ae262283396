#include "bench/crm-bench/response_parser.hpp"

#include <algorithm>
#include <charconv>

namespace crm::bench {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

bool contains_token(std::string_view list, std::string_view token) {
  // Comma-separated header list, case-insensitive tokens (`Connection: keep-alive, close`).
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
      item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
      item.remove_suffix(1);
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

parsed_response fail(std::string_view why) {
  parsed_response r;
  r.state = parse_state::error;
  r.error = why;
  return r;
}

/// Walks a chunked body starting at `body`; returns its length incl. the final CRLF, 0 if
/// incomplete, or npos on a framing error.
constexpr std::size_t kBad = std::string_view::npos;
std::size_t chunked_length(std::string_view body) {
  std::size_t pos = 0;
  for (;;) {
    const auto eol = body.find("\r\n", pos);
    if (eol == std::string_view::npos) return body.size() - pos > 64 ? kBad : 0;
    auto size_text = body.substr(pos, eol - pos);
    size_text = size_text.substr(0, size_text.find(';')); // chunk extensions
    std::size_t size = 0;
    const auto [end, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc{} || end != size_text.data() + size_text.size()) return kBad;
    pos = eol + 2;
    if (size == 0) {
      // Trailers (rare) end with an empty line.
      const auto end_of_trailers = body.find("\r\n\r\n", pos - 2);
      if (end_of_trailers == std::string_view::npos) return 0;
      return end_of_trailers + 4;
    }
    if (body.size() < pos + size + 2) return 0;
    if (body.substr(pos + size, 2) != "\r\n") return kBad;
    pos += size + 2;
  }
}

} // namespace

parsed_response parse_response(std::string_view bytes, std::size_t max_bytes) {
  const auto head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (bytes.size() > std::min(max_bytes, kMaxResponseHead))
      return fail("response head too large");
    return {};
  }
  const auto head = bytes.substr(0, head_end + 2); // keep the last line's CRLF
  const auto body = bytes.substr(head_end + 4);

  // Status line: HTTP/1.x SP 3DIGIT [SP reason]
  const auto line_end = head.find("\r\n");
  const auto status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ')
    return fail("malformed status line");
  parsed_response r;
  const auto code = status_line.substr(9, 3);
  const auto [end, ec] = std::from_chars(code.data(), code.data() + 3, r.status);
  if (ec != std::errc{} || end != code.data() + 3 || r.status < 100 || r.status > 599 ||
      (status_line.size() > 12 && status_line[12] != ' '))
    return fail("malformed status code");
  // HTTP/1.0 closes unless told otherwise.
  r.close = status_line[7] == '0';

  bool chunked = false;
  bool has_length = false;
  std::size_t length = 0;
  auto lines = head.substr(line_end + 2);
  while (!lines.empty()) {
    const auto eol = lines.find("\r\n");
    const auto line = lines.substr(0, eol);
    lines.remove_prefix(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail("malformed header line");
    const auto name = line.substr(0, colon);
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
      value.remove_suffix(1);
    if (iequals(name, "content-length")) {
      std::size_t n = 0;
      const auto [p, e] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (e != std::errc{} || p != value.data() + value.size() || (has_length && n != length))
        return fail("malformed Content-Length");
      has_length = true;
      length = n;
    } else if (iequals(name, "transfer-encoding")) {
      chunked = contains_token(value, "chunked");
    } else if (iequals(name, "connection")) {
      if (contains_token(value, "close"))
        r.close = true;
      else if (contains_token(value, "keep-alive"))
        r.close = false;
    }
  }

  const auto head_size = head_end + 4;
  std::size_t body_size = 0;
  const bool no_body = r.status < 200 || r.status == 204 || r.status == 304;
  if (no_body) {
    body_size = 0;
  } else if (chunked) {
    body_size = chunked_length(body);
    if (body_size == kBad) return fail("malformed chunked body");
    if (body_size == 0) {
      if (bytes.size() > max_bytes) return fail("response too large");
      return {};
    }
  } else if (has_length) {
    body_size = length;
  } else {
    // Body delimited by close: our servers never do that, and we could not time it anyway.
    return fail("response without Content-Length or chunked framing");
  }
  if (head_size + body_size > max_bytes) return fail("response too large");
  if (bytes.size() < head_size + body_size) return {};
  r.state = parse_state::complete;
  r.consumed = head_size + body_size;
  return r;
}

} // namespace crm::bench
