#include "config/host_port.hpp"

#include <gtest/gtest.h>

using crm::config::host_port;
using crm::config::parse_host_port;

TEST(host_port, name_address_and_bracketed_ipv6_parse) {
  EXPECT_EQ(parse_host_port("localhost:8000"), (host_port{"localhost", 8000}));
  EXPECT_EQ(parse_host_port("10.0.0.1:65535"), (host_port{"10.0.0.1", 65535}));
  EXPECT_EQ(parse_host_port("[::1]:0"), (host_port{"::1", 0}));
  EXPECT_EQ(parse_host_port("node-2.cluster_a.internal:9000"),
            (host_port{"node-2.cluster_a.internal", 9000}));
}

TEST(host_port, malformed_endpoints_are_refused) {
  for (auto text : {"", "localhost", "localhost:", ":8000", "host:65536", "host:-1", "host:+1",
                    "host:80x", "host: 80", "ho st:80", "::1:80", "[]:80", "[zz::1]:80",
                    "host:000008000", "[::1]", "host/x:80"})
    EXPECT_FALSE(parse_host_port(text)) << text;
}

TEST(host_port, to_string_brackets_ipv6_again) {
  EXPECT_EQ(to_string(host_port{"::1", 80}), "[::1]:80");
  EXPECT_EQ(to_string(host_port{"example.org", 443}), "example.org:443");
  EXPECT_EQ(parse_host_port(to_string(host_port{"fe80::1", 7})), (host_port{"fe80::1", 7}));
}
