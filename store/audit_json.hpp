#pragma once

// The JSON form of an audit record. One canonical rendering serves three purposes: the admin
// API's records, `crm-audit export` lines, and the bytes stored in LMDB and hashed by the chain.
//
// Canonical means: members in the fixed order of `audit_record` (records.hpp) with `at`
// (ISO-8601 UTC, from at_ms) right after `at_ms`, no whitespace, integers in decimal, strings
// escaped only where JSON requires it (`"`, `\`, control characters) and invalid UTF-8 replaced
// by U+FFFD, so rendering a parsed rendering gives the same bytes.

#include "store/records.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace crm::store {

/// Canonical JSON of `record`, every field including `prev_hash` and `hash`.
std::string to_json(const audit_record& record);

/// Canonical JSON without the `hash` member: the bytes the chain hash covers.
std::string to_json_without_hash(const audit_record& record);

/// Parses a record rendered by `to_json`. Unknown members are ignored and missing ones keep
/// their defaults (the chain check catches both); a non-object or a mistyped member gives
/// errc::corrupt_record.
std::error_code parse_audit_json(std::string_view json, audit_record& out);

/// `2024-05-01T09:30:00.000Z` for a Unix time in milliseconds; empty outside years 0-9999.
std::string iso8601_utc(int64_t at_ms);

} // namespace crm::store
