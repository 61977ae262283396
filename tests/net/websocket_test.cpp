#include "net/websocket_client.hpp"
#include "net/websocket_server.hpp"

#include "net/http_server.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace crm::net;
using namespace std::chrono_literals;

namespace {

/// What the server side saw, for assertions from the test thread.
struct recorder {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<websocket_ptr> opened;
  std::vector<std::string> texts;
  std::vector<uint16_t> close_codes;
  std::map<uint64_t, int> closes_per_id;
  bool echo = true;

  template <class Predicate>
  bool wait(Predicate done, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock{mutex};
    return changed.wait_for(lock, timeout, [&] { return done(); });
  }
};

class Websocket : public ::testing::Test {
protected:
  /// Short timers so the timing tests finish fast; each test adjusts what it checks.
  static websocket_options test_options() {
    websocket_options options;
    options.ping_interval = 10s;
    options.silence_timeout = 30s;
    options.close_timeout = 5s;
    return options;
  }

  websocket_handlers handlers() {
    websocket_handlers out;
    out.on_open = [this](const websocket_ptr& ws) {
      std::lock_guard guard{events_.mutex};
      events_.opened.push_back(ws);
      events_.changed.notify_all();
    };
    out.on_text = [this](const websocket_ptr& ws, std::string&& text) {
      bool echo;
      {
        std::lock_guard guard{events_.mutex};
        events_.texts.push_back(text);
        echo = events_.echo;
        events_.changed.notify_all();
      }
      if (echo) ws->send_text(std::move(text));
    };
    out.on_close = [this](const websocket_ptr& ws, uint16_t code) {
      std::lock_guard guard{events_.mutex};
      events_.close_codes.push_back(code);
      ++events_.closes_per_id[ws->id()];
      events_.changed.notify_all();
    };
    return out;
  }

  void start(websocket_options options = test_options(), bool with_upgrade = true) {
    http_server_options server_options;
    server_options.port = 0;
    if (with_upgrade)
      server_options.on_upgrade = websocket_upgrade_handler("/ws", options, wrap_(handlers()));
    server_ = std::make_unique<http_server>(
        server_options, [](http_request&&, responder reply) { reply(http_response{}); });
    ASSERT_FALSE(server_->start());
  }

  std::error_code connect(websocket_client& client) {
    return client.connect("127.0.0.1", server_->port(), "/ws");
  }

  websocket_ptr opened(size_t index) {
    EXPECT_TRUE(events_.wait([&] { return events_.opened.size() > index; }));
    std::lock_guard guard{events_.mutex};
    return events_.opened.at(index);
  }

  size_t closes() {
    std::lock_guard guard{events_.mutex};
    return events_.close_codes.size();
  }

  void TearDown() override {
    server_.reset(); // Live connections end with the io_context.
    std::lock_guard guard{events_.mutex};
    // on_close exactly once for every connection that opened, whatever ended it.
    EXPECT_EQ(events_.closes_per_id.size(), events_.opened.size());
    for (auto& [id, count] : events_.closes_per_id)
      EXPECT_EQ(count, 1) << "connection " << id;
  }

