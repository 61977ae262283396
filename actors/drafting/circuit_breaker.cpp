#include "actors/drafting/circuit_breaker.hpp"

namespace crm::drafting {

circuit_breaker::circuit_breaker(options o) : options_(o) {
  if (options_.failure_threshold == 0) options_.failure_threshold = 1;
}

bool circuit_breaker::allow(clock::time_point now) {
  switch (current(now)) {
  case state::closed:
    return true;
  case state::open:
    return false;
  case state::half_open:
    break;
  }
  // Half open, either freshly (time is up) or already: one probe at a time. A claimed probe
  // that never reported for a whole `open_for` is presumed lost.
  if (probe_claimed_at_ && now - *probe_claimed_at_ < options_.open_for) return false;
  state_ = state::half_open;
  probe_claimed_at_ = now;
  return true;
}

void circuit_breaker::on_success() {
  // While open, a late success from a request sent before the breaker opened proves little.
  if (state_ == state::open) return;
  state_ = state::closed;
  consecutive_failures_ = 0;
  probe_claimed_at_.reset();
}

void circuit_breaker::on_failure(clock::time_point now) {
  switch (state_) {
  case state::closed:
    if (++consecutive_failures_ < options_.failure_threshold) return;
    break;
  case state::open:
    // Late failures of requests sent before opening must not extend the open period.
    return;
  case state::half_open:
    break;
  }
  state_ = state::open;
  opened_at_ = now;
  probe_claimed_at_.reset();
}

circuit_breaker::state circuit_breaker::current(clock::time_point now) const {
  if (state_ == state::open && now - opened_at_ >= options_.open_for) return state::half_open;
  return state_;
}

const char* to_string(circuit_breaker::state s) {
  switch (s) {
  case circuit_breaker::state::closed:
    return "closed";
  case circuit_breaker::state::open:
    return "open";
  case circuit_breaker::state::half_open:
    return "half_open";
  }
  return "unknown";
}

} // namespace crm::drafting
