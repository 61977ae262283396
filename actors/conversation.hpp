#pragma once

// One conversation per (tenant, customer), spawned on demand by ingress and passivated when
// idle, so a node holds live actors only for customers who are talking right now.
//
// Operation: messages arrive in order from ingress (CAF keeps per-sender order) and are handled
// one at a time. After `idle_after` without work the conversation asks ingress to passivate it;
// ingress stops routing to it and answers `passivate`, which arrives after every message ingress
// sent before it, so nothing routed to a passivating conversation is lost.

#include "actors/actors.hpp"
#include "actors/admission.hpp"

#include <caf/actor_clock.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <deque>
#include <string>

namespace crm {

struct conversation_options {
  std::chrono::milliseconds idle_after{300'000};
  size_t max_recent_turns = 8;
};

/// One remembered turn of context for later drafting.
struct recent_turn {
  std::string event_token;
  std::string text;
};

struct conversation_state {
  // User-declared so the state is no aggregate: CAF would otherwise (C++20 parenthesized
  // aggregate init) try to build it from the actor pointer.
  conversation_state() = default;

  /// `tenant '\0' customer`: the routing key ingress knows this conversation by.
  std::string key;
  /// Where idleness is reported.
  ingress_actor ingress;
  /// Credits of the node; one is returned per finished message. Owned by the node.
  admission_control* admission = nullptr;
  conversation_options options;
  /// The last turns of this customer, oldest first, at most options.max_recent_turns.
  std::deque<recent_turn> recent;
  /// When the last message was finished.
  caf::actor_clock::time_point last_activity;
  /// True once idleness was reported and no message came since.
  bool idle_reported = false;

  static constexpr const char* name = "conversation";
};

using conversation_pointer = conversation_actor::stateful_pointer<conversation_state>;

conversation_actor::behavior_type conversation(conversation_pointer self, std::string key,
                                               ingress_actor ingress, admission_control* admission,
                                               conversation_options options);

/// The routing key of a customer's conversation.
std::string conversation_key(const std::string& tenant, const std::string& customer_id);

} // namespace crm
