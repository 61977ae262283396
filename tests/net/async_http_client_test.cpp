#include "net/async_http_client.hpp"

#include "net/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

using namespace crm::net;
using namespace std::chrono_literals;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

http_server_options loopback() {
  http_server_options options;
  options.port = 0;
  options.io_threads = 1;
  return options;
}

std::string url(uint16_t port, std::string_view path = "/", std::string_view scheme = "http",
                std::string_view host = "127.0.0.1") {
  return std::string{scheme} + "://" + std::string{host} + ":" + std::to_string(port) +
         std::string{path};
}

async_request get(std::string target) {
  async_request request;
  request.method = "GET";
  request.url = std::move(target);
  return request;
}

struct result {
  std::error_code ec;
  async_response response;
  std::thread::id thread;
};

/// Sends one request and waits for its callback (a bounded wait: a hang fails the test).
result call(async_http_client& client, async_request request) {
  auto done = std::make_shared<std::promise<result>>();
  client.send(std::move(request), [done](std::error_code ec, async_response response) {
    done->set_value({ec, std::move(response), std::this_thread::get_id()});
  });
  auto future = done->get_future();
  if (future.wait_for(20s) != std::future_status::ready) {
    ADD_FAILURE() << "callback never ran";
    return {std::make_error_code(std::errc::timed_out), {}, {}};
  }
  return future.get();
}

/// A self-signed certificate for `localhost` (DNS name only), made once per test run with the
/// openssl CLI into a temporary directory.
struct test_certificate {
  test_certificate() {
    char pattern[] = "/tmp/crm-async-client-XXXXXX";
    if (!mkdtemp(pattern)) return;
    dir = pattern;
    auto command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                   "-days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout " +
                   (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() +
                   " 2>/dev/null";
    ok = std::system(command.c_str()) == 0;
  }
  ~test_certificate() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  std::string cert() const { return (dir / "cert.pem").string(); }
  std::string key() const { return (dir / "key.pem").string(); }

  std::filesystem::path dir;
  bool ok = false;
};

const test_certificate& certificate() {
  static test_certificate instance;
  return instance;
}

/// What the raw server does after each response.
enum class after_response { keep_open, close_silently, close_announced };

/// A blocking, one-connection-at-a-time HTTP/1.1 server on 127.0.0.1, plain or TLS (Beast over
/// asio::ssl::stream), answering `echo:<target>`. It can close connections the way a real
/// server's idle timeout does: after the response, without `Connection: close`.
class raw_server {
public:
  raw_server(after_response mode, bool tls = false) : mode_(mode) {
    if (tls) {
      tls_.emplace(ssl::context::tlsv12_server);
      tls_->use_certificate_chain_file(certificate().cert());
      tls_->use_private_key_file(certificate().key(), ssl::context::pem);
    }
    acceptor_.open(tcp::v4());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { run(); });
  }
  /// Destroy the clients first: a connection they keep open holds this thread in a read.
  ~raw_server() {
    stopping_ = true;
    tcp::socket wake{io_};
    boost::system::error_code ignored;
    wake.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  std::atomic<int> connections{0};
  std::atomic<int> requests{0};
  std::atomic<int> failed_handshakes{0};

private:
  void run() {
    while (!stopping_) {
      tcp::socket socket{io_};
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      ++connections;
      if (!tls_) {
        serve(socket);
        continue;
      }
      ssl::stream<tcp::socket> stream{std::move(socket), *tls_};
      stream.handshake(ssl::stream_base::server, ec);
      if (ec)
        ++failed_handshakes;
      else
        serve(stream);
    }
  }

  template <class Stream>
  void serve(Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> request;
      boost::system::error_code ec;
      http::read(stream, buffer, request, ec);
      if (ec) return;
      ++requests;
      http::response<http::string_body> response{http::status::ok, 11};
      response.set(http::field::content_type, "text/plain");
      response.body() = "echo:" + std::string{request.target()};
      response.keep_alive(mode_ != after_response::close_announced);
      response.prepare_payload();
      http::write(stream, response, ec);
      if (ec || mode_ != after_response::keep_open) return; // closes the socket
    }
  }

