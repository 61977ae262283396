#include "net/signature.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

using namespace crm::net;

namespace {

// RFC 4231, test case 2: a short key and a short message.
constexpr std::string_view rfc4231_key = "Jefe";
constexpr std::string_view rfc4231_data = "what do ya want for nothing?";
constexpr std::string_view rfc4231_mac =
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

constexpr std::string_view secret = "app-secret";
constexpr std::string_view body = R"({"object":"whatsapp_business_account","entry":[]})";

std::string header_for(std::string_view key, std::string_view data) {
  return "sha256=" + hmac_sha256_hex(key, data);
}

} // namespace

TEST(signature, hmac_matches_rfc4231_test_case_2) {
  EXPECT_EQ(hmac_sha256_hex(rfc4231_key, rfc4231_data), rfc4231_mac);
}

TEST(signature, sha256_matches_the_fips_abc_vector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(signature, correct_signature_is_accepted) {
  EXPECT_TRUE(verify_hub_signature(secret, body, header_for(secret, body)));
}

TEST(signature, uppercase_hex_is_accepted) {
  auto header = header_for(secret, body);
  std::transform(header.begin() + 7, header.end(), header.begin() + 7,
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_TRUE(verify_hub_signature(secret, body, header));
}

TEST(signature, signature_under_another_secret_is_refused) {
  EXPECT_FALSE(verify_hub_signature(secret, body, header_for("other-secret", body)));
}

TEST(signature, signature_of_another_body_is_refused) {
  EXPECT_FALSE(verify_hub_signature(secret, body, header_for(secret, std::string{body} + " ")));
}

TEST(signature, missing_header_is_refused) {
  EXPECT_FALSE(verify_hub_signature(secret, body, ""));
}

TEST(signature, header_without_prefix_is_refused) {
  EXPECT_FALSE(verify_hub_signature(secret, body, hmac_sha256_hex(secret, body)));
  EXPECT_FALSE(verify_hub_signature(secret, body, "sha1=" + hmac_sha256_hex(secret, body)));
}

TEST(signature, wrong_length_is_refused) {
  auto header = header_for(secret, body);
  EXPECT_FALSE(verify_hub_signature(secret, body, header.substr(0, header.size() - 2)));
  EXPECT_FALSE(verify_hub_signature(secret, body, header + "00"));
}

TEST(signature, non_hex_digits_are_refused) {
  auto header = header_for(secret, body);
  header.back() = 'g';
  EXPECT_FALSE(verify_hub_signature(secret, body, header));
}

TEST(signature, empty_secret_refuses_even_a_matching_signature) {
  EXPECT_FALSE(verify_hub_signature("", body, header_for("", body)));
}
