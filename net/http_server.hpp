#pragma once

// The HTTP/1.1 front door (Boost.Beast behind a pimpl, so including this header is cheap).
//
// Operation: `start` binds, then `io_threads` threads run one io_context. Each connection reads
// one request at a time (pipelined requests wait in the read buffer: pipelining-safe), hands it
// to the request_handler and writes the response when the responder is called.
// Limits: header bytes, body bytes (413 with a JSON error past it), a read deadline per request
// (slowloris), an idle keep-alive deadline, and a maximum number of open connections.

#include "net/http_types.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

namespace crm::net {

/// A connection handed over after a `GET` with `Upgrade: websocket` (defined, with Beast types,
/// in net/upgraded_connection.hpp, which only the WebSocket code includes).
struct upgraded_connection;

/// Takes over an upgrade request's socket (runs on the connection's strand; must not block).
/// The connection then no longer counts toward `max_connections` and `stop()` does not close it:
/// its new owner does.
using upgrade_handler = std::function<void(http_request&&, std::unique_ptr<upgraded_connection>)>;

struct http_server_options {
  std::string address = "127.0.0.1";
  uint16_t port = 8000; ///< 0 picks a free port; port() tells which.
  unsigned io_threads = 2;
  size_t header_limit_bytes = 16 * 1024;
  size_t body_limit_bytes = 4 * 1024 * 1024; ///< Meta sends up to 3 MB.
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{10'000}; ///< A client that reads too slowly is dropped.
  size_t max_connections = 10'000;
  /// WebSocket extension point: unset, an upgrade request gets `426 upgrade_not_supported`.
  upgrade_handler on_upgrade;
};

class http_server {
public:
  http_server(http_server_options options, request_handler handler);
  ~http_server(); ///< Stops and joins.
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  std::error_code start();
  uint16_t port() const;
  /// Stops accepting, closes connections, joins the io threads. Requests still waiting for
  /// their responder are dropped (a later call is ignored safely). Never call from an io thread.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace crm::net
