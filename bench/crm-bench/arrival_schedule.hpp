#pragma once

// The open-loop arrival schedule: request i of a stream is *intended* to be sent at
// start + offset + i * period, whatever happened to the requests before it. Latency is then
// measured from that intended time, so a stalled server shows up as latency instead of being
// hidden by a generator that politely waits (coordinated omission).
//
// Several threads each run a stream at rate / threads, offset by one period of the total rate
// so that together they form one evenly spaced schedule.

#include <cstdint>

namespace crm::bench {

class arrival_schedule {
public:
  /// A stream of `rate_per_s` arrivals per second, the first at `offset_ns` after the start,
  /// the last before `end_ns` (all times relative to the start). `rate_per_s` must be > 0.
  arrival_schedule(double rate_per_s, std::int64_t offset_ns, std::int64_t end_ns);

  /// The schedule for thread `index` of `threads` sharing `total_rate_per_s`.
  static arrival_schedule for_thread(double total_rate_per_s, unsigned index, unsigned threads,
                                     std::int64_t end_ns);

  /// Intended send time of arrival `i`, relative to the start.
  std::int64_t intended_ns(std::uint64_t i) const;

  /// How many arrivals are due at `now_ns` (intended time <= now), capped at total().
  std::uint64_t due_by(std::int64_t now_ns) const;

  /// Arrivals in the whole schedule (those with intended time < end).
  std::uint64_t total() const { return total_; }

  double period_ns() const { return period_ns_; }

private:
  double period_ns_;
  std::int64_t offset_ns_;
  std::uint64_t total_;
};

} // namespace crm::bench
