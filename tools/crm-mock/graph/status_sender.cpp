#include "graph/status_sender.hpp"

namespace crm::mock::graph {

status_sender::~status_sender() {
  stop();
}

void status_sender::start() {
  std::lock_guard guard{mutex_};
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread{[this] { run(); }};
}

void status_sender::stop() {
  std::deque<job> dropped;
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
    dropped.swap(jobs_);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool status_sender::post(std::string url, std::string app_secret, std::string body, done_fn done) {
  {
    std::lock_guard guard{mutex_};
    if (stopping_ || !thread_.joinable() || jobs_.size() >= max_pending) return false;
    jobs_.push_back({std::move(url), std::move(app_secret), std::move(body), std::move(done)});
  }
  wake_.notify_one();
  return true;
}

size_t status_sender::pending() const {
  std::lock_guard guard{mutex_};
  return jobs_.size();
}

void status_sender::run() {
  std::unique_lock lock{mutex_};
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    auto next = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    auto result = post_signed(next.url, next.app_secret, next.body);
    if (next.done) next.done(result);
    lock.lock();
  }
}

} // namespace crm::mock::graph
