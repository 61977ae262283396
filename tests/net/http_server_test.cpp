#include "net/http_server.hpp"

#include "net/upgraded_connection.hpp"

#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

using namespace crm::net;
using namespace std::chrono_literals;

namespace {

/// A blocking POSIX client socket, so the tests control every byte on the wire.
class raw_client {
public:
  explicit raw_client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~raw_client() { close(); }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;

  bool connected() const { return connected_; }
  size_t bytes_received() const { return bytes_received_; }

  bool send(std::string_view data) {
    while (!data.empty()) {
      auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  /// Waits up to `timeout` for bytes; empty on EOF, reset or timeout (see `closed()`).
  std::string receive_some(std::chrono::milliseconds timeout = 5s) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return {};
    char chunk[4096];
    auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) {
      closed_ = true;
      return {};
    }
    bytes_received_ += static_cast<size_t>(n);
    return std::string(chunk, static_cast<size_t>(n));
  }

  struct response {
    int status = 0;
    std::string head; ///< Status line and headers, as received.
    std::string body;
    bool complete = false;
    std::string header(std::string_view name) const {
      auto lower = [](std::string s) {
        for (auto& c : s)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
      };
      auto h = lower(head);
      auto key = "\r\n" + lower(std::string{name}) + ": ";
      auto at = h.find(key);
      if (at == std::string::npos) return {};
      auto start = at + key.size();
      return head.substr(start, head.find("\r\n", start) - start);
    }
  };

  /// Reads exactly one response (Content-Length framed); leaves later bytes buffered.
  response read_response(std::chrono::milliseconds timeout = 5s) {
    response out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto more = [&] {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      auto chunk = receive_some(left);
      if (chunk.empty()) return false;
      pending_ += chunk;
      return true;
    };
    size_t head_end;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos)
      if (!more()) return out;
    out.head = pending_.substr(0, head_end + 2);
    out.status = std::stoi(out.head.substr(9, 3));
    auto length_text = out.header("content-length");
    size_t length = length_text.empty() ? 0 : std::stoul(length_text);
    while (pending_.size() < head_end + 4 + length)
      if (!more()) return out;
    out.body = pending_.substr(head_end + 4, length);
    pending_.erase(0, head_end + 4 + length);
    out.complete = true;
    return out;
  }

  /// True when the server closes the connection within `timeout` (EOF or reset).
  bool wait_closed(std::chrono::milliseconds timeout = 5s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_ && std::chrono::steady_clock::now() < deadline)
      receive_some(100ms);
    return closed_;
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  size_t bytes_received_ = 0;
  std::string pending_;
};

std::string get(std::string_view target, std::string_view extra = "") {
  return "GET " + std::string{target} + " HTTP/1.1\r\nHost: test\r\n" + std::string{extra} + "\r\n";
}

std::string post(std::string_view target, std::string_view body) {
  return "POST " + std::string{target} + " HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string{body};
}

/// A handler that answers at once with `<method> <path>` as the body.
void echo(http_request&& request, responder reply) {
  http_response response;
  response.content_type = "text/plain";
  response.body = request.method + " " + request.path;
  if (!request.body.empty()) response.body += " " + request.body;
  reply(std::move(response));
}

http_server_options test_options() {
  http_server_options options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.io_threads = 2;
  return options;
}

std::string error_code_of(const std::string& body) {
  return std::string{boost::json::parse(body).as_object().at("error").as_string()};
}

/// Holds responders the test completes itself, from its own thread.
struct parked_requests {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<http_request, responder>> items;

  void park(http_request&& request, responder reply) {
    std::lock_guard guard{mutex};
    items.emplace_back(std::move(request), std::move(reply));
    changed.notify_all();
  }
  bool wait_for(size_t count) {
    std::unique_lock lock{mutex};
    return changed.wait_for(lock, 5s, [&] { return items.size() >= count; });
  }
};

} // namespace

