#pragma once

// The inbox: every accepted inbound message that is not settled yet, by event token. Rows are
// written by `write_batch::ingest` in the same transaction as the dedupe row and the `received`
// audit record (durable before the sender is acknowledged), and removed by `write_batch::settle`
// in the same transaction as the message's decision. What is left at start is resumed.

#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/tables.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace crm::store::inbox {

/// The stored form of a message (a JSON object with the field names of inbound_message).
std::string encode(const inbound_message& message);
std::optional<inbound_message> decode(std::string_view bytes);

std::error_code put(lmdb::txn& t, const tables& tb, const inbound_message& message);
std::optional<inbound_message> find(const lmdb::txn& t, const tables& tb, std::string_view token);
/// Number of rows in the inbox.
size_t depth(const lmdb::txn& t, const tables& tb);
/// Removes a settled message; removing an absent row is not an error.
std::error_code remove(lmdb::txn& t, const tables& tb, std::string_view token);
/// Unsettled messages in key order, at most `limit`.
std::vector<inbound_message> list(const lmdb::txn& t, const tables& tb, size_t limit);

} // namespace crm::store::inbox
