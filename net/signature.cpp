#include "net/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdint>

namespace crm::net {

namespace {

constexpr size_t sha256_bytes = 32;
constexpr std::string_view hub_prefix = "sha256=";

using digest = std::array<unsigned char, sha256_bytes>;

std::string to_hex(const unsigned char* data, size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(size * 2, '\0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0x0f];
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool hmac_sha256(std::string_view key, std::string_view data, digest& out) {
  // OpenSSL treats a null key specially; a zero-length key must still point somewhere.
  static const unsigned char empty = 0;
  const auto* key_ptr = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
  const auto* data_ptr =
      data.empty() ? &empty : reinterpret_cast<const unsigned char*>(data.data());
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()), data_ptr, data.size(), out.data(),
           &length) == nullptr ||
      length != sha256_bytes)
    return false;
  return true;
}

bool iequals_prefix(std::string_view value, std::string_view prefix) {
  if (value.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = value[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

} // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  digest mac{};
  if (!hmac_sha256(key, data, mac)) return {};
  return to_hex(mac.data(), mac.size());
}

bool verify_hub_signature(std::string_view app_secret, std::string_view body,
                          std::string_view header_value) {
  // An unset secret would make every forger's HMAC(empty key) valid: refuse instead.
  if (app_secret.empty()) return false;
  if (!iequals_prefix(header_value, hub_prefix)) return false;
  auto hex = header_value.substr(hub_prefix.size());
  if (hex.size() != sha256_bytes * 2) return false;
  digest claimed{};
  for (size_t i = 0; i < sha256_bytes; ++i) {
    int hi = hex_value(hex[2 * i]);
    int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    claimed[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  digest expected{};
  if (!hmac_sha256(app_secret, body, expected)) return false;
  // Constant time: a timing side channel must not reveal how many leading bytes matched.
  return CRYPTO_memcmp(claimed.data(), expected.data(), sha256_bytes) == 0;
}

std::string sha256_hex(std::string_view data) {
  digest out{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != sha256_bytes)
    return {};
  return to_hex(out.data(), out.size());
}

} // namespace crm::net
