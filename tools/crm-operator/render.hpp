#pragma once

// Text for the terminal: the queue as numbered rows, one review in full, acks and live events.
// Pure: takes the current time as a value so tests pin it.

#include "protocol.hpp"
#include "review_queue.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::op {

/// RFC 3339 (`2030-01-01T00:00:00Z`, fractions and offsets allowed) or epoch milliseconds as a
/// number, to epoch milliseconds; nullopt when it is neither.
std::optional<int64_t> parse_timestamp_ms(std::string_view text);

/// `[######----] 62`: ten cells for 0–100 (clamped).
std::string confidence_bar(double confidence);

/// "expires in 4m10s", "expired", or "" when `expires_at` is unreadable.
std::string expiry_text(std::string_view expires_at, int64_t now_ms);

/// One line, newlines folded to spaces, cut to `max_chars` code points with "…".
std::string excerpt(std::string_view text, size_t max_chars);

/// One row of `l`: number, customer, intent, confidence, reason, draft excerpt, expiry, claim.
std::string render_row(const review_queue::entry& e, int64_t now_ms);
/// The whole queue, or "no pending reviews".
std::string render_list(const review_queue& queue, int64_t now_ms);
/// `s N`: every field, message and draft in full.
std::string render_review(const review_queue::entry& e, int64_t now_ms);

/// The line for an ack: what was done to which review and the server's answer, with who holds
/// or decided it on a conflict and the detail on invalid. `number` 0 when the review is gone.
std::string render_ack(const ack_frame& ack, action_kind kind, uint64_t number,
                       std::string_view customer);

/// Live events; `number` 0 when the review is not (or no longer) in the queue.
std::string render_added(const review_queue::entry& e, int64_t now_ms);
std::string render_resolved(const resolved_frame& f, uint64_t number);
std::string render_claimed(const claimed_frame& f, uint64_t number);
std::string render_released(const released_frame& f, uint64_t number);

} // namespace crm::op
