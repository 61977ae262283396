#include "bench/crm-bench/request_factory.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include <set>
#include <string>

using namespace crm::bench;

namespace {

struct split_request {
  std::string request_line;
  std::string head; // header lines, each ending in CRLF
  std::string body;
};

split_request split(const std::string& raw) {
  split_request r;
  const auto line_end = raw.find("\r\n");
  const auto head_end = raw.find("\r\n\r\n");
  r.request_line = raw.substr(0, line_end);
  r.head = raw.substr(line_end + 2, head_end + 2 - (line_end + 2));
  r.body = raw.substr(head_end + 4);
  return r;
}

std::string header(const std::string& head, const std::string& name) {
  const auto at = head.find(name + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 2;
  return head.substr(start, head.find("\r\n", start) - start);
}

/// Reference HMAC via OpenSSL's one-shot API, independent of the factory's reusable context.
std::string reference_hmac_hex(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  std::string hex;
  static constexpr char digits[] = "0123456789abcdef";
  for (unsigned i = 0; i < len; ++i) {
    hex += digits[out[i] >> 4];
    hex += digits[out[i] & 0xf];
  }
  return hex;
}

bench_options options_for(std::vector<std::string> args) {
  auto r = parse_options(args);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.options;
}

std::unique_ptr<request_factory> make(const bench_options& o, unsigned index = 0,
                                      unsigned threads = 1) {
  auto r = request_factory::create(o, index, threads, "r1");
  EXPECT_TRUE(r.factory) << r.error;
  return std::move(r.factory);
}

boost::json::value message_of(const std::string& body) {
  const auto doc = boost::json::parse(body);
  return doc.at("entry").at(0).at("changes").at(0).at("value").at("messages").at(0);
}

} // namespace

TEST(request_factory, every_webhook_request_is_signed_over_its_exact_body) {
  const auto o = options_for({"--app-secret", "s3cret", "--url", "http://127.0.0.1:9000"});
  auto f = make(o);
  std::string raw;
  for (std::uint64_t seq = 0; seq < 50; ++seq) {
    f->build(seq, raw);
    const auto r = split(raw);
    EXPECT_EQ(r.request_line, "POST /webhook/whatsapp/default HTTP/1.1");
    EXPECT_EQ(header(r.head, "Host"), "127.0.0.1:9000");
    EXPECT_EQ(header(r.head, "Content-Length"), std::to_string(r.body.size()));
    ASSERT_EQ(header(r.head, "X-Hub-Signature-256"),
              "sha256=" + reference_hmac_hex("s3cret", r.body))
        << "request " << seq;
    EXPECT_EQ(r.body, f->body(seq));
  }
}

TEST(request_factory, webhook_bodies_are_cloud_api_messages_with_unique_wamids) {
  const auto o = options_for({"--text", "Say \"hi\"\n\\ please", "--customers", "3"});
  auto a = make(o, 0, 2);
  auto b = make(o, 1, 2);
  std::set<std::string> wamids;
  std::set<std::string> senders;
  for (std::uint64_t seq = 0; seq < 100; ++seq) {
    for (auto* f : {a.get(), b.get()}) {
      const auto msg = message_of(f->body(seq));
      wamids.insert(std::string{msg.at("id").as_string()});
      senders.insert(std::string{msg.at("from").as_string()});
      EXPECT_EQ(msg.at("type").as_string(), "text");
      EXPECT_EQ(msg.at("text").at("body").as_string(), "Say \"hi\"\n\\ please");
    }
  }
  EXPECT_EQ(wamids.size(), 200u) << "two threads never reuse each other's ids";
  EXPECT_EQ(senders.size(), 3u) << "senders rotate through --customers";
}

TEST(request_factory, runs_with_different_ids_never_share_a_wamid) {
  const auto o = options_for({});
  auto one = request_factory::create(o, 0, 1, "aaaa").factory;
  auto two = request_factory::create(o, 0, 1, "bbbb").factory;
  EXPECT_NE(message_of(one->body(0)).at("id"), message_of(two->body(0)).at("id"));
}

TEST(request_factory, ingest_requests_carry_the_bearer_key_and_unique_message_ids) {
  const auto o =
      options_for({"--scenario", "ingest", "--ingest-key", "key-123", "--tenant", "acme"});
  auto f = make(o);
  std::set<std::string> ids;
  std::string raw;
  for (std::uint64_t seq = 0; seq < 20; ++seq) {
    f->build(seq, raw);
    const auto r = split(raw);
    EXPECT_EQ(r.request_line, "POST /v1/messages HTTP/1.1");
    EXPECT_EQ(header(r.head, "Authorization"), "Bearer key-123");
    EXPECT_EQ(header(r.head, "X-Hub-Signature-256"), "");
    const auto doc = boost::json::parse(r.body).as_object();
    EXPECT_EQ(doc.at("tenant").as_string(), "acme");
    EXPECT_FALSE(doc.at("customer_id").as_string().empty());
    ids.insert(std::string{doc.at("message_id").as_string()});
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST(request_factory, seed_requests_send_body_json_signed_with_the_app_secret) {
  const auto o = options_for({"--scenario", "seed"});
  auto f = make(o);
  std::string raw;
  f->build(0, raw);
  auto r = split(raw);
  EXPECT_EQ(r.request_line, "POST /webhook HTTP/1.1");
  EXPECT_EQ(r.body, kSeedBody);
  EXPECT_EQ(header(r.head, "X-Hub-Signature-256"),
            "sha256=" + reference_hmac_hex("test-secret", kSeedBody));
  f->build(1, raw);
  EXPECT_EQ(split(raw).body, kSeedBody) << "the seed stack does not dedupe: same body every time";
}

TEST(request_factory, a_missing_body_file_is_an_error_not_an_empty_body) {
  auto o = options_for({"--scenario", "seed"});
  o.body_file = "/nonexistent/body.json";
  const auto r = request_factory::create(o, 0, 1, "r1");
  EXPECT_FALSE(r.factory);
  EXPECT_NE(r.error.find("--body-file"), std::string::npos);
}

TEST(request_factory, json_escape_covers_quotes_backslashes_and_control_characters) {
  EXPECT_EQ(json_escape("a\"b\\c\n\t\x01"), "a\\\"b\\\\c\\n\\t\\u0001");
  EXPECT_EQ(json_escape("plain ünïcode"), "plain ünïcode");
}
