#include "delay_queue.hpp"

#include <vector>

namespace crm::mock {

delay_queue::delay_queue(size_t max_pending) : max_pending_(max_pending) {}

delay_queue::~delay_queue() {
  stop();
}

void delay_queue::start() {
  std::lock_guard guard{mutex_};
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread{[this] { run(); }};
}

void delay_queue::stop() {
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::multimap<clock::time_point, action> dropped;
  {
    std::lock_guard guard{mutex_};
    dropped.swap(entries_);
  }
  // Destroyed outside the lock: a dropped responder may run code of its own on destruction.
}

bool delay_queue::schedule(clock::time_point when, action what) {
  {
    std::lock_guard guard{mutex_};
    if (stopping_ || entries_.size() >= max_pending_) return false;
    bool earliest = entries_.empty() || when < entries_.begin()->first;
    entries_.emplace(when, std::move(what));
    if (!earliest) return true;
  }
  wake_.notify_one();
  return true;
}

size_t delay_queue::pending() const {
  std::lock_guard guard{mutex_};
  return entries_.size();
}

void delay_queue::run() {
  std::vector<action> due;
  std::unique_lock lock{mutex_};
  while (!stopping_) {
    if (entries_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto now = clock::now();
    auto first = entries_.begin();
    if (first->first > now) {
      wake_.wait_until(lock, first->first);
      continue;
    }
    auto end = entries_.upper_bound(now);
    for (auto it = first; it != end; ++it)
      due.push_back(std::move(it->second));
    entries_.erase(first, end);
    lock.unlock();
    for (auto& what : due)
      what();
    due.clear(); // Releases captured responders before taking the lock again.
    lock.lock();
  }
}

} // namespace crm::mock
