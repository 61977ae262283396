#include "net/http_types.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

using namespace crm::net;

TEST(http_types, percent_decode_handles_escapes_and_plus) {
  std::string out;
  ASSERT_TRUE(percent_decode("a%20b%2Fc+d", out, false));
  EXPECT_EQ(out, "a b/c+d");
  ASSERT_TRUE(percent_decode("a%20b+c", out, true));
  EXPECT_EQ(out, "a b c");
  ASSERT_TRUE(percent_decode("%e2%82%AC", out, false));
  EXPECT_EQ(out, "\xe2\x82\xac");
}

TEST(http_types, percent_decode_refuses_broken_escapes) {
  std::string out;
  EXPECT_FALSE(percent_decode("abc%", out, false));
  EXPECT_FALSE(percent_decode("abc%4", out, false));
  EXPECT_FALSE(percent_decode("abc%zz", out, false));
}

TEST(http_types, parse_target_splits_path_and_decodes_query) {
  http_request request;
  ASSERT_TRUE(parse_target("/webhook/whatsapp/acme%20co?hub.mode=subscribe&hub.challenge=a+b%26c"
                           "&flag&=x&&",
                           request));
  EXPECT_EQ(request.path, "/webhook/whatsapp/acme co");
  ASSERT_EQ(request.query.size(), 4u);
  EXPECT_EQ(request.query_param("hub.mode"), "subscribe");
  EXPECT_EQ(request.query_param("hub.challenge"), "a b&c");
  EXPECT_EQ(request.query[2], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(request.query[3], (std::pair<std::string, std::string>{"", "x"}));
  EXPECT_EQ(request.query_param("absent"), "");
}

TEST(http_types, parse_target_refuses_non_origin_form_and_bad_escapes) {
  http_request request;
  EXPECT_FALSE(parse_target("http://example.com/", request));
  EXPECT_FALSE(parse_target("*", request));
  EXPECT_FALSE(parse_target("", request));
  EXPECT_FALSE(parse_target("/a%zz", request));
  EXPECT_FALSE(parse_target("/a?x=%", request));
}

TEST(http_types, header_lookup_returns_the_first_match) {
  http_request request;
  request.headers = {{"x-hub-signature-256", "sha256=ab"}, {"accept", "a"}, {"accept", "b"}};
  EXPECT_EQ(request.header("x-hub-signature-256"), "sha256=ab");
  EXPECT_EQ(request.header("X-Hub-Signature-256"), "sha256=ab");
  EXPECT_EQ(request.header("accept"), "a");
  EXPECT_EQ(request.header("authorization"), "");
}

TEST(http_types, json_error_escapes_its_strings) {
  auto response = json_error(400, "invalid_config", "quote \" backslash \\ newline \n", "a.b");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/json");
  auto parsed = boost::json::parse(response.body).as_object();
  EXPECT_EQ(parsed.at("error").as_string(), "invalid_config");
  EXPECT_EQ(parsed.at("detail").as_string(), "quote \" backslash \\ newline \n");
  EXPECT_EQ(parsed.at("field").as_string(), "a.b");
}

TEST(http_types, json_error_omits_an_empty_field) {
  auto response = json_error(401, "bad_signature", "nope");
  auto parsed = boost::json::parse(response.body).as_object();
  EXPECT_EQ(parsed.size(), 2u);
  EXPECT_FALSE(parsed.contains("field"));
}
