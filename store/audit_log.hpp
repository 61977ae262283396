#pragma once

// The audit log inside one LMDB transaction: appending to the hash chain with its indexes,
// reading pages and histories back, and walking the whole chain to verify it.
//
// Operation: `audit` holds be64 seq -> canonical record JSON (audit_codec.hpp); every append
// also writes `audit_by_token` and, when the record names a client, `audit_by_client`. The
// chain head (seq, hash) lives in `meta` and is written by the caller once per batch, in the
// same transaction as the records, so the head and the records always commit together.
// Limitations: verify walks every record in one read transaction (a snapshot), so its cost is
// linear in the log's length.

#include "store/audit_codec.hpp"
#include "store/lmdb_env.hpp"
#include "store/records.hpp"
#include "store/tables.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

namespace crm::store::audit_log {

/// Records a page may hold; larger `limit`s are cut to this.
inline constexpr size_t max_page_records = 1000;
/// Page size when a filter asks for 0 records.
inline constexpr size_t default_page_records = 100;
/// Records `history` returns at most (one message has about ten transitions).
inline constexpr size_t max_history_records = 1000;

/// Seals `record` after `head` (fills seq, prev_hash, hash), stores it and its index rows, and
/// advances `head`. On error `head` and `record` are unchanged and the transaction must abort.
std::error_code append(lmdb::txn& t, const tables& tb, audit_head& head, audit_record& record);

/// The committed head: the later of meta's `audit_head` and the last stored record, so a
/// deleted tail stays a visible gap and records appended behind meta's back are not overwritten.
std::error_code load_head(const lmdb::txn& t, const tables& tb, audit_head& head);

/// Writes `head` into meta.
std::error_code store_head(lmdb::txn& t, const tables& tb, const audit_head& head);

/// The record with `seq`, or nullopt when missing or undecodable.
std::optional<audit_record> read(const lmdb::txn& t, const tables& tb, uint64_t seq);

/// One page of records matching `filter`, oldest first (indexes used for client and token).
audit_page query(const lmdb::txn& t, const tables& tb, const audit_filter& filter);

/// Every record of one message, oldest first.
std::vector<audit_record> history(const lmdb::txn& t, const tables& tb, std::string_view token);

/// Walks the chain from seq 1: seq continuity, prev links, canonical bytes, hashes, and the
/// last record against meta's head. `first_bad_seq` is the first seq that is missing or wrong.
chain_verdict verify(const lmdb::txn& t, const tables& tb);

} // namespace crm::store::audit_log
