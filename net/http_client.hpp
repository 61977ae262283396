#pragma once

// A small blocking HTTP/1.1 client (Beast behind a pimpl) for tools and tests: crm-audit's
// remote mode, crm-operator, end-to-end tests. Never used on an io or actor thread.

#include <chrono>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace crm::net {

struct client_response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers; ///< Names lower-cased.
  std::string body;
  std::string header(const std::string& lower_name) const;
};

struct client_request {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
};

/// One request on a fresh connection. ec is set on connect/IO/timeout failures.
client_response http_call(const std::string& host, uint16_t port, const client_request& request,
                          std::error_code& ec,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000});

/// Splits "http://host:port/prefix" into parts; false if not plain http.
bool split_http_url(const std::string& url, std::string& host, uint16_t& port, std::string& prefix);

} // namespace crm::net
