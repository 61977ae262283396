#pragma once

// The answer delay of one stand-in API: uniform in [ms - jitter, ms + jitter], never below 0.
// Changed at run time by the control API while requests read it: both numbers are atomics.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace crm::mock {

class latency_model {
public:
  latency_model(uint32_t ms = 0, uint32_t jitter_ms = 0) { set(ms, jitter_ms); }

  void set(uint32_t ms, uint32_t jitter_ms) {
    ms_.store(ms);
    jitter_ms_.store(jitter_ms);
  }
  uint32_t ms() const { return ms_.load(); }
  uint32_t jitter_ms() const { return jitter_ms_.load(); }

  /// One delay drawn from the current setting.
  std::chrono::milliseconds sample() const;

private:
  std::atomic<uint32_t> ms_{0};
  std::atomic<uint32_t> jitter_ms_{0};
};

} // namespace crm::mock
