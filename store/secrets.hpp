#pragma once

// Tenant secrets (LLM API keys, WhatsApp app secrets and tokens), encrypted at rest.
// Row: tenant \0 name -> be64(updated_at_ms) | nonce | ciphertext | tag, with "tenant\0name" as
// the AEAD associated data. Listing returns names and times, never values.

#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/secret_box.hpp"
#include "store/tables.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace crm::store::secrets {

/// Secrets `list` returns per tenant at most.
inline constexpr size_t max_listed = 10'000;

std::error_code put(lmdb::txn& t, const tables& tb, const secret_box& box, std::string_view tenant,
                    std::string_view name, std::string_view value, int64_t now_ms);

/// Decrypts one secret: errc::not_found when absent, errc::crypto_error when it does not open.
std::error_code read(const lmdb::txn& t, const tables& tb, const secret_box& box,
                     std::string_view tenant, std::string_view name, std::string& value);

std::vector<secret_info> list(const lmdb::txn& t, const tables& tb, std::string_view tenant);

} // namespace crm::store::secrets
