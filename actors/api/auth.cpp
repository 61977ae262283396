#include "actors/api/auth.hpp"

#include "net/signature.hpp"

#include <openssl/crypto.h>

namespace crm::api {

std::string_view bearer_token(const net::http_request& request) {
  auto value = request.header("authorization");
  constexpr std::string_view scheme = "Bearer ";
  if (value.size() <= scheme.size() || value.substr(0, scheme.size()) != scheme) return {};
  return value.substr(scheme.size());
}

bool is_admin(const api_context& context, const net::http_request& request) {
  const auto& expected = context.config->admin_token;
  auto given = bearer_token(request);
  if (expected.empty() || given.size() != expected.size()) return false;
  return CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

std::optional<store::credential_row> find_credential(const api_context& context,
                                                     const net::http_request& request,
                                                     std::string_view kind) {
  auto token = bearer_token(request);
  if (token.empty()) return std::nullopt;
  // Lookup by hash: the stored side is a SHA-256, so timing reveals nothing about the token.
  auto row = context.store->find_credential(net::sha256_hex(token));
  if (!row || row->revoked || row->kind != kind) return std::nullopt;
  return row;
}

net::http_response unauthorized(std::string_view detail) {
  auto response = net::json_error(401, "unauthorized", detail);
  response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

} // namespace crm::api
