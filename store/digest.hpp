#pragma once

// SHA-256 through OpenSSL EVP, as lower-case hex (the audit chain, credential lookups).

#include <string>
#include <string_view>

namespace crm::store {

/// Lower-case hex SHA-256 of `first` followed by `second`.
std::string sha256_hex(std::string_view first, std::string_view second = {});

/// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);

/// Decodes hex (either case); false on odd length or a non-hex character.
bool from_hex(std::string_view hex, std::string& out);

} // namespace crm::store