  after_response mode_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::optional<ssl::context> tls_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace

TEST(AsyncHttpClient, post_with_json_body_and_headers_arrives_intact) {
  http_request seen;
  http_server server{loopback(), [&](http_request&& request, responder reply) {
                       seen = request;
                       http_response response;
                       response.status = 201;
                       response.body = R"({"id":"chatcmpl-1"})";
                       response.headers.emplace_back("X-Request-Id", "r-7");
                       reply(std::move(response));
                     }};
  ASSERT_FALSE(server.start());
  async_http_client client;
  async_request request;
  request.url = url(server.port(), "/v1/chat/completions?stream=false");
  request.body = R"({"model":"m","messages":[{"role":"user","content":"héllo \"you\""}]})";
  request.headers.emplace_back("Authorization", "Bearer sk-test");
  auto [ec, response, thread] = call(client, request);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_NE(thread, std::this_thread::get_id()) << "callbacks run on the client's io threads";
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"id":"chatcmpl-1"})");
  EXPECT_EQ(response.header("x-request-id"), "r-7");
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.path, "/v1/chat/completions");
  EXPECT_EQ(seen.query_param("stream"), "false");
  EXPECT_EQ(seen.body, request.body);
  EXPECT_EQ(seen.header("authorization"), "Bearer sk-test");
  EXPECT_EQ(seen.header("content-type"), "application/json");
  EXPECT_EQ(seen.header("host"), "127.0.0.1:" + std::to_string(server.port()));
}

TEST(AsyncHttpClient, sequential_requests_reuse_one_keep_alive_connection) {
  http_server server{loopback(), [](http_request&& request, responder reply) {
                       reply(http_response{200, "text/plain", request.path, {}});
                     }};
  ASSERT_FALSE(server.start());
  async_http_client client;
  for (int i = 0; i < 5; ++i) {
    auto [ec, response, thread] = call(client, get(url(server.port(), "/n" + std::to_string(i))));
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.body, "/n" + std::to_string(i));
    EXPECT_EQ(client.idle_connections(), 1u);
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST(AsyncHttpClient, connections_idle_past_the_idle_timeout_are_not_reused) {
  http_server server{loopback(), [](http_request&&, responder reply) { reply({}); }};
  ASSERT_FALSE(server.start());
  async_client_options options;
  options.idle_timeout = std::chrono::seconds{0};
  async_http_client client{options};
  for (int i = 0; i < 2; ++i)
    ASSERT_FALSE(call(client, get(url(server.port()))).ec);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(AsyncHttpClient, connection_closed_by_the_peer_while_idle_is_retried_transparently) {
  raw_server server{after_response::close_silently};
  {
    async_http_client client;
    for (int i = 0; i < 3; ++i) {
      auto [ec, response, thread] = call(client, get(url(server.port(), "/again")));
      ASSERT_FALSE(ec) << "request " << i << ": " << ec.message();
      EXPECT_EQ(response.status, 200);
      EXPECT_EQ(response.body, "echo:/again");
    }
    EXPECT_EQ(client.connections_opened(), 3u) << "each reuse failed and reconnected once";
  }
  EXPECT_EQ(server.requests.load(), 3) << "no request was sent twice";
}

TEST(AsyncHttpClient, connection_close_from_the_server_is_honoured) {
  raw_server server{after_response::close_announced};
  async_http_client client;
  for (int i = 0; i < 2; ++i) {
    auto [ec, response, thread] = call(client, get(url(server.port())));
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(client.idle_connections(), 0u);
  }
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(AsyncHttpClient, hundred_requests_from_several_threads_all_complete) {
  auto options = loopback();
  options.io_threads = 2;
  http_server server{options, [](http_request&& request, responder reply) {
                       reply(http_response{200, "text/plain", request.body, {}});
                     }};
  ASSERT_FALSE(server.start());
  async_client_options client_options;
  client_options.io_threads = 2;
  client_options.max_idle_per_host = 8;
  async_http_client client{client_options};
  constexpr int senders = 4;
  constexpr int per_sender = 25;
  std::mutex mutex;
  std::condition_variable all_done;
  int completed = 0;
  int correct = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < senders; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_sender; ++i) {
        async_request request;
        request.url = url(server.port(), "/echo");
        request.body = std::to_string(t * per_sender + i);
        client.send(request, [&, expected = request.body](std::error_code ec, async_response r) {
          std::lock_guard guard{mutex};
          ++completed;
          if (!ec && r.status == 200 && r.body == expected) ++correct;
          all_done.notify_all();
        });
      }
    });
  for (auto& thread : threads)
    thread.join();
  std::unique_lock lock{mutex};
  ASSERT_TRUE(all_done.wait_for(lock, 30s, [&] { return completed == senders * per_sender; }))
      << completed << " of " << senders * per_sender << " completed";
  EXPECT_EQ(correct, senders * per_sender);
  EXPECT_LE(client.idle_connections(), client_options.max_idle_per_host);
}

