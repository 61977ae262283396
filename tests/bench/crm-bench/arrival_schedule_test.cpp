#include "bench/crm-bench/arrival_schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

using crm::bench::arrival_schedule;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
}

TEST(arrival_schedule, a_window_holds_rate_times_duration_arrivals) {
  EXPECT_EQ(arrival_schedule(1000, 0, 10 * kSecond).total(), 10'000u);
  EXPECT_EQ(arrival_schedule(4000, 0, 2 * kSecond).total(), 8'000u);
  EXPECT_EQ(arrival_schedule(3, 0, kSecond).total(), 3u);
  EXPECT_EQ(arrival_schedule(0.5, 0, 10 * kSecond).total(), 5u);
}

TEST(arrival_schedule, arrivals_are_evenly_spaced_from_the_offset) {
  const arrival_schedule s{4000, 100, kSecond};
  EXPECT_EQ(s.intended_ns(0), 100);
  EXPECT_EQ(s.intended_ns(1), 100 + 250'000);
  EXPECT_EQ(s.intended_ns(3999), 100 + 3999 * std::int64_t{250'000});
}

TEST(arrival_schedule, an_arrival_is_due_exactly_at_its_intended_time) {
  const arrival_schedule s{1000, 0, kSecond};
  EXPECT_EQ(s.due_by(-1), 0u);
  EXPECT_EQ(s.due_by(0), 1u);
  EXPECT_EQ(s.due_by(999'999), 1u);
  EXPECT_EQ(s.due_by(1'000'000), 2u);
  EXPECT_EQ(s.due_by(kSecond - 1), 1000u);
  EXPECT_EQ(s.due_by(100 * kSecond), 1000u) << "capped at the end of the schedule";
}

TEST(arrival_schedule, nothing_is_due_before_the_offset) {
  const arrival_schedule s{1000, 500'000, kSecond};
  EXPECT_EQ(s.due_by(499'999), 0u);
  EXPECT_EQ(s.due_by(500'000), 1u);
}

TEST(arrival_schedule, long_schedules_do_not_drift) {
  // Ten million arrivals at an awkward rate: the last one is where multiplication puts it.
  const double rate = 333'333.0;
  const arrival_schedule s{rate, 0, 40 * kSecond};
  const std::uint64_t last = 10'000'000;
  const auto expected = static_cast<std::int64_t>(static_cast<double>(last) * 1e9 / rate + 0.5);
  EXPECT_NEAR(static_cast<double>(s.intended_ns(last)), static_cast<double>(expected), 1.0);
  EXPECT_EQ(s.due_by(s.intended_ns(last)), last + 1);
  EXPECT_EQ(s.due_by(s.intended_ns(last) - 1), last);
}

TEST(arrival_schedule, thread_schedules_interleave_into_the_total_schedule) {
  const double rate = 3000;
  const std::int64_t end = kSecond / 2;
  const auto a = arrival_schedule::for_thread(rate, 0, 2, end);
  const auto b = arrival_schedule::for_thread(rate, 1, 2, end);
  const arrival_schedule whole{rate, 0, end};
  std::vector<std::int64_t> merged;
  for (std::uint64_t i = 0; i < a.total(); ++i)
    merged.push_back(a.intended_ns(i));
  for (std::uint64_t i = 0; i < b.total(); ++i)
    merged.push_back(b.intended_ns(i));
  std::sort(merged.begin(), merged.end());
  ASSERT_EQ(merged.size(), whole.total());
  for (std::uint64_t i = 0; i < whole.total(); ++i)
    ASSERT_NEAR(static_cast<double>(merged[i]), static_cast<double>(whole.intended_ns(i)), 1.0);
}

TEST(arrival_schedule, an_empty_window_has_no_arrivals) {
  const arrival_schedule s{1000, kSecond, kSecond};
  EXPECT_EQ(s.total(), 0u);
  EXPECT_EQ(s.due_by(10 * kSecond), 0u);
}