  recorder events_;
  std::function<websocket_handlers(websocket_handlers)> wrap_ = [](websocket_handlers h) {
    return h;
  };
  std::unique_ptr<http_server> server_;
};

TEST_F(Websocket, text_message_is_echoed) {
  start();
  websocket_client client;
  ASSERT_FALSE(connect(client));
  EXPECT_TRUE(client.is_open());
  ASSERT_FALSE(client.send_text("hello"));
  std::string reply;
  ASSERT_FALSE(client.receive_text(reply, 5s));
  EXPECT_EQ(reply, "hello");
  EXPECT_FALSE(opened(0)->remote().empty());
}

TEST_F(Websocket, hundred_messages_keep_their_order_both_ways) {
  start();
  websocket_client client;
  ASSERT_FALSE(connect(client));
  for (int i = 0; i < 100; ++i)
    ASSERT_FALSE(client.send_text("m" + std::to_string(i) + std::string(i * 100, 'x')));
  for (int i = 0; i < 100; ++i) {
    std::string reply;
    ASSERT_FALSE(client.receive_text(reply, 5s)) << i;
    EXPECT_EQ(reply, "m" + std::to_string(i) + std::string(i * 100, 'x'));
  }
  std::lock_guard guard{events_.mutex};
  ASSERT_EQ(events_.texts.size(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(events_.texts[i].substr(0, events_.texts[i].find('x')), "m" + std::to_string(i));
}

TEST_F(Websocket, server_sends_from_another_thread) {
  start();
  websocket_client client;
  ASSERT_FALSE(connect(client));
  auto ws = opened(0);
  std::thread sender{[ws] {
    for (int i = 0; i < 100; ++i)
      ws->send_text(std::to_string(i));
  }};
  for (int i = 0; i < 100; ++i) {
    std::string text;
    ASSERT_FALSE(client.receive_text(text, 5s));
    EXPECT_EQ(text, std::to_string(i));
  }
  sender.join();
}

TEST_F(Websocket, client_close_reaches_on_close_with_its_code) {
  start();
  websocket_client client;
  ASSERT_FALSE(connect(client));
  opened(0);
  client.close(1000);
  EXPECT_FALSE(client.is_open());
  EXPECT_EQ(client.close_code(), 1000); // The server's answer.
  ASSERT_TRUE(events_.wait([&] { return events_.close_codes.size() == 1; }));
  EXPECT_EQ(events_.close_codes[0], 1000);
  EXPECT_FALSE(opened(0)->send_text("late")); // Closed handles refuse.
}

TEST_F(Websocket, server_close_reaches_the_client_with_its_code) {
  start();
  websocket_client client;
  ASSERT_FALSE(connect(client));
  auto ws = opened(0);
  ASSERT_TRUE(ws->send_text("before"));
  ws->close(4001, "bye");
  EXPECT_FALSE(ws->send_text("after"));
  std::string text;
  ASSERT_FALSE(client.receive_text(text, 5s));
  EXPECT_EQ(text, "before"); // Frames queued ahead of the close still go out.
  EXPECT_EQ(client.receive_text(text, 5s), std::errc::connection_aborted);
  EXPECT_EQ(client.close_code(), 4001);
  ASSERT_TRUE(events_.wait([&] { return events_.close_codes.size() == 1; }));
  EXPECT_EQ(events_.close_codes[0], 4001); // The client echoed it.
}

TEST_F(Websocket, oversized_message_closes_with_1009) {
  auto options = test_options();
  options.max_frame_bytes = 1024;
  start(options);
  websocket_client client;
  ASSERT_FALSE(connect(client));
  std::string text;
  ASSERT_FALSE(client.send_text(std::string(1024, 'a'))); // At the limit: fine.
  ASSERT_FALSE(client.receive_text(text, 5s));
  EXPECT_EQ(text.size(), 1024u);
  ASSERT_FALSE(client.send_text(std::string(4096, 'b')));
  EXPECT_EQ(client.receive_text(text, 5s), std::errc::connection_aborted);
  EXPECT_EQ(client.close_code(), 1009);
  ASSERT_TRUE(events_.wait([&] { return events_.close_codes.size() == 1; }));
  EXPECT_EQ(events_.texts.size(), 1u);
}

TEST_F(Websocket, binary_message_closes_with_1003) {
  start();
  websocket_client client;
  ASSERT_FALSE(connect(client));
  ASSERT_FALSE(client.send_binary("\x01\x02"));
  std::string text;
  EXPECT_EQ(client.receive_text(text, 5s), std::errc::connection_aborted);
  EXPECT_EQ(client.close_code(), 1003);
  ASSERT_TRUE(events_.wait([&] { return events_.close_codes.size() == 1; }));
  EXPECT_EQ(events_.close_codes[0], 1003);
  EXPECT_TRUE(events_.texts.empty());
}

TEST_F(Websocket, throwing_text_handler_closes_with_1011) {
  wrap_ = [](websocket_handlers h) {
    h.on_text = [](const websocket_ptr&, std::string&&) { throw std::runtime_error("bug"); };
    return h;
  };
  start();
  websocket_client client;
  ASSERT_FALSE(connect(client));
  ASSERT_FALSE(client.send_text("boom"));
  std::string text;
  EXPECT_EQ(client.receive_text(text, 5s), std::errc::connection_aborted);
  EXPECT_EQ(client.close_code(), 1011);
}

/// Fills the queue of a client that never reads; returns how many bytes were accepted.
size_t fill_until_refused(const websocket_ptr& ws, size_t frame_bytes) {
  constexpr size_t give_up_bytes = 256u << 20;
  size_t accepted = 0;
  std::string frame(frame_bytes, 'q');
  while (accepted < give_up_bytes && ws->send_text(frame))
    accepted += frame_bytes;
  return accepted;
}

TEST_F(Websocket, full_queue_closes_with_1013_and_spares_other_connections) {
  auto options = test_options();
  options.max_queue_bytes = 256 * 1024;
  options.close_timeout = 30s; // Long enough for the slow client to drain and see the close.
  start(options);
  events_.echo = true;
  websocket_client slow;
  slow.set_receive_buffer_bytes(4096);
  ASSERT_FALSE(connect(slow));
  auto ws = opened(0);
  websocket_client other;
  ASSERT_FALSE(connect(other));

  auto accepted = fill_until_refused(ws, 16 * 1024);
  EXPECT_GE(accepted, options.max_queue_bytes);
  EXPECT_LT(accepted, 256u << 20) << "the queue never filled";
  EXPECT_FALSE(ws->send_text("more"));
  EXPECT_LE(ws->queued_bytes(), options.max_queue_bytes);

  ASSERT_FALSE(other.send_text("still here"));
  std::string text;
  ASSERT_FALSE(other.receive_text(text, 5s));
  EXPECT_EQ(text, "still here");

  // The slow client now reads: what was in flight, then the 1013 close.
  std::error_code ec;
  while (!(ec = slow.receive_text(text, 10s)))
    EXPECT_EQ(text.size(), 16u * 1024);
  EXPECT_EQ(ec, std::errc::connection_aborted);
  EXPECT_EQ(slow.close_code(), 1013);
  ASSERT_TRUE(events_.wait([&] { return events_.close_codes.size() == 1; }));
  EXPECT_TRUE(other.is_open());
}

TEST_F(Websocket, frame_count_bound_also_closes_with_1013) {
  auto options = test_options();
  options.max_queue_frames = 8;
  options.close_timeout = 300ms; // The slow client never reads: the socket is dropped.
  start(options);
  websocket_client slow;
  slow.set_receive_buffer_bytes(4096);
  ASSERT_FALSE(connect(slow));
  auto ws = opened(0);
  fill_until_refused(ws, 1024);
  EXPECT_LE(ws->queued_frames(), 8u);
  ASSERT_TRUE(events_.wait([&] { return events_.close_codes.size() == 1; }));
  EXPECT_EQ(events_.close_codes[0], 1006); // No close frame came back in time.
  EXPECT_EQ(ws->queued_frames(), 0u);
}

TEST_F(Websocket, client_answering_pings_stays_connected) {
  auto options = test_options();
  options.ping_interval = 100ms;
  options.silence_timeout = 300ms;
  start(options);
  websocket_client client;
  ASSERT_FALSE(connect(client));
  std::string text;
  // Three times the silence timeout with no message: only pings and pongs cross.
  EXPECT_EQ(client.receive_text(text, 1s), std::errc::timed_out);
  EXPECT_TRUE(client.is_open());
  EXPECT_EQ(closes(), 0u);
  ASSERT_FALSE(client.send_text("alive"));
  ASSERT_FALSE(client.receive_text(text, 5s));
  EXPECT_EQ(text, "alive");
}

TEST_F(Websocket, silent_client_is_dropped) {
  auto options = test_options();
  options.ping_interval = 100ms;
  options.silence_timeout = 300ms;
  start(options);
  websocket_client client;
  client.set_auto_pong(false);
  ASSERT_FALSE(connect(client));
  std::string text;
  EXPECT_EQ(client.receive_text(text, 10s), std::errc::connection_reset);
  EXPECT_FALSE(client.close_code());
  ASSERT_TRUE(events_.wait([&] { return events_.close_codes.size() == 1; }));
  EXPECT_EQ(events_.close_codes[0], 1006);
}

TEST_F(Websocket, server_without_upgrade_handler_refuses_with_426) {
  start(test_options(), false);
  websocket_client client;
  EXPECT_EQ(connect(client), std::errc::connection_refused);
  EXPECT_EQ(client.http_status(), 426);
  EXPECT_FALSE(client.is_open());
  std::string text;
  EXPECT_EQ(client.receive_text(text, 10ms), std::errc::not_connected);
}

TEST_F(Websocket, malformed_upgrade_gets_400_and_no_handlers) {
  start();
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server_->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  std::string request = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"; // No key.
  ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string response;
  char chunk[4096];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 5000) > 0) {
    auto n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) break;
    response.append(chunk, static_cast<size_t>(n));
  }
  ::close(fd);
  EXPECT_EQ(response.rfind("HTTP/1.1 400", 0), 0u) << response;
  std::lock_guard guard{events_.mutex};
  EXPECT_TRUE(events_.opened.empty());
  EXPECT_TRUE(events_.close_codes.empty());
}

