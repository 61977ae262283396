#include "net/http_client.hpp"

#include "net/http_server.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>

using namespace crm::net;
using namespace std::chrono_literals;

namespace {

http_server_options loopback() {
  http_server_options options;
  options.port = 0;
  options.io_threads = 1;
  return options;
}

} // namespace

TEST(http_client, talks_to_the_server) {
  http_request seen;
  http_server server{loopback(), [&](http_request&& request, responder reply) {
                       seen = request;
                       http_response response;
                       response.status = 201;
                       response.body = "created:" + request.body;
                       response.content_type = "text/plain";
                       response.headers.emplace_back("X-Request-Path", request.path);
                       reply(std::move(response));
                     }};
  ASSERT_FALSE(server.start());
  client_request request;
  request.method = "POST";
  request.target = "/v1/messages?x=1";
  request.body = R"({"text":"hi"})";
  request.headers.emplace_back("Authorization", "Bearer k");
  std::error_code ec;
  auto response = http_call("127.0.0.1", server.port(), request, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"(created:{"text":"hi"})");
  EXPECT_EQ(response.header("content-type"), "text/plain");
  EXPECT_EQ(response.header("x-request-path"), "/v1/messages");
  EXPECT_EQ(response.header("server"), "crmd");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.header("authorization"), "Bearer k");
  EXPECT_EQ(seen.header("content-type"), "application/json");
  EXPECT_EQ(seen.query_param("x"), "1");
}

TEST(http_client, get_sends_no_body) {
  http_request seen;
  http_server server{loopback(), [&](http_request&& request, responder reply) {
                       seen = request;
                       reply(http_response{});
                     }};
  ASSERT_FALSE(server.start());
  std::error_code ec;
  auto response = http_call("localhost", server.port(), client_request{}, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.path, "/");
  EXPECT_EQ(seen.header("content-type"), "");
}

TEST(http_client, refused_connection_sets_the_error) {
  uint16_t port = 0;
  {
    http_server closed{loopback(), [](http_request&&, responder reply) { reply({}); }};
    ASSERT_FALSE(closed.start());
    port = closed.port();
  }
  std::error_code ec;
  auto response = http_call("127.0.0.1", port, client_request{}, ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
}

TEST(http_client, unanswered_request_times_out) {
  std::mutex mutex;
  std::vector<responder> parked;
  http_server server{loopback(), [&](http_request&&, responder reply) {
                       std::lock_guard guard{mutex};
                       parked.push_back(std::move(reply));
                     }};
  ASSERT_FALSE(server.start());
  std::error_code ec;
  auto response = http_call("127.0.0.1", server.port(), client_request{}, ec, 300ms);
  EXPECT_TRUE(ec);
  EXPECT_EQ(response.status, 0);
  server.stop();
}

TEST(http_client, split_http_url_accepts_plain_http) {
  std::string host;
  uint16_t port = 0;
  std::string prefix;
  ASSERT_TRUE(split_http_url("http://127.0.0.1:1234/v1/", host, port, prefix));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 1234);
  EXPECT_EQ(prefix, "/v1");
  ASSERT_TRUE(split_http_url("http://llm.local", host, port, prefix));
  EXPECT_EQ(host, "llm.local");
  EXPECT_EQ(port, 80);
  EXPECT_EQ(prefix, "");
  ASSERT_TRUE(split_http_url("HTTP://[::1]:8080/api?x=1", host, port, prefix));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 8080);
  EXPECT_EQ(prefix, "/api");
}

TEST(http_client, split_http_url_refuses_everything_else) {
  std::string host;
  uint16_t port = 0;
  std::string prefix;
  for (const char* url : {"https://api.openai.com/v1", "ftp://h/", "http://", "http:///x",
                          "http://h:/x", "http://h:99999", "http://h:0", "http://h:12ab",
                          "http://user@h/", "http://[::1/", "h:80", ""})
    EXPECT_FALSE(split_http_url(url, host, port, prefix)) << url;
}
