#pragma once

// Identifiers and clocks shared by the actors and the API.

#include <cstdint>
#include <string>

namespace crm {

/// A time-ordered (v7) UUID, 62 random bits: the event token of a message, a review, an action.
/// Tokens minted later sort after earlier ones (same clock), so they make good LMDB keys.
std::string new_event_token();
/// `prefix` + 32 random bytes as hex: ingest keys and operator tokens (shown once).
std::string new_secret_token(const std::string& prefix);
/// A short random id (`key_…`, `op_…`) for credentials.
std::string new_short_id(const std::string& prefix);
/// Unix time in milliseconds.
int64_t now_ms();

} // namespace crm
