#include "operator_client.hpp"

namespace crm::test {

bool operator_client::connect(uint16_t port, const std::string& token, uint64_t last_seq,
                              int receive_buffer) {
  if (receive_buffer > 0) socket_.set_receive_buffer_bytes(receive_buffer);
  if (socket_.connect("127.0.0.1", port, "/ws")) return false;
  send({{"type", "hello"}, {"token", token}, {"last_seq", last_seq}});
  return true;
}

void operator_client::send(const boost::json::object& frame) {
  socket_.send_text(boost::json::serialize(frame));
}

std::optional<boost::json::object> operator_client::next(const std::string& type,
                                                         std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::string text;
    if (socket_.receive_text(text, left)) return std::nullopt;
    auto value = boost::json::parse(text);
    if (value.is_object() && value.at("type") == type.c_str()) return value.get_object();
  }
}

std::optional<boost::json::object> operator_client::act(const std::string& type,
                                                        const std::string& event_token,
                                                        const std::string& action_id,
                                                        boost::json::object extra) {
  extra["type"] = type;
  extra["event_token"] = event_token;
  extra["action_id"] = action_id;
  send(extra);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};
  while (std::chrono::steady_clock::now() < deadline) {
    auto ack = next("ack", std::chrono::milliseconds{5'000});
    if (!ack) return std::nullopt;
    if (ack->at("action_id") == action_id.c_str()) return ack;
  }
  return std::nullopt;
}

std::optional<uint16_t> operator_client::await_close(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text;
    auto ec = socket_.receive_text(text, std::chrono::milliseconds{100});
    // No close frame at all (the connection was dropped) reads as 1006, as in browsers.
    if (ec && ec != std::errc::timed_out) return socket_.close_code().value_or(uint16_t{1006});
  }
  return std::nullopt;
}

} // namespace crm::test
