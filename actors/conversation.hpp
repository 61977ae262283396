#pragma once

// One conversation per (tenant, customer), spawned on demand by ingress and passivated when
// idle, so a node holds live actors only for customers who are talking right now.
//
// Operation: messages arrive in order from ingress (CAF keeps per-sender order) and wait in
// `queue`; one at a time goes through the states of API.md: screened by a guardrail worker;
// flagged ones settle at once with the tenant's canned answer; in-scope ones are drafted (the
// inference pool, or the built-in responder for tenants without an LLM), the draft is screened
// again (output audit), and decide() settles it as auto_approved, out_of_scope or
// pending_review. Each transition is one audit record; the last ones commit together with the
// message's review or send and the removal of its inbox row (outcomes.hpp), so after a crash
// the node resumes exactly the unsettled messages (resume_atom) and nothing is answered twice.
// Zero-echo: flagged text never enters `recent`, so it can never reach a prompt.
// Passivation: after `idle_after` without work the conversation asks ingress to passivate it;
// ingress stops routing to it and answers `passivate`, which arrives after every message ingress
// sent before it; the conversation finishes its queue and quits, so nothing is lost.
// Bounds: every queued message holds an admission credit, so queues are bounded by the credits;
// `recent` keeps at most `max_recent_turns`.

#include "actors/actors.hpp"
#include "actors/admission.hpp"
#include "actors/outcomes.hpp"

#include <caf/actor_clock.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace crm {

class guardrail_pool;
class tenant_directory;

struct conversation_options {
  std::chrono::milliseconds idle_after{300'000};
  size_t max_recent_turns = 8;
  std::chrono::milliseconds screen_timeout{10'000};
  /// Added to the tenant's LLM timeout for the pool's answer (queueing and retries are bounded
  /// by the pool itself; this only guards against a lost pool).
  std::chrono::milliseconds draft_grace{10'000};
};

/// What every conversation talks to; all owned by the node and outliving the actors.
struct conversation_services {
  audit_writer_actor writer;
  admission_control* admission = nullptr;
  const tenant_directory* tenants = nullptr;
  const guardrail_pool* guards = nullptr;
  /// Unset: every tenant is answered by the built-in responder.
  inference_actor inference;
  /// Told about every review a conversation commits (unset in tests without operators).
  review_hub_actor reviews;
  /// Read at spawn: is this conversation taken over by a human? (unset: never)
  const store::node_store* store = nullptr;
};

/// One remembered turn of context for later drafting: an in-scope customer message or an
/// answer that was sent automatically.
struct recent_turn {
  bool from_customer = true;
  std::string text;
};

/// A message waiting for (or in) its turn.
struct conversation_work {
  store::inbound_message message;
  /// Empty for a new message; after a restart, the state its last audit record entered.
  std::string resume_state;
};

struct conversation_state {
  // User-declared so the state is no aggregate: CAF would otherwise (C++20 parenthesized
  // aggregate init) try to build it from the actor pointer.
  conversation_state() = default;

  /// `tenant '\0' customer`: the routing key ingress knows this conversation by.
  std::string key;
  /// Where idleness is reported.
  ingress_actor ingress;
  conversation_services services;
  conversation_options options;
  /// Accepted messages not finished yet, oldest first; the front one is in progress when `busy`.
  /// Vectors, not deques: a deque allocates ~0.5 KiB on first use and keeps it, and idle
  /// conversations are what a node holds most of (docs/bench.md "Drafting").
  std::vector<conversation_work> queue;
  bool busy = false;
  /// Ingress has let go of this conversation: quit once the queue is empty.
  bool passivating = false;
  /// The last in-scope turns of this customer, oldest first, at most options.max_recent_turns.
  std::vector<recent_turn> recent;
  /// When the last message was finished.
  caf::actor_clock::time_point last_activity;
  /// True once idleness was reported and no message came since.
  bool idle_reported = false;
  /// The operator who has taken this conversation over, or empty.
  std::string taken_over_by;
  /// The front message waits for the inference pool.
  bool drafting = false;
  /// Bumped when the front message is settled without waiting for its pending replies (a
  /// takeover cancels its draft): replies of an older generation are ignored.
  uint64_t generation = 0;

  static constexpr const char* name = "conversation";
};

using conversation_pointer = conversation_actor::stateful_pointer<conversation_state>;

conversation_actor::behavior_type conversation(conversation_pointer self, std::string key,
                                               ingress_actor ingress,
                                               conversation_services services,
                                               conversation_options options);

/// The routing key of a customer's conversation.
std::string conversation_key(const std::string& tenant, const std::string& customer_id);

} // namespace crm
