#pragma once

// Webhook signatures: HMAC-SHA256 (OpenSSL), compared in constant time.

#include <string>
#include <string_view>

namespace crm::net {

/// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// Checks Meta's `X-Hub-Signature-256: sha256=<hex>` header against the raw body, in constant
/// time. False for a missing, malformed or wrong signature, or an empty secret.
bool verify_hub_signature(std::string_view app_secret, std::string_view body,
                          std::string_view header_value);

/// Lower-case hex SHA-256 of `data` (credential hashes, audit chain helpers).
std::string sha256_hex(std::string_view data);

} // namespace crm::net
