#pragma once

// A circuit breaker for one LLM endpoint, so a dead or saturated server costs one fast
// `llm_overloaded` review instead of a full timeout per message.
//
// Operation: closed -> open after `failure_threshold` consecutive failures; open for `open_for`,
// then half_open, which lets ONE probe request through at a time; the probe's success closes
// the breaker, its failure reopens it for another `open_for`. A probe whose outcome is never
// reported (its request was cancelled) stops blocking after `open_for`, so the breaker cannot
// stay stuck half open.
//
// Concurrency: not thread-safe; one actor owns it. Time is passed in, so tests control it.
// Limitations: outcomes are not tied to requests: a success reported while open (from a request
// sent before it opened) is ignored, but one reported while half open closes it.

#include <chrono>
#include <cstdint>
#include <optional>

namespace crm::drafting {

/// Tuning of a `circuit_breaker`. Declared outside the class because a nested struct with default
/// member initialisers cannot be a defaulted constructor argument of its enclosing class (GCC).
struct circuit_breaker_options {
  uint32_t failure_threshold = 5; ///< Consecutive failures that open the breaker; 0 is read as 1.
  std::chrono::milliseconds open_for{10'000}; ///< How long it stays open before a probe.
};

/// Per-endpoint breaker: closed -> open after `failure_threshold` consecutive failures; open for
/// `open_for`, then half_open allowing ONE probe at a time; probe success closes, failure reopens.
class circuit_breaker {
public:
  enum class state { closed, open, half_open };
  using clock = std::chrono::steady_clock;

  using options = circuit_breaker_options;

  explicit circuit_breaker(options o = {});

  /// May this request go? In half_open a true answer claims the one probe.
  bool allow(clock::time_point now);

  /// The request succeeded: closes the breaker unless it is open.
  void on_success();

  /// The request failed: counts towards opening, or reopens a half-open breaker.
  void on_failure(clock::time_point now);

  /// The state at `now` (an open breaker whose time is up reads as half_open).
  state current(clock::time_point now) const;

private:
  options options_;
  state state_ = state::closed;
  uint32_t consecutive_failures_ = 0;
  clock::time_point opened_at_{};
  std::optional<clock::time_point> probe_claimed_at_; ///< Set while a half-open probe is out.
};

const char* to_string(circuit_breaker::state s);

} // namespace crm::drafting