TEST_F(Websocket, upgrade_to_another_path_gets_404) {
  start();
  websocket_client client;
  EXPECT_EQ(client.connect("127.0.0.1", server_->port(), "/elsewhere"),
            std::errc::connection_refused);
  EXPECT_EQ(client.http_status(), 404);
  EXPECT_EQ(closes(), 0u);
}

TEST_F(Websocket, connect_to_closed_port_fails) {
  start();
  auto port = server_->port();
  server_.reset();
  websocket_client client;
  EXPECT_TRUE(client.connect("127.0.0.1", port, "/ws", 2s));
  EXPECT_EQ(client.http_status(), 0);
}

TEST_F(Websocket, two_hundred_connections_echo_concurrently) {
  start();
  std::vector<std::unique_ptr<websocket_client>> clients;
  for (int i = 0; i < 200; ++i) {
    clients.push_back(std::make_unique<websocket_client>());
    ASSERT_FALSE(connect(*clients.back())) << i;
  }
  for (int i = 0; i < 200; ++i)
    ASSERT_FALSE(clients[i]->send_text("c" + std::to_string(i)));
  for (int i = 0; i < 200; ++i) {
    std::string text;
    ASSERT_FALSE(clients[i]->receive_text(text, 5s)) << i;
    EXPECT_EQ(text, "c" + std::to_string(i));
  }
  for (auto& client : clients)
    client->close();
  EXPECT_TRUE(events_.wait([&] { return events_.close_codes.size() == 200; }));
}

