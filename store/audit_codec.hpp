#pragma once

// The hash-chain rule and the stored form of audit records and of the chain head.
//
// Rule: hash = hex SHA-256( prev_hash || to_json_without_hash(record) ), where prev_hash is the
// previous record's hash (64 '0' for seq 1) and is itself a member of the hashed JSON. A record
// is stored as exactly `to_json(record)`, so any byte changed in storage is detectable.

#include "store/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::store {

/// The end of the chain: the last seq and its hash (seq 0 and genesis_hash() when empty).
struct audit_head {
  uint64_t seq = 0;
  std::string hash;
};

/// 64 '0': the prev_hash of the first record.
const std::string& genesis_hash();

/// The chain hash of `record` over its current fields (its own `hash` is ignored).
std::string chain_hash(const audit_record& record);

/// Assigns seq/prev_hash/hash so `record` follows `head`; returns the bytes to store.
std::string seal(audit_record& record, const audit_head& head);

/// Why a stored record fails its own checks (links between records are checked by the walker).
enum class record_fault { none, undecodable, not_canonical, bad_hash };

/// Decodes `bytes` into `out` and checks that they are canonical and the hash matches.
record_fault check_stored(std::string_view bytes, audit_record& out);

/// meta's `audit_head` value: be64(seq) followed by the hex hash.
std::string encode_head(const audit_head& head);
std::optional<audit_head> decode_head(std::string_view bytes);

} // namespace crm::store
