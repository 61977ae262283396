#include "bench/crm-bench/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace crm::bench {

// Index layout: values below 2 * kSubBuckets map to themselves; above, with
// shift = bit_width(v) - (kSubBucketBits + 1), the top kSubBucketBits + 1 bits of v (a number in
// [kSubBuckets, 2 * kSubBuckets)) select the bucket within its power of two, and each further
// power of two adds kSubBuckets indices. That makes index = shift * kSubBuckets + (v >> shift),
// contiguous across the powers of two.

std::size_t latency_histogram::bucket_of(std::uint64_t value_ns) {
  const auto v = std::min(value_ns, kMaxTrackable);
  const int width = std::bit_width(v);
  const int shift = std::max(0, width - (kSubBucketBits + 1));
  return static_cast<std::size_t>(shift) * kSubBuckets + (v >> shift);
}

std::uint64_t latency_histogram::bucket_lower(std::size_t index) {
  if (index < 2 * kSubBuckets) return index;
  const auto shift = index / kSubBuckets - 1;
  const auto sub = index - shift * kSubBuckets;
  return std::uint64_t{sub} << shift;
}

std::uint64_t latency_histogram::bucket_upper(std::size_t index) {
  if (index < 2 * kSubBuckets) return index;
  const auto shift = index / kSubBuckets - 1;
  return bucket_lower(index) + (std::uint64_t{1} << shift) - 1;
}

void latency_histogram::record(std::uint64_t value_ns) {
  if (value_ns > kMaxTrackable) ++overflow_;
  ++counts_[bucket_of(value_ns)];
  ++count_;
  min_ = std::min(min_, value_ns);
  max_ = std::max(max_, value_ns);
  sum_ += static_cast<long double>(value_ns);
}

void latency_histogram::merge(const latency_histogram& other) {
  for (std::size_t i = 0; i < kBucketCount; ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  overflow_ += other.overflow_;
  sum_ += other.sum_;
}

std::uint64_t latency_histogram::value_at_quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // The rank'th smallest observation, 1-based; q = 0 asks for the minimum.
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(bucket_upper(i), min_, max_);
  }
  return max_;
}

double latency_histogram::mean() const {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

} // namespace crm::bench
