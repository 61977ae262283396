#include "bench/crm-bench/arrival_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace crm::bench {

arrival_schedule::arrival_schedule(double rate_per_s, std::int64_t offset_ns, std::int64_t end_ns)
    : period_ns_(1e9 / rate_per_s), offset_ns_(offset_ns), total_(0) {
  if (end_ns > offset_ns_) {
    // Count of i with offset + i * period < end, computed via due_by's rounding so that the two
    // never disagree at the boundary.
    const auto span = static_cast<double>(end_ns - offset_ns_);
    auto n = static_cast<std::uint64_t>(std::ceil(span / period_ns_));
    while (n > 0 && intended_ns(n - 1) >= end_ns)
      --n;
    while (intended_ns(n) < end_ns)
      ++n;
    total_ = n;
  }
}

arrival_schedule arrival_schedule::for_thread(double total_rate_per_s, unsigned index,
                                              unsigned threads, std::int64_t end_ns) {
  const double total_period = 1e9 / total_rate_per_s;
  return arrival_schedule{total_rate_per_s / threads,
                          static_cast<std::int64_t>(std::llround(index * total_period)), end_ns};
}

std::int64_t arrival_schedule::intended_ns(std::uint64_t i) const {
  // Multiply rather than accumulate: no drift over millions of arrivals.
  return offset_ns_ + std::llround(static_cast<double>(i) * period_ns_);
}

std::uint64_t arrival_schedule::due_by(std::int64_t now_ns) const {
  if (now_ns < offset_ns_ || total_ == 0) return 0;
  auto n = static_cast<std::uint64_t>(static_cast<double>(now_ns - offset_ns_) / period_ns_) + 1;
  // Correct the floating-point estimate against intended_ns, the single source of truth.
  while (n > 0 && intended_ns(n - 1) > now_ns)
    --n;
  while (n < total_ && intended_ns(n) <= now_ns)
    ++n;
  return std::min(n, total_);
}

} // namespace crm::bench
