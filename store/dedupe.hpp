#pragma once

// The dedupe set: (tenant, message_id) -> the event token that first claimed it. WhatsApp
// redelivers for up to 7 days, so rows live at least that long and are then expired in
// bounded steps through the time index `dedupe_by_time`.

#include "store/lmdb_env.hpp"
#include "store/tables.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace crm::store::dedupe {

/// Claims (tenant, message_id) for `token` inside `t`; when the pair is already claimed (in
/// this transaction or an earlier one) writes nothing and sets `original` to the first token.
std::error_code claim(lmdb::txn& t, const tables& tb, std::string_view tenant,
                      std::string_view message_id, std::string_view token, int64_t received_at_ms,
                      std::optional<std::string>& original);

/// The token that claimed (tenant, message_id), if any.
std::optional<std::string> find(const lmdb::txn& t, const tables& tb, std::string_view tenant,
                                std::string_view message_id);

/// Deletes at most `max_rows` claims received before `cutoff_ms`, oldest first.
size_t expire(lmdb::txn& t, const tables& tb, int64_t cutoff_ms, size_t max_rows,
              std::error_code& ec);

} // namespace crm::store::dedupe
