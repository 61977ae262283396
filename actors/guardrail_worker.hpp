#pragma once

// guardrail_worker (see guardrail_actor in actors.hpp) and the pool that spreads work over them.
//
// Concurrency: compiled databases are immutable and shared (guardrails::guardrail_registry swaps
// a tenant's database atomically); each worker owns the one mutable thing, its Hyperscan scratch.
// Bounds: callers hold admission credits, so at most `ingress_credits` screens wait in total.

#include "actors/actors.hpp"
#include "actors/guardrails/guardrail_registry.hpp"
#include "actors/guardrails/scanner.hpp"
#include "actors/tenant_directory.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <atomic>
#include <vector>

namespace crm {

struct guardrail_worker_state {
  guardrail_worker_state() = default;

  /// Tenant databases, shared by all workers. Owned by the node.
  const guardrails::guardrail_registry* registry = nullptr;
  /// For the config version a verdict was reached with. Owned by the node.
  const tenant_directory* tenants = nullptr;
  /// This worker's scratch and buffers.
  guardrails::scanner scanner;

  static constexpr const char* name = "guardrail_worker";
};

using guardrail_worker_pointer = guardrail_actor::stateful_pointer<guardrail_worker_state>;

guardrail_actor::behavior_type guardrail_worker(guardrail_worker_pointer self,
                                                const guardrails::guardrail_registry* registry,
                                                const tenant_directory* tenants);

/// The wire form of a scan result.
screen_verdict to_verdict(const guardrails::screen_result& result, uint64_t config_version);

/// The tenant's answer to a flagged message (neutral or out-of-scope), or nullptr when in scope.
const std::string* canned_answer(const screen_verdict& verdict,
                                 const config::tenant_config& tenant);

/// Screens on the calling thread with a thread-local scanner: for the dry-run API, which has no
/// side effects and must not queue behind the message pipeline.
screen_verdict screen_here(const guardrails::guardrail_registry& registry,
                           const tenant_snapshot& tenant, std::string_view text);

/// Round-robin choice among the workers; the set is fixed after start-up.
class guardrail_pool {
public:
  void add(guardrail_actor worker) { workers_.push_back(std::move(worker)); }
  const guardrail_actor& next() const {
    return workers_[next_.fetch_add(1, std::memory_order_relaxed) % workers_.size()];
  }
  const std::vector<guardrail_actor>& workers() const { return workers_; }

private:
  std::vector<guardrail_actor> workers_;
  mutable std::atomic<size_t> next_{0};
};

} // namespace crm
