#pragma once

// The `takeovers` table: tenant \0 customer -> takeover_row JSON, one row per conversation a
// human has taken over. Conversations read it when they start, so a takeover outlives
// passivation and restarts.

#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/tables.hpp"

#include <optional>
#include <string_view>
#include <system_error>

namespace crm::store::takeovers {

std::error_code put(lmdb::txn& t, const tables& tb, const takeover_row& row);
/// Removing an absent row is not an error.
std::error_code remove(lmdb::txn& t, const tables& tb, std::string_view tenant,
                       std::string_view customer_id);
std::optional<takeover_row> find(const lmdb::txn& t, const tables& tb, std::string_view tenant,
                                 std::string_view customer_id);

} // namespace crm::store::takeovers
