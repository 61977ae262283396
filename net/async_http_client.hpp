#pragma once

// An asynchronous HTTP/1.1 client (Beast behind a pimpl) for calls that must not block an actor:
// the inference pool's LLM requests and the outbox's WhatsApp Graph API calls.
//
// Operation: `io_threads` threads run one io_context. Each request runs on the strand of the
// connection it uses; one timer bounds the whole exchange (resolve, connect, TLS handshake, write,
// read). Finished keep-alive connections go back to an idle pool keyed by (scheme, host, port).
// Limits: `max_idle_per_host` idle connections per origin (a connection finishing when its
// origin's pool is full is closed), `idle_timeout` for an idle connection (checked when the pool
// is touched), `max_response_bytes` per response body (std::errc::message_size past it).
// Concurrency: send() is thread-safe; the number of requests in flight is the caller's bound.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace crm::net {

struct async_request {
  std::string method = "POST";
  std::string url; ///< "http://host:port/path?q" or "https://host[:port]/path"
  std::vector<std::pair<std::string, std::string>> headers; ///< extra headers (Authorization, ...)
  std::string body;
  std::string content_type = "application/json";
  std::chrono::milliseconds timeout{30'000}; ///< whole exchange: connect+write+read
};

struct async_response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased
  std::string body;
  /// First header with this (lower-case) name, or empty.
  std::string_view header(std::string_view lower_name) const;
};

/// Runs exactly once, on one of the client's io threads; must not block.
/// Errors: std::errc::timed_out (deadline), invalid_argument (bad URL), message_size (body over
/// max_response_bytes), operation_canceled (client destroyed), connection_reset (reset or closed
/// before any byte of the response), else the transport's own code (resolve, TLS, parse, ...).
using async_callback = std::function<void(std::error_code, async_response)>;

struct async_client_options {
  unsigned io_threads = 1;
  size_t max_idle_per_host = 32; ///< keep-alive pool bound per (scheme, host, port)
  std::chrono::seconds idle_timeout{30};
  size_t max_response_bytes = 8 * 1024 * 1024;
  bool verify_peer = true; ///< https: verify certificate + hostname (SNI set always)
  std::string ca_file;     ///< extra CA bundle (tests); empty: system default paths
};

class async_http_client {
public:
  explicit async_http_client(async_client_options options = {});
  /// Cancels outstanding requests (callbacks get an error), joins threads. Never call it from
  /// one of the client's own io threads (a callback).
  ~async_http_client();
  async_http_client(const async_http_client&) = delete;
  async_http_client& operator=(const async_http_client&) = delete;

  /// Thread-safe. Reuses an idle keep-alive connection to the same origin, else connects.
  /// A reused connection that turns out closed by the peer (stale keep-alive) is retried once on
  /// a fresh connection transparently (only when nothing of the response was read).
  void send(async_request request, async_callback done);
  size_t idle_connections() const;
  uint64_t connections_opened() const; ///< for tests/metrics: how many TCP connects were made

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Error classification for the callers' retry decisions.
bool is_timeout(const std::error_code& ec); ///< the request's deadline passed
/// refused/unreachable/resolve failure/reset before a response
bool is_connect_error(const std::error_code& ec);

} // namespace crm::net
