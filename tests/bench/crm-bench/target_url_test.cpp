#include "bench/crm-bench/target_url.hpp"

#include <gtest/gtest.h>

using crm::bench::is_loopback_host;
using crm::bench::parse_target_url;

TEST(target_url, loopback_addresses_are_accepted) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "127.255.255.254", "::1", "localhost",
                           "LocalHost", "::ffff:127.0.0.1"})
    EXPECT_TRUE(is_loopback_host(host)) << host;
}

TEST(target_url, every_other_host_is_refused) {
  for (const char* host : {"10.0.0.1", "8.8.8.8", "0.0.0.0", "128.0.0.1", "192.168.1.1",
                           "example.com", "localhost.example.com", "::", "::2", "fe80::1",
                           "::ffff:10.0.0.1", "127.1", "127.0.0.1.", "", "2130706433"})
    EXPECT_FALSE(is_loopback_host(host)) << host;
}

TEST(target_url, host_port_and_path_are_split) {
  const auto r = parse_target_url("http://127.0.0.1:8000");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.url.address, "127.0.0.1");
  EXPECT_EQ(r.url.port, 8000);
  EXPECT_EQ(r.url.host_header, "127.0.0.1:8000");
  EXPECT_EQ(r.url.path, "");

  const auto with_path = parse_target_url("http://127.0.0.1:18080/webhook");
  ASSERT_TRUE(with_path.ok()) << with_path.error;
  EXPECT_EQ(with_path.url.path, "/webhook");
  EXPECT_EQ(parse_target_url("http://127.0.0.1:1/").url.path, "");
}

TEST(target_url, ipv6_loopback_in_brackets_and_default_port) {
  const auto r = parse_target_url("http://[::1]:9000/x");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.url.address, "::1");
  EXPECT_EQ(r.url.port, 9000);
  EXPECT_EQ(r.url.host_header, "[::1]:9000");

  const auto d = parse_target_url("http://localhost");
  ASSERT_TRUE(d.ok()) << d.error;
  EXPECT_EQ(d.url.address, "127.0.0.1") << "localhost is mapped, never resolved";
  EXPECT_EQ(d.url.port, 80);
}

TEST(target_url, non_loopback_urls_are_refused_with_a_reason) {
  const auto r = parse_target_url("http://10.1.2.3:8000/");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("loopback"), std::string::npos);
  EXPECT_FALSE(parse_target_url("http://example.com/").ok());
  EXPECT_FALSE(parse_target_url("http://[fe80::1]:80/").ok());
}

TEST(target_url, malformed_urls_are_refused) {
  for (const char* url :
       {"https://127.0.0.1:8000", "127.0.0.1:8000", "http://", "http://:8000", "http://127.0.0.1:0",
        "http://127.0.0.1:65536", "http://127.0.0.1:80x", "http://user@127.0.0.1:80", "http://[::1",
        "http://127.0.0.1:", "http://[::1]:", "http://[::1]x", "ftp://127.0.0.1"})
    EXPECT_FALSE(parse_target_url(url).ok()) << url;
}
