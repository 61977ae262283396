#pragma once

// The `outbox` table: event_token -> outbox_row JSON. A send is recorded here in the same commit
// as the decision that approved it; delivery (the outbox actor) works from these rows, so a
// restart resends only what the channel never accepted.

#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/tables.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace crm::store::outbox {

std::string encode(const outbox_row& row);
std::optional<outbox_row> decode(std::string_view bytes);

/// Records a send; an existing row for the same event token is kept (a message is answered once).
std::error_code put(lmdb::txn& t, const tables& tb, const outbox_row& row);
std::optional<outbox_row> find(const lmdb::txn& t, const tables& tb, std::string_view token);
/// Rows in key order, at most `limit`; `state` empty means every state.
std::vector<outbox_row> list(const lmdb::txn& t, const tables& tb, std::string_view state,
                             size_t limit);
size_t depth(const lmdb::txn& t, const tables& tb);

} // namespace crm::store::outbox
