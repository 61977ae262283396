#pragma once

// The `reviews` table: event_token -> review_row JSON. Written in the same commit as the
// `pending_review` audit record (write_batch::settle), read back by the review hub at start.

#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/tables.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace crm::store::reviews {

std::string encode(const review_row& row);
std::optional<review_row> decode(std::string_view bytes);

std::error_code put(lmdb::txn& t, const tables& tb, const review_row& row);
std::optional<review_row> find(const lmdb::txn& t, const tables& tb, std::string_view token);
/// Rows in key order, at most `limit`; `tenant` empty means every tenant, `state` empty every
/// state.
std::vector<review_row> list(const lmdb::txn& t, const tables& tb, std::string_view tenant,
                             std::string_view state, size_t limit);

} // namespace crm::store::reviews
