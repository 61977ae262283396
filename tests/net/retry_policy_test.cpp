#include "net/retry_policy.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

using namespace crm::net;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

/// Friday 1 March 2024, 12:00:00 UTC.
const system_clock::time_point now = sys_days{2024y / March / 1} + 12h;

std::vector<milliseconds> delays(uint64_t seed, uint32_t attempt, size_t count) {
  std::mt19937_64 rng{seed};
  std::vector<milliseconds> out;
  for (size_t i = 0; i < count; ++i)
    out.push_back(retry_delay(attempt, std::nullopt, retry_options{}, rng));
  return out;
}

} // namespace

TEST(RetryPolicy, delta_seconds_are_parsed) {
  EXPECT_EQ(parse_retry_after("120", now), 120'000ms);
  EXPECT_EQ(parse_retry_after(" 5\t", now), 5'000ms);
  EXPECT_EQ(parse_retry_after("0", now), 0ms);
}

TEST(RetryPolicy, all_three_http_date_forms_are_relative_to_now) {
  EXPECT_EQ(parse_retry_after("Fri, 01 Mar 2024 12:00:30 GMT", now), 30'000ms);
  EXPECT_EQ(parse_retry_after("Friday, 01-Mar-24 12:01:00 GMT", now), 60'000ms);
  EXPECT_EQ(parse_retry_after("Fri Mar  1 12:00:10 2024", now), 10'000ms);
  EXPECT_EQ(parse_retry_after("Sat, 02 Mar 2024 12:00:00 GMT", now), 86'400'000ms);
}

TEST(RetryPolicy, a_date_in_the_past_means_no_wait) {
  EXPECT_EQ(parse_retry_after("Thu, 29 Feb 2024 23:59:59 GMT", now), 0ms);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 0ms);
}

TEST(RetryPolicy, sub_second_now_rounds_the_wait_up) {
  EXPECT_EQ(parse_retry_after("Fri, 01 Mar 2024 12:00:01 GMT", now + 250ms), 750ms);
}

TEST(RetryPolicy, malformed_values_are_rejected) {
  for (auto bad :
       {"", "   ", "soon", "-5", "+5", "1.5", "12a", "0x10", "Fri, 32 Mar 2024 12:00:00 GMT",
        "Fri, 30 Feb 2024 12:00:00 GMT", "Fri, 01 Foo 2024 12:00:00 GMT",
        "Fri, 01 Mar 2024 25:00:00 GMT", "Fri, 01 Mar 2024 12:60:00 GMT",
        "Fri, 01 Mar 2024 12:00:00 UTC", "Fri, 01 Mar 2024 12:00:00 GMT junk",
        "Fri, 1 Mar 2024 12:00:00 GMT", "Funday, 01 Mar 2024 12:00:00 GMT",
        "Fri Mar 1 12:00:10 2024", "Fri, 01-Mar-2024 12:00:00 GMT"})
    EXPECT_EQ(parse_retry_after(bad, now), std::nullopt) << '"' << bad << '"';
}

TEST(RetryPolicy, huge_delta_seconds_do_not_overflow) {
  auto parsed = parse_retry_after("99999999999999999999999", now);
  ASSERT_TRUE(parsed);
  EXPECT_GT(*parsed, hours{24});
  std::mt19937_64 rng{1};
  EXPECT_EQ(retry_delay(1, parsed, retry_options{}, rng), max_retry_after);
}

TEST(RetryPolicy, delay_stays_within_the_exponential_ceiling) {
  retry_options options; // base 200 ms, cap 5 s
  std::mt19937_64 rng{7};
  for (uint32_t attempt = 1; attempt <= 12; ++attempt) {
    auto ceiling = std::min<milliseconds>(options.cap, options.base * (1 << (attempt - 1)));
    std::set<milliseconds> seen;
    for (int i = 0; i < 500; ++i) {
      auto delay = retry_delay(attempt, std::nullopt, options, rng);
      EXPECT_GE(delay, 0ms);
      EXPECT_LE(delay, ceiling) << "attempt " << attempt;
      seen.insert(delay);
    }
    EXPECT_GT(seen.size(), 50u) << "full jitter spreads the delays, attempt " << attempt;
  }
}

TEST(RetryPolicy, extreme_attempts_and_zero_base_stay_bounded) {
  std::mt19937_64 rng{3};
  retry_options options;
  EXPECT_LE(retry_delay(UINT32_MAX, std::nullopt, options, rng), options.cap);
  EXPECT_LE(retry_delay(0, std::nullopt, options, rng), options.base); // 0 counts as the first
  options.base = 0ms;
  EXPECT_EQ(retry_delay(UINT32_MAX, std::nullopt, options, rng), 0ms);
}

TEST(RetryPolicy, retry_after_is_a_floor_capped_at_sixty_seconds) {
  retry_options options;
  std::mt19937_64 rng{11};
  for (int i = 0; i < 200; ++i) {
    auto delay = retry_delay(1, 3s, options, rng);
    EXPECT_GE(delay, 3s);
    EXPECT_LE(delay, 3s); // the first retry's backoff (<= 200 ms) is below the floor
    auto later = retry_delay(6, 1s, options, rng);
    EXPECT_GE(later, 1s);
    EXPECT_LE(later, options.cap);
  }
  EXPECT_EQ(retry_delay(1, minutes{10}, options, rng), 60s);
  EXPECT_LE(retry_delay(1, -5s, options, rng), options.base); // nonsense floor is ignored
}

TEST(RetryPolicy, same_seed_gives_the_same_delays) {
  EXPECT_EQ(delays(42, 3, 50), delays(42, 3, 50));
  EXPECT_NE(delays(42, 3, 50), delays(43, 3, 50));
}

TEST(RetryPolicy, only_throttling_and_transient_server_errors_are_retryable) {
  for (int status : {429, 500, 502, 503, 504})
    EXPECT_TRUE(retryable_status(status)) << status;
  for (int status : {0, 200, 201, 204, 301, 400, 401, 403, 404, 409, 413, 422, 501, 505})
    EXPECT_FALSE(retryable_status(status)) << status;
}