TEST(AsyncHttpClient, handler_that_never_answers_times_out_once) {
  std::mutex mutex;
  std::vector<responder> parked; // outlives the server: calling them late is harmless
  http_server server{loopback(), [&](http_request&&, responder reply) {
                       std::lock_guard guard{mutex};
                       parked.push_back(std::move(reply));
                     }};
  ASSERT_FALSE(server.start());
  std::atomic<int> calls{0};
  std::promise<std::error_code> first;
  {
    async_http_client client;
    auto request = get(url(server.port(), "/slow"));
    request.timeout = 300ms;
    client.send(request, [&](std::error_code ec, async_response response) {
      if (calls.fetch_add(1) == 0) first.set_value(ec);
      EXPECT_EQ(response.status, 0);
    });
    auto future = first.get_future();
    ASSERT_EQ(future.wait_for(20s), std::future_status::ready);
    auto ec = future.get();
    EXPECT_TRUE(is_timeout(ec)) << ec.message();
    EXPECT_FALSE(is_connect_error(ec));
    EXPECT_EQ(client.idle_connections(), 0u) << "a timed-out connection is never reused";
  }
  EXPECT_EQ(calls.load(), 1);
}

TEST(AsyncHttpClient, refused_connection_is_a_connect_error) {
  uint16_t port = 0;
  {
    http_server closed{loopback(), [](http_request&&, responder reply) { reply({}); }};
    ASSERT_FALSE(closed.start());
    port = closed.port();
  }
  async_http_client client;
  auto [ec, response, thread] = call(client, get(url(port)));
  EXPECT_TRUE(is_connect_error(ec)) << ec.message();
  EXPECT_FALSE(is_timeout(ec));
  EXPECT_EQ(response.status, 0);
}

TEST(AsyncHttpClient, resolver_failures_and_resets_classify_as_connect_errors) {
  EXPECT_TRUE(
      is_connect_error(std::error_code{boost::system::error_code{asio::error::host_not_found}}));
  EXPECT_TRUE(is_connect_error(std::make_error_code(std::errc::connection_reset)));
  EXPECT_FALSE(is_connect_error(std::make_error_code(std::errc::timed_out)));
  EXPECT_FALSE(is_connect_error(std::make_error_code(std::errc::message_size)));
  EXPECT_FALSE(is_timeout(std::make_error_code(std::errc::operation_canceled)));
}

TEST(AsyncHttpClient, invalid_requests_are_rejected_on_an_io_thread) {
  async_http_client client;
  for (auto bad : {"", "localhost:80/x", "ftp://127.0.0.1/", "http://", "http:///path",
                   "http://:80/", "http://h:0/", "http://h:99999/", "http://h:8a/",
                   "http://user@h/", "http://[::1/", "http://h/a b", "http://h/\r\nX-Evil: 1"}) {
    auto [ec, response, thread] = call(client, get(bad));
    EXPECT_EQ(ec, std::errc::invalid_argument) << '"' << bad << "\": " << ec.message();
    EXPECT_NE(thread, std::this_thread::get_id());
  }
  auto request = get("http://127.0.0.1:1/");
  request.method = "GE T";
  EXPECT_EQ(call(client, request).ec, std::errc::invalid_argument);
  request = get("http://127.0.0.1:1/");
  request.headers.emplace_back("X-Note", "a\r\nX-Evil: 1");
  EXPECT_EQ(call(client, request).ec, std::errc::invalid_argument);
  request = get("http://127.0.0.1:1/");
  request.headers.emplace_back("Bad Name", "v");
  EXPECT_EQ(call(client, request).ec, std::errc::invalid_argument);
  EXPECT_EQ(client.connections_opened(), 0u);
}

