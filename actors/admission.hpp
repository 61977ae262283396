#pragma once

// Admission credits: one credit per accepted message from the moment HTTP takes it until its
// conversation has finished with it. With none left, the webhook answers 503 and the ingest
// API 429 (both with Retry-After) at once, so memory stays flat under any offered load and
// nothing accepted is ever dropped. Lock-free: HTTP threads check it without touching actors.

#include <atomic>
#include <cstddef>

namespace crm {

class admission_control {
public:
  explicit admission_control(size_t credits) : capacity_(credits) {}

  /// Takes n credits, or none when fewer than n are left.
  bool try_acquire(size_t n) noexcept;
  /// Takes n credits even past the capacity: for messages already accepted before a restart,
  /// which must be finished whatever the load (they are released like any other).
  void acquire_unconditionally(size_t n) noexcept;
  void release(size_t n) noexcept;
  size_t in_use() const noexcept { return in_use_.load(std::memory_order_relaxed); }
  size_t capacity() const noexcept { return capacity_; }

private:
  const size_t capacity_;
  std::atomic<size_t> in_use_{0};
};

} // namespace crm
