#pragma once

// An operator on the WebSocket for end-to-end tests: hello, then frames as JSON, waiting for the
// one of a given type (skipping the others) with a timeout.

#include "net/websocket_client.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace crm::test {

class operator_client {
public:
  /// Connects to /ws and says hello; `receive_buffer` > 0 shrinks SO_RCVBUF (a slow client).
  bool connect(uint16_t port, const std::string& token, uint64_t last_seq = 0,
               int receive_buffer = 0);
  /// The next frame of `type` within `timeout` (other frames are skipped), or nullopt.
  std::optional<boost::json::object>
  next(const std::string& type,
       std::chrono::milliseconds timeout = std::chrono::milliseconds{5'000});
  /// Sends an action; returns its ack (skipping events), or nullopt.
  std::optional<boost::json::object> act(const std::string& type, const std::string& event_token,
                                         const std::string& action_id,
                                         boost::json::object extra = {});
  void send(const boost::json::object& frame);
  /// The server's close code once it closed the connection (waits up to `timeout`).
  std::optional<uint16_t> await_close(std::chrono::milliseconds timeout = std::chrono::milliseconds{
                                          5'000});
  net::websocket_client& socket() { return socket_; }

private:
  net::websocket_client socket_;
};

} // namespace crm::test
