#include "store/secret_box.hpp"

#include "store/errc.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace crm::store {

namespace {

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_ctx new_ctx() {
  return cipher_ctx{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

/// Values are small (tokens, keys); EVP takes int lengths.
constexpr size_t max_value_size = size_t{1} << 24;

} // namespace

std::error_code secret_box::make(std::string_view key, secret_box& out) {
  if (key.size() != key_size) return errc::crypto_error;
  out.key_.assign(key);
  return {};
}

secret_box::~secret_box() {
  if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
}

std::error_code secret_box::seal(std::string_view plain, std::string_view associated,
                                 std::string& out) const {
  if (!has_key() || plain.size() > max_value_size || associated.size() > max_value_size)
    return errc::crypto_error;
  std::string result(nonce_size + plain.size() + tag_size, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(result.data());
  auto* cipher = nonce + nonce_size;
  if (RAND_bytes(nonce, nonce_size) != 1) return errc::crypto_error;
  auto ctx = new_ctx();
  int n = 0;
  int tail = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(associated),
                        static_cast<int>(associated.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cipher, &n, bytes(plain), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cipher + n, &tail) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size, cipher + plain.size()) != 1)
    return errc::crypto_error;
  out = std::move(result);
  return {};
}

std::error_code secret_box::open(std::string_view sealed, std::string_view associated,
                                 std::string& out) const {
  if (!has_key() || sealed.size() < nonce_size + tag_size || sealed.size() > max_value_size ||
      associated.size() > max_value_size)
    return errc::crypto_error;
  const size_t cipher_size = sealed.size() - nonce_size - tag_size;
  std::string plain(cipher_size, '\0');
  auto* plain_out = reinterpret_cast<unsigned char*>(plain.data());
  auto nonce = sealed.substr(0, nonce_size);
  auto cipher = sealed.substr(nonce_size, cipher_size);
  std::string tag{sealed.substr(nonce_size + cipher_size)}; // EVP wants a mutable pointer
  auto ctx = new_ctx();
  int n = 0;
  int tail = 0;
  bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(associated),
                        static_cast<int>(associated.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), plain_out, &n, bytes(cipher), static_cast<int>(cipher.size())) ==
          1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), plain_out + n, &tail) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return errc::crypto_error;
  }
  out = std::move(plain);
  return {};
}

} // namespace crm::store
