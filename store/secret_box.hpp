#pragma once

// AES-256-GCM sealing of small values under the node's master key (OpenSSL EVP).
//
// Sealed form: nonce (12 random bytes, fresh per value) | ciphertext | tag (16 bytes). The
// associated data binds a sealed value to where it is stored (tenant and name), so a value
// copied to another row fails to open instead of passing for another secret.

#include <string>
#include <string_view>
#include <system_error>

namespace crm::store {

class secret_box {
public:
  static constexpr size_t key_size = 32;
  static constexpr size_t nonce_size = 12;
  static constexpr size_t tag_size = 16;

  /// `key` must be exactly key_size raw bytes (errc::crypto_error otherwise).
  static std::error_code make(std::string_view key, secret_box& out);

  secret_box() = default;
  secret_box(const secret_box&) = default;
  secret_box& operator=(const secret_box&) = default;
  ~secret_box();

  bool has_key() const noexcept { return key_.size() == key_size; }

  /// Encrypts `plain`; `out` gets nonce|ciphertext|tag.
  std::error_code seal(std::string_view plain, std::string_view associated, std::string& out) const;
  /// Decrypts and authenticates; errc::crypto_error on a wrong key, AAD or any changed byte.
  std::error_code open(std::string_view sealed, std::string_view associated,
                       std::string& out) const;

private:
  std::string key_;
};

} // namespace crm::store
