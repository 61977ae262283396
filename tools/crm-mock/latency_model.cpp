#include "latency_model.hpp"

#include <random>

namespace crm::mock {

std::chrono::milliseconds latency_model::sample() const {
  int64_t base = ms_.load();
  int64_t jitter = jitter_ms_.load();
  if (jitter == 0) return std::chrono::milliseconds{base};
  // One engine per thread: io threads draw concurrently without a lock.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<int64_t> spread{-jitter, jitter};
  auto value = base + spread(engine);
  return std::chrono::milliseconds{value < 0 ? 0 : value};
}

} // namespace crm::mock
