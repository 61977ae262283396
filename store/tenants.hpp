#pragma once

// Tenant configurations: id -> (version, config JSON). The JSON is validated by config/ before
// it gets here; the store only keeps it and its version for compare-and-set updates.

#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/tables.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace crm::store::tenants {

/// Tenants `list` returns at most (the admin API lists them all).
inline constexpr size_t max_listed = 10'000;

/// Writes a new version of `id` when `expected_version` is unset or equals the stored version
/// (0 when the tenant is new); otherwise errc::version_conflict and nothing is written.
std::error_code put(lmdb::txn& t, const tables& tb, const std::string& id,
                    std::string_view config_json, std::optional<uint64_t> expected_version,
                    uint64_t& new_version);

std::optional<tenant_row> find(const lmdb::txn& t, const tables& tb, std::string_view id);
std::vector<tenant_row> list(const lmdb::txn& t, const tables& tb);

} // namespace crm::store::tenants
