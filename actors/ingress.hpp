#pragma once

// The front door of the actor world (see ingress_actor in actors.hpp).
//
// Operation: an ingest_request from HTTP goes to the audit writer as one unit; once durable,
// the HTTP callback runs (200/202 only now), then each new message is routed to its customer's
// conversation, spawned on demand. Duplicates return their credit at once.
// Bounds: admission credits are taken by HTTP before the request gets here and returned when a
// conversation finishes the message, so this mailbox cannot grow past the credit count.

#include "actors/actors.hpp"
#include "actors/admission.hpp"
#include "actors/conversation.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <string>
#include <unordered_map>

namespace crm {

struct ingress_state {
  // User-declared so the state is no aggregate: CAF would otherwise (C++20 parenthesized
  // aggregate init) try to build it from the actor pointer.
  ingress_state() = default;

  /// The writer, the node's credits, tenants and guardrails; shared with every conversation.
  conversation_services services;
  /// Live conversations by conversation_key(); passivated ones are absent.
  std::unordered_map<std::string, conversation_actor> conversations;
  /// Settings handed to every conversation spawned.
  conversation_options conversation_settings;

  static constexpr const char* name = "ingress";
};

using ingress_pointer = ingress_actor::stateful_pointer<ingress_state>;

ingress_actor::behavior_type ingress(ingress_pointer self, conversation_services services,
                                     conversation_options conversation_settings);

} // namespace crm
