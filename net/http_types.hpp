#pragma once

// HTTP request and response as the rest of crmd sees them: plain values, no Beast types, so
// that only net/'s own translation units pay for Beast's headers.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::net {

struct http_request {
  std::string method;                                       ///< `GET`, `POST`, ...
  std::string target;                                       ///< Raw request target (path + query).
  std::string path;                                         ///< Percent-decoded path, no query.
  std::vector<std::pair<std::string, std::string>> query;   ///< Decoded query parameters.
  std::vector<std::pair<std::string, std::string>> headers; ///< Names lower-cased.
  std::string body;
  std::string remote; ///< Peer address, for logs.

  /// First header with this (lower-case) name, or empty.
  std::string_view header(std::string_view name) const;
  /// First query parameter with this name, or empty.
  std::string_view query_param(std::string_view name) const;
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers; ///< Extra headers (Retry-After, ...).
};

/// Completes one request. Call exactly once, from any thread: the response is posted back
/// onto the connection's strand, so actors never touch sockets.
using responder = std::function<void(http_response)>;

/// The application's entry point for every request. Runs on an io thread: it must not block.
using request_handler = std::function<void(http_request&&, responder)>;

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`, as in query strings).
/// False on a truncated or non-hex escape; `out` is then unspecified.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

/// Fills `path` and `query` of `request` from a raw origin-form target (`/a%20b?x=1&y`).
/// False when the target is not origin-form or holds a malformed escape.
bool parse_target(std::string_view target, http_request& request);

/// `{"error": code, "detail": detail}` (API.md "Errors"); `field` added for invalid_config.
http_response json_error(int status, std::string_view code, std::string_view detail,
                         std::string_view field = {});

} // namespace crm::net
