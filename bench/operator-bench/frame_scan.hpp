#pragma once

// The few fields crm-operator-bench needs from a server frame (API.md "Operator WebSocket"),
// found by key search instead of a full JSON parse: at 10^5 frames/s the client must stay cheaper
// than the server it measures. Keys are matched with their quotes, so a key-like string inside a
// message text (where quotes are escaped) never matches.

#include <cstdint>
#include <optional>
#include <string_view>

namespace crm::bench {

struct frame_fields {
  std::string_view type;               ///< `snapshot`, `review.added`, ... (empty if absent)
  std::optional<std::uint64_t> seq;    ///< the top-level `seq`
  std::optional<std::int64_t> created; ///< the first `created_at`, ms since the epoch (UTC)
};

/// Reads `type`, `seq` and the first `created_at` of one text frame.
frame_fields scan_frame(std::string_view frame);

/// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` as milliseconds since the epoch; nothing when malformed.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

} // namespace crm::bench
