#pragma once

// Key and small-value layouts of the store's tables, in one place (docs/storage.md mirrors it).
// Integers are 8-byte big-endian so LMDB's byte order is numeric order; composite keys join
// their parts with '\0' so one part's prefix scan never runs into a longer neighbour.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::store::keys {

/// Appends `v` as 8 big-endian bytes.
void append_be64(std::string& out, uint64_t v);
std::string be64(uint64_t v);
/// Reads 8 big-endian bytes at `pos`; nullopt when `bytes` is too short.
std::optional<uint64_t> read_be64(std::string_view bytes, size_t pos = 0);

/// audit: seq.
inline std::string audit(uint64_t seq) {
  return be64(seq);
}
/// audit_by_client: tenant \0 client \0 seq.
std::string by_client(std::string_view tenant, std::string_view client, uint64_t seq);
std::string by_client_prefix(std::string_view tenant, std::string_view client);
/// audit_by_token: event_token \0 seq.
std::string by_token(std::string_view token, uint64_t seq);
std::string by_token_prefix(std::string_view token);
/// The seq at the end of an index key; nullopt when the key is too short.
std::optional<uint64_t> index_seq(std::string_view key);

/// dedupe: tenant \0 message_id.
std::string dedupe(std::string_view tenant, std::string_view message_id);
/// dedupe_by_time: be64(ordered_time(received_at_ms)) followed by the dedupe key.
std::string dedupe_by_time(int64_t received_at_ms, std::string_view dedupe_key);

/// secrets: tenant \0 name.
std::string secret(std::string_view tenant, std::string_view name);
std::string secret_prefix(std::string_view tenant);

/// Maps a signed time to an unsigned key that sorts the same way.
inline uint64_t ordered_time(int64_t ms) {
  return static_cast<uint64_t>(ms) ^ (uint64_t{1} << 63);
}

} // namespace crm::store::keys
