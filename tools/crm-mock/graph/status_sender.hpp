#pragma once

// Sends status webhooks from one worker thread, so the blocking HTTP client never runs on an
// io thread. Jobs run in the order they were posted (a `sent` before its `delivered`).
// Limits: at most `max_pending` jobs wait; `post` refuses past it. `stop()` drops waiting jobs
// unrun (destroying them releases any responder they hold) after the one in progress ends.

#include "graph/status_webhook.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace crm::mock::graph {

class status_sender {
public:
  static constexpr size_t max_pending = 10'000;
  using done_fn = std::function<void(const delivery_result&)>;

  status_sender() = default;
  ~status_sender(); ///< stop()
  status_sender(const status_sender&) = delete;
  status_sender& operator=(const status_sender&) = delete;

  void start();
  /// Joins the thread (after at most one post's timeout). Safe to call twice.
  void stop();

  /// Queues one signed POST; `done` runs on the worker with the outcome. False when full or
  /// stopped.
  bool post(std::string url, std::string app_secret, std::string body, done_fn done);
  size_t pending() const;

private:
  struct job {
    std::string url;
    std::string app_secret;
    std::string body;
    done_fn done;
  };
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace crm::mock::graph
