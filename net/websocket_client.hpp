#pragma once

// A small blocking WebSocket client (RFC 6455, plain TCP) for tools and tests: crm-operator and
// the end-to-end tests. Never used on an io or actor thread. Not thread-safe: one thread drives it.
//
// It frames by hand over a POSIX socket instead of using Beast: tests need what Beast does not
// offer a client (turning automatic pongs off, sending binary or oversized frames on purpose).
// Incoming messages are bounded by `max_message_bytes` (bigger: close 1009).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace crm::net {

class websocket_client {
public:
  /// Largest incoming message accepted (the biggest is a review snapshot).
  static constexpr size_t max_message_bytes = 16 * 1024 * 1024;
  /// Largest handshake response accepted.
  static constexpr size_t max_handshake_bytes = 16 * 1024;

  websocket_client();
  ~websocket_client(); ///< Sends a close frame (1001) if still open, without waiting.
  websocket_client(const websocket_client&) = delete;
  websocket_client& operator=(const websocket_client&) = delete;

  /// Connects to ws://host:port/target (plain TCP). Error when connect/handshake fails or the
  /// server answers the upgrade with an HTTP status (then `std::errc::connection_refused` and
  /// http_status() tells it). `timeout` bounds the whole connect + handshake and, later, each
  /// send. `headers` are added to the upgrade request.
  std::error_code connect(const std::string& host, uint16_t port, const std::string& target,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds{5'000},
                          std::vector<std::pair<std::string, std::string>> headers = {});
  std::error_code send_text(const std::string& text);
  /// Sends a binary message (the server refuses them: tests).
  std::error_code send_binary(const std::string& data);
  /// Waits for the next text message (pings are answered automatically, pongs ignored, binary
  /// messages skipped). std::errc::timed_out on timeout (the connection stays usable). On a close
  /// frame from the server: std::errc::connection_aborted, close_code() holds its code (1005 when
  /// it had none), the close is answered and the socket closed. A connection that ends without a
  /// close frame: std::errc::connection_reset. Not open: std::errc::not_connected.
  std::error_code receive_text(std::string& out, std::chrono::milliseconds timeout);
  /// Sends a close frame and waits (at most 1 s) for the server's; close_code() then holds the
  /// server's answer.
  void close(uint16_t code = 1000);
  std::optional<uint16_t> close_code() const;
  int http_status() const; ///< the status of a refused upgrade, else 0
  bool is_open() const;
  /// Before connect(): shrink SO_RCVBUF (tests simulating a client that never reads).
  void set_receive_buffer_bytes(int bytes);
  /// Disable automatic pong replies (tests of the server's silence timeout).
  void set_auto_pong(bool on);

private:
  enum class opcode : uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA
  };
  struct frame {
    bool fin = false;
    opcode op = opcode::text;
    std::string payload;
  };

  std::error_code send_frame(opcode op, std::string_view payload);
  std::error_code send_all(std::string_view bytes);
  /// Reads one frame, waiting until `deadline`.
  std::error_code read_frame(frame& out, std::chrono::steady_clock::time_point deadline);
  /// Waits for the socket to be readable (POLLIN) or writable (POLLOUT) until `deadline`.
  std::error_code wait_for(short events, std::chrono::steady_clock::time_point deadline);
  std::error_code fill(std::chrono::steady_clock::time_point deadline);
  void on_close_frame(const std::string& payload);
  /// Fails the connection: a close frame with `code` (best effort), then the socket closes.
  std::error_code fail(uint16_t code, std::errc error);
  void close_socket();

  int fd_ = -1;
  bool open_ = false;
  bool close_sent_ = false;
  bool auto_pong_ = true;
  int receive_buffer_bytes_ = 0;
  int http_status_ = 0;
  std::chrono::milliseconds send_timeout_{5'000};
  std::optional<uint16_t> close_code_;
  std::string input_;                  ///< Received bytes not yet parsed into frames.
  std::string message_;                ///< A fragmented message being assembled.
  std::optional<opcode> message_type_; ///< Its type while assembling.
};

} // namespace crm::net
