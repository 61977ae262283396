#pragma once

// Credentials (ingest keys, operator tokens): hex SHA-256 of the secret part -> credential_row.
// The secret itself is never stored, so a leaked data dir leaks no usable token.

#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/tables.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace crm::store::credentials {

std::string encode(const credential_row& row);
std::optional<credential_row> decode(std::string_view bytes);

std::error_code put(lmdb::txn& t, const tables& tb, const credential_row& row,
                    std::string_view secret_sha256);

/// Marks the credential with `id` revoked. Credentials are few (one per operator or
/// integration), so this scans the table rather than keeping a second index.
std::error_code revoke(lmdb::txn& t, const tables& tb, std::string_view id);

std::optional<credential_row> find(const lmdb::txn& t, const tables& tb,
                                   std::string_view secret_sha256);

} // namespace crm::store::credentials
