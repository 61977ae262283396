#pragma once

// The one target crm-bench may talk to. This workplace forbids traffic anywhere but loopback,
// so parsing refuses every host that is not 127.0.0.0/8, ::1 or `localhost` — by address, before
// any socket exists, never by resolving a name.

#include <cstdint>
#include <string>
#include <string_view>

namespace crm::bench {

struct target_url {
  std::string address; ///< Numeric loopback address to connect to (`127.0.0.1`, `::1`).
  std::uint16_t port = 80;
  std::string host_header; ///< `Host:` value as written in the URL (`127.0.0.1:8000`).
  std::string path;        ///< Path from the URL, empty when the URL has none or just `/`.
};

struct target_url_result {
  target_url url;
  std::string error; ///< Empty on success, else a sentence.
  bool ok() const { return error.empty(); }
};

/// Parses `http://host[:port][/path]`. Only plain http, only loopback hosts.
target_url_result parse_target_url(std::string_view text);

/// True for 127.0.0.0/8, ::1 (also as an IPv4-mapped ::ffff:127.x.y.z) and `localhost`.
bool is_loopback_host(std::string_view host);

} // namespace crm::bench
