#include "config/host_port.hpp"

#include <charconv>

namespace crm::config {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

template <class Pred>
bool all_of(std::string_view s, Pred pred) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

} // namespace

std::optional<host_port> parse_host_port(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto host = text.substr(0, colon);
  auto port_text = text.substr(colon + 1);
  // Five digits at most: rejects "+1", " 80" and values from_chars would wrap.
  if (port_text.empty() || port_text.size() > 5 ||
      !all_of(port_text, [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  unsigned port = 0;
  std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port > 65535) return std::nullopt;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (host.empty() || host.find(':') == std::string_view::npos || !all_of(host, is_ipv6_char))
      return std::nullopt;
  } else if (host.empty() || host.size() > 253 || !all_of(host, is_name_char)) {
    return std::nullopt;
  }
  return host_port{std::string{host}, static_cast<uint16_t>(port)};
}

std::string to_string(const host_port& endpoint) {
  auto port = std::to_string(endpoint.port);
  if (endpoint.host.find(':') != std::string::npos) return "[" + endpoint.host + "]:" + port;
  return endpoint.host + ":" + port;
}

} // namespace crm::config
