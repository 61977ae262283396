#pragma once

// The inference pool (see inference_actor in actors.hpp): every LLM call of the node.
//
// Operation: a draft request takes one of its tenant's `max_in_flight` slots, or waits in the
// tenant's bounded queue; it is sent with the async HTTP client (the io thread's completion comes
// back as an `exchange` message), retried with jittered backoff on connect errors, 5xx and 429
// (never sooner than Retry-After), within the tenant's timeout, and parsed into a draft.
// A circuit breaker per endpoint stops calling an endpoint that keeps failing.
// Bounds: per tenant, `max_in_flight` requests out (backoff included) and `queue_per_tenant`
// waiting; past that, and while a breaker is open, the answer is `llm_overloaded` at once,
// so a message goes to human review instead of waiting without bound.

#include "actors/actors.hpp"
#include "actors/drafting/circuit_breaker.hpp"
#include "net/retry_policy.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <deque>
#include <random>
#include <string>
#include <unordered_map>

namespace crm {

namespace net {
class async_http_client;
}

struct inference_options {
  size_t queue_per_tenant = 256;
  net::retry_options retry;
  drafting::circuit_breaker::options breaker;
};

struct inference_state {
  // User-declared so the state is no aggregate: CAF would otherwise (C++20 parenthesized
  // aggregate init) try to build it from the actor pointer.
  inference_state() = default;

  using clock = std::chrono::steady_clock;

  /// One accepted request until its answer.
  struct job {
    draft_request request;
    caf::typed_response_promise<draft_result> promise;
    clock::time_point accepted;
    clock::time_point deadline;
    uint32_t attempts = 0;
  };

  /// One tenant's share of the pool.
  struct lane {
    uint32_t busy = 0;            ///< Jobs out (sent or backing off).
    std::deque<uint64_t> waiting; ///< Jobs queued for a slot, oldest first.
  };

  /// Owned by the node, outlives this actor.
  net::async_http_client* client = nullptr;
  inference_options options;
  std::unordered_map<uint64_t, job> jobs;
  std::unordered_map<std::string, lane> lanes;
  /// By base_url.
  std::unordered_map<std::string, drafting::circuit_breaker> breakers;
  std::mt19937_64 rng{std::random_device{}()};
  uint64_t next_job = 1;

  static constexpr const char* name = "inference_pool";
};

using inference_pointer = inference_actor::stateful_pointer<inference_state>;

inference_actor::behavior_type
inference_pool(inference_pointer self, net::async_http_client* client, inference_options options);

/// `{base_url}/chat/completions`, without doubling a trailing slash.
std::string completions_url(const std::string& base_url);

} // namespace crm
