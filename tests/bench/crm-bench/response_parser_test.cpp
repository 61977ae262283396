#include "bench/crm-bench/response_parser.hpp"

#include <gtest/gtest.h>

#include <string>

using crm::bench::parse_response;
using crm::bench::parse_state;

namespace {
constexpr std::size_t kLimit = 1 << 20;
}

TEST(response_parser, content_length_response_is_complete_with_its_exact_size) {
  const std::string r = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX: y\r\n\r\nhello";
  const auto p = parse_response(r, kLimit);
  ASSERT_EQ(p.state, parse_state::complete);
  EXPECT_EQ(p.status, 200);
  EXPECT_FALSE(p.close);
  EXPECT_EQ(p.consumed, r.size());
}

TEST(response_parser, every_proper_prefix_is_incomplete) {
  const std::string r = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 3\r\n\r\nabc";
  for (std::size_t n = 0; n < r.size(); ++n)
    ASSERT_EQ(parse_response(r.substr(0, n), kLimit).state, parse_state::incomplete) << n;
  EXPECT_EQ(parse_response(r, kLimit).status, 503);
}

TEST(response_parser, back_to_back_responses_consume_only_the_first) {
  const std::string one = "HTTP/1.1 204 No Content\r\n\r\n";
  const auto p = parse_response(one + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", kLimit);
  ASSERT_EQ(p.state, parse_state::complete);
  EXPECT_EQ(p.status, 204);
  EXPECT_EQ(p.consumed, one.size());
}

TEST(response_parser, chunked_body_is_framed_by_its_chunks) {
  const std::string r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                        "chunked\r\n\r\n4\r\nWiki\r\n6;x=y\r\npedia \r\n0\r\n\r\n";
  for (std::size_t n = 0; n < r.size(); ++n)
    ASSERT_EQ(parse_response(r.substr(0, n), kLimit).state, parse_state::incomplete) << n;
  const auto p = parse_response(r + "junk", kLimit);
  ASSERT_EQ(p.state, parse_state::complete);
  EXPECT_EQ(p.consumed, r.size());
}

TEST(response_parser, chunked_trailers_are_skipped) {
  const std::string r =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: 1\r\n\r\n";
  const auto p = parse_response(r, kLimit);
  ASSERT_EQ(p.state, parse_state::complete);
  EXPECT_EQ(p.consumed, r.size());
}

TEST(response_parser, connection_close_and_http_1_0_mean_the_server_closes) {
  EXPECT_TRUE(
      parse_response("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", kLimit)
          .close);
  EXPECT_TRUE(parse_response("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", kLimit).close);
  EXPECT_FALSE(parse_response(
                   "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", kLimit)
                   .close);
}

TEST(response_parser, malformed_heads_are_errors) {
  for (const std::string r :
       {"HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 999 OK\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "garbage\r\n\r\n"})
    EXPECT_EQ(parse_response(r, kLimit).state, parse_state::error) << r;
}

TEST(response_parser, a_body_without_framing_is_an_error) {
  EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\n\r\nbody", kLimit).state, parse_state::error);
}

TEST(response_parser, malformed_chunks_are_errors) {
  EXPECT_EQ(
      parse_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", kLimit).state,
      parse_state::error);
  EXPECT_EQ(
      parse_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", kLimit)
          .state,
      parse_state::error);
}

TEST(response_parser, responses_over_the_limit_are_errors) {
  EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", 64).state,
            parse_state::error);
  EXPECT_EQ(parse_response(std::string(20000, 'x'), kLimit).state, parse_state::error)
      << "an endless head is cut off at kMaxResponseHead";
}
