#pragma once

// Our own Prometheus metrics (prometheus-cpp is not packaged): counters, gauges, histograms,
// with labels, exposed in text format 0.0.4 and checked by `promtool check metrics` in a test.
//
// Concurrency: families and children are created at start-up (mutex); the returned references
// stay valid for the registry's life, and updating them is lock-free (atomics), so hot paths
// look a child up once and keep the reference.
//
// Misuse (an invalid metric or label name, a name registered again with another type, other
// label names or other buckets, unsorted buckets) is a programming error: it aborts with a
// message in debug builds; in release the first registration wins and the call returns a
// detached metric that works but is never exposed. Past 10'000 children in one family (label
// cardinality, e.g. a label per customer) new children are detached too, in every build.

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace crm::net {

class counter {
public:
  void inc(double v = 1.0) noexcept;
  double value() const noexcept;

private:
  std::atomic<double> value_{0.0};
};

class gauge {
public:
  void set(double v) noexcept;
  void inc(double v = 1.0) noexcept;
  void dec(double v = 1.0) noexcept;
  double value() const noexcept;

private:
  std::atomic<double> value_{0.0};
};

class histogram {
public:
  explicit histogram(std::vector<double> upper_bounds);
  void observe(double v) noexcept;
  const std::vector<double>& upper_bounds() const noexcept { return bounds_; }
  /// Cumulative counts per bucket (+Inf last), sum and count, read consistently enough for
  /// exposition (each value atomic).
  std::vector<uint64_t> cumulative_counts() const;
  double sum() const noexcept;
  uint64_t count() const noexcept;

private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_; // bounds_.size() + 1 (+Inf)
  std::atomic<double> sum_{0.0};
  std::atomic<uint64_t> count_{0};
};

/// Families are keyed by name and exposed sorted by name; children in label-value order.
class registry {
public:
  registry();
  ~registry();
  /// Finds or creates a child. The first call names the family's labels; later calls must name
  /// the same labels, in any order.
  counter& get_counter(const std::string& name, const std::string& help,
                       std::vector<std::pair<std::string, std::string>> labels = {});
  gauge& get_gauge(const std::string& name, const std::string& help,
                   std::vector<std::pair<std::string, std::string>> labels = {});
  histogram& get_histogram(const std::string& name, const std::string& help,
                           const std::vector<double>& upper_bounds,
                           std::vector<std::pair<std::string, std::string>> labels = {});
  /// Prometheus text format 0.0.4.
  std::string expose() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// The node-wide registry `/metrics` serves.
registry& default_registry();

/// A sample value as the exposition writes it: `+Inf`, `-Inf`, `NaN`, whole numbers without an
/// exponent, others in the shortest form that reads back exactly.
std::string format_value(double v);

/// Bucket helpers.
std::vector<double> exponential_buckets(double start, double factor, size_t count);
std::vector<double> linear_buckets(double start, double width, size_t count);

} // namespace crm::net
