#pragma once

// One event-loop thread of crm-bench: its share of the connections, its share of the arrival
// schedule (or closed-loop traffic), and its own run_stats. Workers share nothing while running;
// main merges their stats afterwards. Asio lives only in load_worker.cpp.
//
// Operation (open loop): arrivals are due on a fixed schedule. A due arrival goes to an idle
// connection at once; when none is idle it waits in the worker's backlog, which is a counter,
// not a queue (the schedule says when each waiting request was due). The wait counts as latency.
// When more than max_backlog arrivals wait, the oldest are dropped and counted late.
// Operation (closed loop): each connection sends its next request as soon as it has an answer.
// Each connection has at most one request in flight (keep-alive, no pipelining).
// Stops: no new requests after the measured window ends; answers still outstanding after the
// drain period are counted as timeouts and the worker returns.

#include <chrono>
#include <memory>

#include "bench/crm-bench/bench_options.hpp"
#include "bench/crm-bench/request_factory.hpp"
#include "bench/crm-bench/run_stats.hpp"

namespace crm::bench {

class load_worker {
public:
  /// Worker `index` of `threads`, owning `connections` connections.
  load_worker(const bench_options& options, unsigned index, unsigned threads, unsigned connections,
              std::unique_ptr<request_factory> factory);
  ~load_worker();
  load_worker(const load_worker&) = delete;
  load_worker& operator=(const load_worker&) = delete;

  /// Opens the connections (blocking; loopback connects are immediate). Returns how many
  /// succeeded; failed ones keep retrying during the run.
  unsigned connect();

  /// Runs the load with `start` as time zero (shared by all workers) until done. Call once,
  /// on the thread that will own this worker from now on.
  void run(std::chrono::steady_clock::time_point start);

  /// Valid after run() returned.
  const run_stats& stats() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace crm::bench