TEST(AsyncHttpClient, oversize_response_is_refused) {
  http_server server{loopback(), [](http_request&&, responder reply) {
                       reply(http_response{200, "text/plain", std::string(4096, 'x'), {}});
                     }};
  ASSERT_FALSE(server.start());
  async_client_options options;
  options.max_response_bytes = 1024;
  async_http_client client{options};
  auto [ec, response, thread] = call(client, get(url(server.port())));
  EXPECT_EQ(ec, std::errc::message_size) << ec.message();
  EXPECT_EQ(client.idle_connections(), 0u);
}

TEST(AsyncHttpClient, https_with_the_test_ca_verifies_and_keeps_alive) {
  ASSERT_TRUE(certificate().ok) << "openssl CLI failed to make a certificate";
  raw_server server{after_response::keep_open, true};
  async_client_options options;
  options.ca_file = certificate().cert();
  async_http_client client{options};
  for (int i = 0; i < 3; ++i) {
    auto [ec, response, thread] =
        call(client, get(url(server.port(), "/v1/models?x=1", "https", "localhost")));
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "echo:/v1/models?x=1");
  }
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(server.connections.load(), 1);
}

TEST(AsyncHttpClient, https_verification_fails_without_the_ca) {
  ASSERT_TRUE(certificate().ok) << "openssl CLI failed to make a certificate";
  raw_server server{after_response::keep_open, true};
  async_http_client client;
  auto [ec, response, thread] = call(client, get(url(server.port(), "/", "https", "localhost")));
  EXPECT_TRUE(ec);
  EXPECT_FALSE(is_timeout(ec)) << ec.message();
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(server.requests.load(), 0);
}

TEST(AsyncHttpClient, https_verification_fails_on_a_host_name_mismatch) {
  ASSERT_TRUE(certificate().ok) << "openssl CLI failed to make a certificate";
  raw_server server{after_response::keep_open, true};
  async_client_options options;
  options.ca_file = certificate().cert(); // trusted, but issued for `localhost` only
  async_http_client client{options};
  auto [ec, response, thread] = call(client, get(url(server.port(), "/", "https", "127.0.0.1")));
  EXPECT_TRUE(ec);
  EXPECT_EQ(server.requests.load(), 0);
}

TEST(AsyncHttpClient, https_without_verification_accepts_a_self_signed_certificate) {
  ASSERT_TRUE(certificate().ok) << "openssl CLI failed to make a certificate";
  raw_server server{after_response::keep_open, true};
  async_client_options options;
  options.verify_peer = false;
  async_http_client client{options};
  auto [ec, response, thread] = call(client, get(url(server.port(), "/x", "https")));
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.body, "echo:/x");
}

TEST(AsyncHttpClient, destructor_reports_a_pending_request_once_without_hanging) {
  std::mutex mutex;
  std::vector<responder> parked;
  std::promise<void> arrived;
  http_server server{loopback(), [&](http_request&&, responder reply) {
                       std::lock_guard guard{mutex};
                       parked.push_back(std::move(reply));
                       arrived.set_value();
                     }};
  ASSERT_FALSE(server.start());
  std::atomic<int> calls{0};
  std::error_code reported;
  auto client = std::make_unique<async_http_client>();
  auto request = get(url(server.port(), "/never"));
  request.timeout = 60s;
  client->send(request, [&](std::error_code ec, async_response) {
    reported = ec;
    calls.fetch_add(1);
  });
  ASSERT_EQ(arrived.get_future().wait_for(20s), std::future_status::ready);
  client.reset(); // joins the io threads: the callback has run when this returns
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(reported, std::errc::operation_canceled) << reported.message();
  EXPECT_FALSE(is_timeout(reported));
}