TEST(http_server, get_round_trip_returns_the_handler_response) {
  http_request seen;
  http_server server{test_options(), [&](http_request&& request, responder reply) {
                       seen = request;
                       http_response response;
                       response.body = R"({"status":"ok"})";
                       response.headers.emplace_back("X-Extra", "yes");
                       reply(std::move(response));
                     }};
  ASSERT_FALSE(server.start());
  ASSERT_NE(server.port(), 0);
  raw_client client{server.port()};
  ASSERT_TRUE(client.connected());
  client.send(get("/a%20b/c?x=1&name=J%C3%BCrgen+M", "X-Custom-Header: Value\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response.complete);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.header("content-length"), "15");
  EXPECT_EQ(response.header("server"), "crmd");
  EXPECT_EQ(response.header("x-extra"), "yes");
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.target, "/a%20b/c?x=1&name=J%C3%BCrgen+M");
  EXPECT_EQ(seen.path, "/a b/c");
  EXPECT_EQ(seen.query_param("x"), "1");
  EXPECT_EQ(seen.query_param("name"), "J\xC3\xBCrgen M");
  EXPECT_EQ(seen.header("x-custom-header"), "Value");
  EXPECT_EQ(seen.header("host"), "test");
  EXPECT_NE(seen.remote.find("127.0.0.1:"), std::string::npos);
}

TEST(http_server, keep_alive_serves_two_requests_on_one_connection) {
  http_server server{test_options(), echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/first"));
  auto first = client.read_response();
  EXPECT_EQ(first.body, "GET /first");
  client.send(post("/second", "payload"));
  auto second = client.read_response();
  EXPECT_EQ(second.body, "POST /second payload");
  EXPECT_EQ(second.header("content-type"), "text/plain");
}

TEST(http_server, connection_close_request_is_answered_then_closed) {
  http_server server{test_options(), echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/bye", "Connection: close\r\n"));
  auto response = client.read_response();
  EXPECT_EQ(response.body, "GET /bye");
  EXPECT_EQ(response.header("connection"), "close");
  EXPECT_TRUE(client.wait_closed());
}

TEST(http_server, pipelined_requests_are_answered_in_order_one_at_a_time) {
  std::atomic<int> in_handler{0};
  std::atomic<int> max_in_handler{0};
  std::vector<std::thread> repliers;
  std::mutex repliers_mutex;
  http_server server{test_options(), [&](http_request&& request, responder reply) {
                       max_in_handler = std::max(max_in_handler.load(), ++in_handler);
                       // The first answer comes late from another thread; the second must
                       // still come after it.
                       auto delay = request.path == "/one" ? 100ms : 0ms;
                       std::lock_guard guard{repliers_mutex};
                       repliers.emplace_back([&, delay, path = request.path, reply] {
                         std::this_thread::sleep_for(delay);
                         --in_handler;
                         http_response response;
                         response.body = path;
                         reply(std::move(response));
                       });
                     }};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  ASSERT_TRUE(client.send(get("/one") + get("/two") + get("/three")));
  EXPECT_EQ(client.read_response().body, "/one");
  EXPECT_EQ(client.read_response().body, "/two");
  EXPECT_EQ(client.read_response().body, "/three");
  EXPECT_EQ(max_in_handler.load(), 1);
  server.stop();
  for (auto& thread : repliers)
    thread.join();
}

TEST(http_server, body_over_limit_gets_413_json_and_close) {
  auto options = test_options();
  options.body_limit_bytes = 1024;
  bool called = false;
  http_server server{options, [&](http_request&& request, responder reply) {
                       called = true;
                       echo(std::move(request), std::move(reply));
                     }};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(post("/webhook", std::string(4096, 'x')));
  auto response = client.read_response();
  ASSERT_TRUE(response.complete);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(error_code_of(response.body), "payload_too_large");
  EXPECT_TRUE(client.wait_closed());
  EXPECT_FALSE(called);
}

TEST(http_server, body_at_the_limit_is_accepted) {
  auto options = test_options();
  options.body_limit_bytes = 1024;
  http_server server{options, echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(post("/p", std::string(1024, 'x')));
  auto response = client.read_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "POST /p " + std::string(1024, 'x'));
}

TEST(http_server, malformed_request_gets_400_json_and_close) {
  http_server server{test_options(), echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send("this is not http\r\n\r\n");
  auto response = client.read_response();
  ASSERT_TRUE(response.complete);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(error_code_of(response.body), "malformed_request");
  EXPECT_TRUE(client.wait_closed());
}

TEST(http_server, absolute_form_target_gets_400) {
  http_server server{test_options(), echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("http://example.com/"));
  auto response = client.read_response();
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(error_code_of(response.body), "malformed_request");
}

TEST(http_server, oversized_headers_get_431) {
  auto options = test_options();
  options.header_limit_bytes = 1024;
  http_server server{options, echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/", "X-Big: " + std::string(4096, 'h') + "\r\n"));
  auto response = client.read_response();
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(error_code_of(response.body), "headers_too_large");
}

TEST(http_server, responder_called_later_from_another_thread_completes_the_request) {
  parked_requests parked;
  http_server server{test_options(), [&](http_request&& request, responder reply) {
                       parked.park(std::move(request), std::move(reply));
                     }};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(post("/slow", "work"));
  ASSERT_TRUE(parked.wait_for(1));
  responder reply;
  {
    std::lock_guard guard{parked.mutex};
    reply = parked.items[0].second;
  }
  std::thread later{[reply] {
    std::this_thread::sleep_for(50ms);
    http_response response;
    response.status = 202;
    response.body = R"({"state":"received"})";
    reply(std::move(response));
    // A second call is ignored: the responder completes exactly once.
    reply(json_error(500, "internal", "twice"));
  }};
  auto response = client.read_response();
  later.join();
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.body, R"({"state":"received"})");
  client.send(get("/next"));
  ASSERT_TRUE(parked.wait_for(2));
  std::lock_guard guard{parked.mutex};
  parked.items[1].second(http_response{});
  EXPECT_EQ(client.read_response().status, 200);
}

TEST(http_server, responder_dropped_without_a_call_answers_500) {
  http_server server{test_options(), [](http_request&&, responder) {}};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/forgotten"));
  auto response = client.read_response();
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(error_code_of(response.body), "internal");
}

TEST(http_server, throwing_handler_answers_500_and_keeps_serving) {
  http_server server{test_options(), [](http_request&& request, responder reply) {
                       if (request.path == "/throw") throw std::runtime_error{"bug"};
                       echo(std::move(request), std::move(reply));
                     }};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/throw"));
  EXPECT_EQ(client.read_response().status, 500);
  client.send(get("/fine"));
  EXPECT_EQ(client.read_response().body, "GET /fine");
}

TEST(http_server, expect_continue_gets_an_interim_100) {
  http_server server{test_options(), echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
              "Expect: 100-continue\r\n\r\n");
  auto interim = client.read_response();
  EXPECT_EQ(interim.status, 100);
  client.send("hello");
  auto response = client.read_response();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "POST /upload hello");
}

TEST(http_server, slow_loris_client_is_cut_off_at_the_read_deadline) {
  auto options = test_options();
  options.read_timeout = 300ms;
  bool called = false;
  http_server server{options, [&](http_request&& request, responder reply) {
                       called = true;
                       echo(std::move(request), std::move(reply));
                     }};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  ASSERT_TRUE(client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  // Trickle one header byte every 50 ms: each byte arrives well within any per-read timeout,
  // so only a whole-request deadline stops it. Bound the loop so a failure cannot hang.
  bool cut_off = false;
  for (int i = 0; i < 200 && !cut_off; ++i) {
    if (!client.send("a"))
      cut_off = true;
    else if (client.wait_closed(50ms))
      cut_off = true;
  }
  EXPECT_TRUE(cut_off);
  EXPECT_EQ(client.bytes_received(), 0u) << "cut off silently, not answered";
  EXPECT_FALSE(called);
}

TEST(http_server, idle_keep_alive_connection_is_closed) {
  auto options = test_options();
  options.idle_timeout = 200ms;
  http_server server{options, echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/"));
  EXPECT_EQ(client.read_response().status, 200);
  EXPECT_TRUE(client.wait_closed());
}

TEST(http_server, connections_over_the_maximum_get_503_overloaded) {
  auto options = test_options();
  options.max_connections = 1;
  http_server server{options, echo};
  ASSERT_FALSE(server.start());
  raw_client first{server.port()};
  first.send(get("/held"));
  ASSERT_EQ(first.read_response().status, 200);

  raw_client second{server.port()};
  second.send(get("/refused"));
  auto refused = second.read_response();
  ASSERT_TRUE(refused.complete);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(error_code_of(refused.body), "overloaded");
  EXPECT_EQ(refused.header("retry-after"), "1");
  EXPECT_TRUE(second.wait_closed());

  // Once the first connection is gone, a new one is served again.
  first.close();
  int status = 0;
  for (int attempt = 0; attempt < 100 && status != 200; ++attempt) {
    raw_client next{server.port()};
    next.send(get("/again"));
    status = next.read_response().status;
    if (status != 200) std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(status, 200);
}

TEST(http_server, upgrade_without_a_handler_gets_426) {
  http_server server{test_options(), echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/ws",
                  "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
  auto response = client.read_response();
  EXPECT_EQ(response.status, 426);
  EXPECT_EQ(error_code_of(response.body), "upgrade_not_supported");
}

TEST(http_server, upgrade_handler_takes_over_the_socket) {
  auto options = test_options();
  std::string upgraded_path;
  options.on_upgrade = [&](http_request&& request,
                           std::unique_ptr<upgraded_connection> connection) {
    upgraded_path = request.path;
    EXPECT_TRUE(connection->request.target() == "/ws");
    // A real WebSocket would async_accept(connection->request); the socket is ours now.
    constexpr std::string_view reply =
        "HTTP/1.1 101 Switching Protocols\r\nContent-Length: 0\r\n\r\n";
    boost::system::error_code ec;
    boost::asio::write(connection->stream.socket(), boost::asio::buffer(reply.data(), reply.size()),
                       ec);
  };
  http_server server{options, echo};
  ASSERT_FALSE(server.start());
  raw_client client{server.port()};
  client.send(get("/ws", "Connection: Upgrade\r\nUpgrade: websocket\r\n"));
  auto response = client.read_response();
  EXPECT_EQ(response.status, 101);
  EXPECT_EQ(upgraded_path, "/ws");
}

TEST(http_server, stop_with_open_connections_returns_and_closes_them) {
  parked_requests parked;
  auto server =
      std::make_unique<http_server>(test_options(), [&](http_request&& request, responder reply) {
        parked.park(std::move(request), reply);
      });
  ASSERT_FALSE(server->start());
  raw_client idle{server->port()};
  idle.send(get("/idle"));
  ASSERT_TRUE(parked.wait_for(1));
  parked.items[0].second(http_response{});
  ASSERT_EQ(idle.read_response().status, 200);
  raw_client waiting{server->port()};
  raw_client forgotten{server->port()};
  raw_client fresh{server->port()};
  waiting.send(get("/waiting"));
  forgotten.send(get("/forgotten"));
  ASSERT_TRUE(parked.wait_for(3));

  server->stop();
  EXPECT_TRUE(waiting.wait_closed());
  EXPECT_TRUE(forgotten.wait_closed());
  EXPECT_TRUE(idle.wait_closed());
  EXPECT_TRUE(fresh.wait_closed());
  // Responders called after stop, or dropped after the server is gone, are ignored safely.
  for (auto& [request, reply] : parked.items)
    if (request.path == "/waiting") reply(http_response{});
  server.reset();
  parked.items.clear();
}

TEST(http_server, start_reports_a_port_in_use) {
  http_server first{test_options(), echo};
  ASSERT_FALSE(first.start());
  auto options = test_options();
  options.port = first.port();
  // reuse_address does not allow two listeners on one port.
  http_server second{options, echo};
  EXPECT_TRUE(second.start());
}
