#pragma once

// A log-linear latency histogram in the spirit of HdrHistogram, small enough to read in one
// sitting. Values are nanoseconds. Below 256 ns every value has its own bucket; above, each
// power-of-two range is split into 128 equal buckets, so a bucket is never wider than 1/128
// (0.78 %) of its lower bound. Range: 0 .. 2^36 ns (about 68.7 s, covering the 60 s we need);
// larger values land in the top bucket and are counted as overflow, the exact maximum is kept.
// Fixed size (3840 counters, 30 KiB), no allocation after construction, mergeable.

#include <array>
#include <cstdint>

namespace crm::bench {

class latency_histogram {
public:
  /// Sub-buckets per power of two: the precision knob (error <= 1 / kSubBuckets).
  static constexpr int kSubBucketBits = 7;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;
  /// Largest value (exclusive) with its own bucket; 2^36 ns ~ 68.7 s.
  static constexpr int kMaxValueBits = 36;
  static constexpr std::uint64_t kMaxTrackable = (std::uint64_t{1} << kMaxValueBits) - 1;
  static constexpr std::size_t kBucketCount =
      (kMaxValueBits - kSubBucketBits) * kSubBuckets + kSubBuckets;

  /// Adds one observation of `value_ns`.
  void record(std::uint64_t value_ns);

  /// Adds every observation of `other` (histograms from several threads).
  void merge(const latency_histogram& other);

  /// The value at quantile `q` in [0, 1]: the upper bound of the bucket holding the
  /// ceil(q * count)-th smallest observation, clamped to the exact maximum, so it never
  /// reports less than the true value and at most 1/128 more. 0 when empty.
  std::uint64_t value_at_quantile(double q) const;

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
  std::uint64_t max() const { return max_; }
  /// Observations above kMaxTrackable (kept in the top bucket).
  std::uint64_t overflow() const { return overflow_; }
  /// Arithmetic mean, 0 when empty.
  double mean() const;

  /// Bucket index of `value_ns` (exposed for tests).
  static std::size_t bucket_of(std::uint64_t value_ns);
  /// Smallest value in bucket `index`.
  static std::uint64_t bucket_lower(std::size_t index);
  /// Largest value in bucket `index`.
  static std::uint64_t bucket_upper(std::size_t index);

private:
  std::array<std::uint64_t, kBucketCount> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
  std::uint64_t overflow_ = 0;
  // long double: a sum of 10^9 values near 2^36 still fits exactly enough for a mean.
  long double sum_ = 0;
};

} // namespace crm::bench
