#pragma once

// The one way HTTP hands accepted messages to the actor world: take admission credits, send
// to ingress, get called back once everything is durable. Never waits on an actor.

#include "actors/api/context.hpp"

#include <vector>

namespace crm::api {

enum class submit_result { accepted, overloaded };

/// Takes one credit per message (statuses need none: they end at the audit log) and sends the
/// batch to ingress. `done` runs once, on an actor thread, with one outcome per message.
/// `overloaded`: no credits; nothing was sent and `done` is not called.
submit_result submit_ingest(api_context& context, std::vector<store::inbound_message> messages,
                            std::vector<store::audit_record> statuses, ingest_callback done);

/// Counts message outcomes in `crmd_ingress_messages_total{outcome}`.
void count_outcomes(const std::vector<store::ingest_outcome>& outcomes);
void count_rejected(std::string_view status, size_t messages);

} // namespace crm::api
