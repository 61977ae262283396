#pragma once

// What one run observed, kept per thread without locks and merged at the end, and the two
// reports made from it: the machine-readable summary line (stdout) and the breakdown (stderr).
// Only requests whose intended send time falls in the measured window are counted; warmup
// traffic and the drain after the end are not.

#include <array>
#include <cstdint>
#include <string>

#include "bench/crm-bench/bench_options.hpp"
#include "bench/crm-bench/latency_histogram.hpp"

namespace crm::bench {

enum class error_kind {
  connect, ///< Could not (re)connect.
  io,      ///< The connection failed or was closed mid-request.
  parse,   ///< The answer was not HTTP we understand.
  timeout, ///< Still unanswered when the drain period ended.
};
inline constexpr std::size_t kErrorKinds = 4;

struct run_stats {
  latency_histogram ok_latency;                   ///< 2xx answers, from intended send time.
  latency_histogram non2xx_latency;               ///< Every other status, same clock.
  std::array<std::uint64_t, 600> status_counts{}; ///< By HTTP status code.
  std::array<std::uint64_t, kErrorKinds> errors{};
  std::uint64_t late = 0; ///< Arrivals dropped because the generator's backlog was full.
  std::uint64_t answered_in_window = 0; ///< Answers (any status) that arrived in the window.
  std::uint64_t max_backlog_seen = 0;   ///< Deepest due-but-unsent queue observed.

  /// Counts one answer whose request was intended at `intended_ns` and answered at `done_ns`
  /// (times relative to the start; the window is [window_begin_ns, window_end_ns)).
  void record_answer(int status, std::int64_t intended_ns, std::int64_t done_ns,
                     std::int64_t window_begin_ns, std::int64_t window_end_ns);
  /// Counts one failed request intended at `intended_ns`, if it belongs to the window.
  void record_error(error_kind kind, std::int64_t intended_ns, std::int64_t window_begin_ns,
                    std::int64_t window_end_ns);
  /// Counts a connect failure (not tied to a request, so always counted).
  void record_connect_error() { ++errors[static_cast<std::size_t>(error_kind::connect)]; }

  void merge(const run_stats& other);

  std::uint64_t ok() const { return ok_latency.count(); }
  std::uint64_t non2xx() const { return non2xx_latency.count(); }
  std::uint64_t error_total() const;
};

/// `crm-bench scenario=.. rate=.. achieved_rps=.. ok=.. non2xx=.. errors=.. p50_ms=.. p99_ms=..
/// p999_ms=.. max_ms=.. late=..`; latencies of 2xx answers, `nan` when there were none.
std::string summary_line(const run_stats& stats, const bench_options& options);

/// Multi-line breakdown for stderr: status codes, non-2xx latency, error kinds, settings.
std::string detail_report(const run_stats& stats, const bench_options& options);

} // namespace crm::bench
