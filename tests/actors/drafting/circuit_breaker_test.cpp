#include "actors/drafting/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace crm::drafting {
namespace {

using namespace std::chrono_literals;
using state = circuit_breaker::state;

const circuit_breaker::clock::time_point t0{std::chrono::seconds{1'000}};

circuit_breaker make(uint32_t threshold = 3, std::chrono::milliseconds open_for = 10s) {
  return circuit_breaker{{threshold, open_for}};
}

void fail_times(circuit_breaker& b, int n, circuit_breaker::clock::time_point at) {
  for (int i = 0; i < n; ++i)
    b.on_failure(at);
}

TEST(CircuitBreaker, starts_closed_and_allows_requests) {
  auto b = make();
  EXPECT_EQ(b.current(t0), state::closed);
  EXPECT_TRUE(b.allow(t0));
  EXPECT_TRUE(b.allow(t0));
}

TEST(CircuitBreaker, stays_closed_below_the_failure_threshold) {
  auto b = make(3);
  fail_times(b, 2, t0);
  EXPECT_EQ(b.current(t0), state::closed);
  EXPECT_TRUE(b.allow(t0));
}

TEST(CircuitBreaker, opens_after_threshold_consecutive_failures) {
  auto b = make(3);
  fail_times(b, 3, t0);
  EXPECT_EQ(b.current(t0), state::open);
  EXPECT_FALSE(b.allow(t0));
  EXPECT_FALSE(b.allow(t0 + 9'999ms));
}

TEST(CircuitBreaker, success_resets_the_consecutive_failure_count) {
  auto b = make(3);
  fail_times(b, 2, t0);
  b.on_success();
  fail_times(b, 2, t0);
  EXPECT_EQ(b.current(t0), state::closed);
  b.on_failure(t0);
  EXPECT_EQ(b.current(t0), state::open);
}

TEST(CircuitBreaker, becomes_half_open_after_open_for) {
  auto b = make(1, 10s);
  b.on_failure(t0);
  EXPECT_EQ(b.current(t0 + 9'999ms), state::open);
  EXPECT_EQ(b.current(t0 + 10s), state::half_open);
}

TEST(CircuitBreaker, half_open_allows_exactly_one_probe) {
  auto b = make(1, 10s);
  b.on_failure(t0);
  EXPECT_TRUE(b.allow(t0 + 10s));
  EXPECT_EQ(b.current(t0 + 10s), state::half_open);
  EXPECT_FALSE(b.allow(t0 + 10s));
  EXPECT_FALSE(b.allow(t0 + 15s));
}

TEST(CircuitBreaker, probe_success_closes) {
  auto b = make(1, 10s);
  b.on_failure(t0);
  ASSERT_TRUE(b.allow(t0 + 10s));
  b.on_success();
  EXPECT_EQ(b.current(t0 + 10s), state::closed);
  EXPECT_TRUE(b.allow(t0 + 10s));
  EXPECT_TRUE(b.allow(t0 + 10s));
}

TEST(CircuitBreaker, closed_after_probe_needs_the_full_threshold_to_open_again) {
  auto b = make(2, 10s);
  fail_times(b, 2, t0);
  ASSERT_TRUE(b.allow(t0 + 10s));
  b.on_success();
  b.on_failure(t0 + 11s);
  EXPECT_EQ(b.current(t0 + 11s), state::closed);
  b.on_failure(t0 + 11s);
  EXPECT_EQ(b.current(t0 + 11s), state::open);
}

TEST(CircuitBreaker, probe_failure_reopens_for_another_open_for) {
  auto b = make(1, 10s);
  b.on_failure(t0);
  ASSERT_TRUE(b.allow(t0 + 10s));
  b.on_failure(t0 + 12s);
  EXPECT_EQ(b.current(t0 + 12s), state::open);
  EXPECT_FALSE(b.allow(t0 + 21s));
  EXPECT_EQ(b.current(t0 + 22s), state::half_open);
  EXPECT_TRUE(b.allow(t0 + 22s));
}

TEST(CircuitBreaker, unreported_probe_stops_blocking_after_open_for) {
  auto b = make(1, 10s);
  b.on_failure(t0);
  ASSERT_TRUE(b.allow(t0 + 10s));
  EXPECT_FALSE(b.allow(t0 + 19'999ms));
  EXPECT_TRUE(b.allow(t0 + 20s));
  EXPECT_FALSE(b.allow(t0 + 20s));
}

TEST(CircuitBreaker, late_failures_while_open_do_not_extend_the_open_period) {
  auto b = make(1, 10s);
  b.on_failure(t0);
  b.on_failure(t0 + 5s);
  EXPECT_EQ(b.current(t0 + 10s), state::half_open);
}

TEST(CircuitBreaker, late_success_while_open_is_ignored) {
  auto b = make(1, 10s);
  b.on_failure(t0);
  b.on_success();
  EXPECT_EQ(b.current(t0 + 1s), state::open);
  EXPECT_FALSE(b.allow(t0 + 1s));
}

TEST(CircuitBreaker, zero_threshold_is_read_as_one) {
  auto b = make(0);
  EXPECT_TRUE(b.allow(t0));
  b.on_failure(t0);
  EXPECT_EQ(b.current(t0), state::open);
}

TEST(CircuitBreaker, default_options_open_after_five_failures_for_ten_seconds) {
  circuit_breaker b;
  fail_times(b, 4, t0);
  EXPECT_EQ(b.current(t0), state::closed);
  b.on_failure(t0);
  EXPECT_EQ(b.current(t0 + 9s), state::open);
  EXPECT_EQ(b.current(t0 + 10s), state::half_open);
}

TEST(CircuitBreaker, states_have_names) {
  EXPECT_STREQ(to_string(state::closed), "closed");
  EXPECT_STREQ(to_string(state::open), "open");
  EXPECT_STREQ(to_string(state::half_open), "half_open");
}

} // namespace
} // namespace crm::drafting
