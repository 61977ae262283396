#include "bench/crm-bench/target_url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace crm::bench {

namespace {

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

} // namespace

bool is_loopback_host(std::string_view host) {
  if (equals_ignore_case(host, "localhost")) return true;
  const std::string h{host};
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    static constexpr std::array<unsigned char, 16> loopback{0, 0, 0, 0, 0, 0, 0, 0,
                                                            0, 0, 0, 0, 0, 0, 0, 1};
    if (std::memcmp(v6.s6_addr, loopback.data(), 16) == 0) return true;
    // ::ffff:127.x.y.z is IPv4 loopback in disguise.
    static constexpr std::array<unsigned char, 12> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(v6.s6_addr, mapped.data(), 12) == 0 && v6.s6_addr[12] == 127;
  }
  return false;
}

target_url_result parse_target_url(std::string_view text) {
  target_url_result r;
  constexpr std::string_view scheme = "http://";
  if (text.size() < scheme.size() || !equals_ignore_case(text.substr(0, scheme.size()), scheme)) {
    r.error = "the URL must start with http:// (no TLS: loopback only)";
    return r;
  }
  auto rest = text.substr(scheme.size());
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  if (slash != std::string_view::npos && rest.substr(slash) != "/")
    r.url.path = std::string{rest.substr(slash)};
  if (authority.find('@') != std::string_view::npos) {
    r.error = "credentials in the URL are not supported";
    return r;
  }

  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      r.error = "unterminated [ in the URL's host";
      return r;
    }
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        r.error = "unexpected text after ] in the URL's host";
        return r;
      }
      port_text = after.substr(1);
      has_port = true;
    }
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (host.empty()) {
    r.error = "the URL has no host";
    return r;
  }
  if (!is_loopback_host(host)) {
    r.error = "refusing host '" + std::string{host} +
              "': crm-bench only talks to loopback (127.0.0.0/8, ::1, localhost)";
    return r;
  }
  if (has_port) {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      r.error = "bad port '" + std::string{port_text} + "' in the URL";
      return r;
    }
    r.url.port = static_cast<std::uint16_t>(value);
  }
  // localhost is mapped here, not resolved: resolvers read /etc/hosts, which may say anything.
  r.url.address = equals_ignore_case(host, "localhost") ? "127.0.0.1" : std::string{host};
  r.url.host_header = std::string{authority};
  return r;
}

} // namespace crm::bench
