#pragma once

// When to retry an outbound HTTP call and how long to wait first. Pure functions: no clock is
// read and no randomness is drawn except from the arguments, so tests are deterministic.
//
// Used by the inference pool (LLM servers) and the outbox (WhatsApp Graph API): a caller makes
// at most `max_attempts` attempts in all, waiting retry_delay(n, ...) before retry n.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace crm::net {

struct retry_options {
  uint32_t max_attempts = 3;            ///< Attempts in all, the first one included.
  std::chrono::milliseconds base{200};  ///< Backoff ceiling of the first retry.
  std::chrono::milliseconds cap{5'000}; ///< Largest backoff ceiling.
};

/// Longest wait a server's Retry-After can impose: a hostile or confused server cannot park a
/// worker for hours.
inline constexpr std::chrono::milliseconds max_retry_after{60'000};

/// Parses Retry-After: delta-seconds or an HTTP-date (relative to `now`); nullopt when
/// absent/malformed. A date in the past gives 0. All three HTTP-date forms of RFC 9110 are
/// accepted (IMF-fixdate, RFC 850, asctime).
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

/// Delay before retry number `attempt` (1 = first retry): exponential backoff with full jitter,
/// capped; a Retry-After (when given) is a floor (never retry sooner than the server asked),
/// itself capped at 60 s. Attempt 0 is treated as 1.
std::chrono::milliseconds retry_delay(uint32_t attempt,
                                      std::optional<std::chrono::milliseconds> retry_after,
                                      const retry_options& options, std::mt19937_64& rng);

/// Whether an HTTP status is worth retrying (429, 500, 502, 503, 504).
bool retryable_status(int status);

} // namespace crm::net
