#pragma once

// `HOST:PORT` endpoints as the node's flags spell them (`--listen`, `--cluster-listen`,
// `--peers`). IPv6 hosts are bracketed (`[::1]:8000`); the brackets are not part of `host`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::config {

struct host_port {
  std::string host; ///< Name or address, without IPv6 brackets.
  uint16_t port = 0;

  friend bool operator==(const host_port&, const host_port&) = default;
};

/// Parses `HOST:PORT` (port 0-65535, host a DNS name, IPv4 address or `[IPv6]`), or nothing.
std::optional<host_port> parse_host_port(std::string_view text);

/// The `HOST:PORT` spelling of an endpoint (IPv6 hosts bracketed again).
std::string to_string(const host_port& endpoint);

} // namespace crm::config
