#pragma once

// Runs callbacks at a deadline on one timer thread, so that a delayed answer never holds an io
// thread: 1,000 customers at 300 ms latency are 1,000 entries here, not 1,000 blocked threads.
//
// Operation: `schedule` files (deadline, action); the thread sleeps until the earliest deadline
// and runs every due action in deadline order. Actions must be quick (call a responder, shut a
// socket): they run one after the other on that thread.
// Limits: at most `max_pending` entries; `schedule` refuses past it (the caller answers 503).
// `stop()` drops every pending action unrun: destroying them is what releases their responders.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace crm::mock {

class delay_queue {
public:
  using clock = std::chrono::steady_clock;
  using action = std::function<void()>;

  /// Bounds the memory held by slow or hung requests (each entry owns a response body).
  static constexpr size_t default_max_pending = 100'000;

  explicit delay_queue(size_t max_pending = default_max_pending);
  ~delay_queue(); ///< stop()
  delay_queue(const delay_queue&) = delete;
  delay_queue& operator=(const delay_queue&) = delete;

  void start();
  /// Joins the thread and drops the pending actions unrun. Safe to call twice.
  void stop();

  /// Runs `what` at `when` (at once if it is past). False when full or stopped.
  bool schedule(clock::time_point when, action what);
  bool schedule_after(std::chrono::milliseconds delay, action what) {
    return schedule(clock::now() + delay, std::move(what));
  }

  size_t pending() const;

private:
  void run();

  const size_t max_pending_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<clock::time_point, action> entries_; ///< Ordered by deadline; equal keys FIFO.
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace crm::mock
