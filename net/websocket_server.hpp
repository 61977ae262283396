#pragma once

// The server side of the operator WebSocket (Beast behind this Beast-free header).
//
// Operation: `accept_websocket` takes an upgrade handed over by http_server's `on_upgrade`,
// completes the handshake and runs the connection on its strand: one read loop, one write at a
// time from a bounded queue of text frames, a ping every `ping_interval`.
//
// Timeouts: our own timers, not Beast's idle timeout (whose automatic pings would double ours).
// Beast's timeout option covers the opening handshake only. A connection that receives nothing
// (no frame, no pong) for `silence_timeout` is dropped; once a close is requested, the peer has
// `close_timeout` (for the frames still queued ahead of the close frame and the closing
// handshake) before the socket is closed outright.
//
// Limits: an incoming message above `max_frame_bytes` closes with 1009, a binary message with
// 1003; a `send_text` that would pass `max_queue_frames` or `max_queue_bytes` queues nothing,
// drops the frames still waiting (the client resynchronises from a snapshot) and closes with 1013.
//
// Lifetime: only pending I/O keeps a connection's socket alive, never a `websocket_ptr`, so an
// application may hold handles past the server's end (they then refuse everything); it must not
// call them *while* the server is being destroyed. If the io_context is destroyed while a
// connection is live (http_server::stop() does not close upgraded connections), its `on_close`
// runs with 1006 from the destroying thread. For a clean shutdown, close every connection first
// (`websocket_registry::close_all`, then `wait_until_empty`), then stop the server.

#include "net/http_server.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace crm::net {

struct upgraded_connection;

struct websocket_options {
  size_t max_frame_bytes = 64 * 1024;                ///< bigger incoming message: close 1009
  size_t max_queue_frames = 256;                     ///< outbound frames waiting to be written
  size_t max_queue_bytes = 1 << 20;                  ///< outbound bytes waiting to be written
  std::chrono::milliseconds ping_interval{15'000};   ///< server pings (WebSocket ping frames)
  std::chrono::milliseconds silence_timeout{45'000}; ///< nothing received (no frame, no pong)
                                                     ///< this long: drop (on_close code 1006)
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds close_timeout{5'000}; ///< after our close frame, wait this long for
                                                  ///< the peer's (counted from the close request)
};

/// A live connection; every member is thread-safe (work is posted onto the connection's strand).
class websocket_connection {
public:
  virtual ~websocket_connection() = default;
  /// Queues a text frame. When it would pass max_queue_frames or max_queue_bytes, nothing is
  /// queued, the connection is closed with 1013 ("try again later": the client resyncs) and false
  /// is returned. False as well once the connection is closing/closed.
  virtual bool send_text(std::string text) = 0;
  /// Sends a close frame (after the frames already queued) and ends the connection.
  virtual void close(uint16_t code, std::string reason) = 0;
  virtual uint64_t id() const = 0;               ///< unique per process
  virtual const std::string& remote() const = 0; ///< peer address for logs
  virtual size_t queued_frames() const = 0;      ///< includes the frame being written
  virtual size_t queued_bytes() const = 0;       ///< includes the frame being written
};

using websocket_ptr = std::shared_ptr<websocket_connection>;

struct websocket_handlers {
  std::function<void(const websocket_ptr&)> on_open; ///< after the handshake
  /// Each complete text message (only while the connection is open, not once closing); binary
  /// closes with 1003.
  std::function<void(const websocket_ptr&, std::string&&)> on_text;
  /// Exactly once per connection that was opened, however it ended: the peer's close code, 1005
  /// when its close frame had none, 1006 when no close frame was received. A failed handshake
  /// calls neither on_open nor on_close. The handlers are released right after.
  std::function<void(const websocket_ptr&, uint16_t code)> on_close;
};

/// Completes the handshake of an upgrade handed over by http_server's on_upgrade, then runs the
/// connection (reads, queued writes, pings) until it ends. Handlers run on the connection's strand
/// (an io thread). An upgrade whose client already sent frames before our 101 (RFC 6455 4.1
/// forbids it) is refused by closing the socket.
void accept_websocket(std::unique_ptr<upgraded_connection> connection, websocket_options options,
                      websocket_handlers handlers);

/// An `http_server_options::on_upgrade` that accepts upgrades to `path` (any path when empty) as
/// WebSocket connections run by `accept_websocket`; other paths get `404 not_found`. Use it rather
/// than a lambda of your own: the handed-over type is complete only with Beast's headers.
upgrade_handler websocket_upgrade_handler(std::string path, websocket_options options,
                                          websocket_handlers handlers);

/// The set of open connections, for broadcasting and for closing them all before the server
/// stops. Wrap the handlers with `track` before `accept_websocket`. Thread-safe.
class websocket_registry {
public:
  /// Handlers that add the connection on open and remove it on close, around `inner`'s.
  websocket_handlers track(websocket_handlers inner);
  /// Asks every open connection to close (each ends within its close_timeout).
  void close_all(uint16_t code, const std::string& reason);
  /// Waits until every tracked connection has closed; false on timeout.
  bool wait_until_empty(std::chrono::milliseconds timeout);
  size_t size() const;

private:
  struct state;
  std::shared_ptr<state> state_ = make_state();
  static std::shared_ptr<state> make_state();
};

} // namespace crm::net
