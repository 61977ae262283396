#include "bench/crm-bench/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

using crm::bench::latency_histogram;

namespace {

constexpr std::uint64_t kUs = 1000;
constexpr std::uint64_t kSecond = 1'000'000'000;

std::unique_ptr<latency_histogram> make() {
  return std::make_unique<latency_histogram>();
}

/// Exact quantile by the same rank rule as the histogram: the ceil(q*n)-th smallest.
std::uint64_t exact_quantile(std::vector<std::uint64_t> v, double q) {
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  rank = std::max<std::size_t>(rank, 1);
  return v[rank - 1];
}

} // namespace

TEST(latency_histogram, buckets_tile_the_range_without_gaps_or_overlaps) {
  EXPECT_EQ(latency_histogram::bucket_lower(0), 0u);
  for (std::size_t i = 0; i + 1 < latency_histogram::kBucketCount; ++i) {
    ASSERT_EQ(latency_histogram::bucket_upper(i) + 1, latency_histogram::bucket_lower(i + 1))
        << "bucket " << i;
    ASSERT_EQ(latency_histogram::bucket_of(latency_histogram::bucket_lower(i)), i);
    ASSERT_EQ(latency_histogram::bucket_of(latency_histogram::bucket_upper(i)), i);
  }
  EXPECT_EQ(latency_histogram::bucket_upper(latency_histogram::kBucketCount - 1),
            latency_histogram::kMaxTrackable);
}

TEST(latency_histogram, every_bucket_from_one_microsecond_to_sixty_seconds_is_within_one_percent) {
  for (std::uint64_t v = kUs; v <= 60 * kSecond; v += v / 97 + 1) {
    const auto i = latency_histogram::bucket_of(v);
    const double width = static_cast<double>(latency_histogram::bucket_upper(i) -
                                             latency_histogram::bucket_lower(i) + 1);
    ASSERT_LT(width / static_cast<double>(v), 0.01) << "value " << v;
  }
}

TEST(latency_histogram, small_values_are_exact) {
  auto h = make();
  for (std::uint64_t v = 0; v < 256; ++v)
    h->record(v);
  EXPECT_EQ(h->value_at_quantile(0.5), 127u);
  EXPECT_EQ(h->value_at_quantile(1.0), 255u);
  EXPECT_EQ(h->value_at_quantile(0.0), 0u);
}

TEST(latency_histogram, quantiles_match_exact_ones_within_one_percent_and_never_below) {
  std::mt19937_64 rng{42};
  // Log-uniform over 10 us .. 10 s: latencies spread over many powers of two.
  std::uniform_real_distribution<double> exponent{std::log(10e3), std::log(10e9)};
  std::vector<std::uint64_t> values;
  auto h = make();
  for (int i = 0; i < 100'000; ++i) {
    const auto v = static_cast<std::uint64_t>(std::exp(exponent(rng)));
    values.push_back(v);
    h->record(v);
  }
  for (const double q : {0.0, 0.01, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
    const auto exact = exact_quantile(values, q);
    const auto reported = h->value_at_quantile(q);
    EXPECT_GE(reported, exact) << "q=" << q;
    EXPECT_LE(static_cast<double>(reported), static_cast<double>(exact) * 1.01) << "q=" << q;
  }
  EXPECT_EQ(h->count(), values.size());
  EXPECT_EQ(h->max(), *std::max_element(values.begin(), values.end()));
  EXPECT_EQ(h->min(), *std::min_element(values.begin(), values.end()));
}

TEST(latency_histogram, a_single_value_is_reported_exactly_at_every_quantile) {
  auto h = make();
  h->record(1'234'567);
  for (const double q : {0.0, 0.5, 0.99, 1.0})
    EXPECT_EQ(h->value_at_quantile(q), 1'234'567u);
  EXPECT_DOUBLE_EQ(h->mean(), 1'234'567.0);
}

TEST(latency_histogram, empty_histogram_reports_zero) {
  auto h = make();
  EXPECT_EQ(h->count(), 0u);
  EXPECT_EQ(h->value_at_quantile(0.99), 0u);
  EXPECT_EQ(h->min(), 0u);
  EXPECT_EQ(h->max(), 0u);
  EXPECT_EQ(h->mean(), 0.0);
}

TEST(latency_histogram, merging_equals_recording_everything_in_one) {
  auto a = make();
  auto b = make();
  auto all = make();
  for (std::uint64_t v = 1; v < 5'000'000; v = v * 3 / 2 + 7) {
    ((v % 2) != 0 ? a : b)->record(v);
    all->record(v);
  }
  a->merge(*b);
  EXPECT_EQ(a->count(), all->count());
  EXPECT_EQ(a->min(), all->min());
  EXPECT_EQ(a->max(), all->max());
  for (const double q : {0.1, 0.5, 0.9, 0.99})
    EXPECT_EQ(a->value_at_quantile(q), all->value_at_quantile(q));
}

TEST(latency_histogram, values_beyond_the_range_are_counted_as_overflow_with_exact_max) {
  auto h = make();
  const std::uint64_t huge = 200 * kSecond;
  h->record(huge);
  h->record(1 * kUs);
  EXPECT_EQ(h->overflow(), 1u);
  EXPECT_EQ(h->max(), huge);
  EXPECT_EQ(h->value_at_quantile(1.0), latency_histogram::kMaxTrackable);
  EXPECT_GE(h->value_at_quantile(0.5), 1 * kUs);
  EXPECT_LE(h->value_at_quantile(0.5), 1 * kUs + kUs / 100);
}

TEST(latency_histogram, out_of_range_quantiles_are_clamped) {
  auto h = make();
  h->record(10);
  h->record(20);
  EXPECT_EQ(h->value_at_quantile(-1.0), 10u);
  EXPECT_EQ(h->value_at_quantile(7.0), 20u);
}
