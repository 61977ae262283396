#include "actors/admission.hpp"

namespace crm {

bool admission_control::try_acquire(size_t n) noexcept {
  auto used = in_use_.load(std::memory_order_relaxed);
  do {
    if (used + n > capacity_) return false;
  } while (!in_use_.compare_exchange_weak(used, used + n, std::memory_order_acq_rel));
  return true;
}

void admission_control::acquire_unconditionally(size_t n) noexcept {
  in_use_.fetch_add(n, std::memory_order_acq_rel);
}

void admission_control::release(size_t n) noexcept {
  in_use_.fetch_sub(n, std::memory_order_acq_rel);
}

} // namespace crm