TEST_F(Websocket, destroying_the_server_ends_live_connections) {
  start();
  websocket_client a, b;
  ASSERT_FALSE(connect(a));
  ASSERT_FALSE(connect(b));
  auto ws = opened(1);
  server_.reset(); // Must neither hang nor leak; on_close runs from the destructor.
  EXPECT_EQ(closes(), 2u);
  EXPECT_FALSE(ws->send_text("gone")); // A handle outliving the io_context is inert.
  std::string text;
  EXPECT_EQ(a.receive_text(text, 5s), std::errc::connection_reset);
}

TEST_F(Websocket, registry_closes_every_connection) {
  websocket_registry registry;
  wrap_ = [&registry](websocket_handlers h) { return registry.track(std::move(h)); };
  start();
  websocket_client a, b;
  ASSERT_FALSE(connect(a));
  ASSERT_FALSE(connect(b));
  opened(1);
  EXPECT_EQ(registry.size(), 2u);
  registry.close_all(1001, "shutting down");
  std::string text;
  for (auto* client : {&a, &b}) { // Reading answers the close frame.
    EXPECT_EQ(client->receive_text(text, 5s), std::errc::connection_aborted);
    EXPECT_EQ(client->close_code(), 1001);
  }
  EXPECT_TRUE(registry.wait_until_empty(5s));
  EXPECT_EQ(registry.size(), 0u);
  EXPECT_EQ(events_.close_codes, (std::vector<uint16_t>{1001, 1001}));
}

} // namespace
