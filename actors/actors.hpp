#pragma once

// Every actor interface of crmd, one place to read the whole protocol (VAST style).
// One line per handler says what it does; bounds are documented where the queue lives.

#include "actors/messages.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace crm {

/// The only LMDB writer: gathers everything that arrives while the previous commit syncs into
/// one durable group commit, and hash-chains audit records. Runs detached (its own thread), so
/// fsync never stalls the scheduler.
using audit_writer_actor = caf::typed_actor<
    // Dedupes and stores messages (inbox + `received`), appends status records; replies once
    // durable.
    caf::replies_to<ingest_atom, std::vector<store::inbound_message>,
                    std::vector<store::audit_record>>::with<std::vector<store::ingest_outcome>>,
    // Appends audit records; replies with the last assigned seq once durable.
    caf::replies_to<append_atom, std::vector<store::audit_record>>::with<uint64_t>,
    // Settles a message (its last records, its review or send, inbox row removed) atomically;
    // replies with the last assigned seq once durable.
    caf::replies_to<settle_atom, store::settlement>::with<uint64_t>,
    // Runs an admin write inside the next group commit; its `done` reports the outcome.
    caf::reacts_to<write_job>,
    // Internal: commits everything gathered since the last commit.
    caf::reacts_to<flush_atom>,
    // Internal, periodic: expires dedupe rows older than the retention.
    caf::reacts_to<sweep_atom>>;

/// One per scheduler thread: screens texts against the tenant's current Hyperscan database with
/// its own scratch (guardrail_pool picks one round robin).
using guardrail_actor = caf::typed_actor<
    // Screens (tenant, text); fails closed (security_violation) when scanning fails.
    caf::replies_to<screen_atom, std::string, std::string>::with<screen_verdict>>;

/// One per node: every LLM call, bounded per tenant (in flight + waiting), retried with jitter,
/// behind a circuit breaker per endpoint.
using inference_actor = caf::typed_actor<
    // Drafts one answer; never fails: overload and errors come back as draft_result::failure.
    caf::replies_to<draft_atom, draft_request>::with<draft_result>,
    // Internal: a job's backoff has elapsed; send it again.
    caf::reacts_to<retry_atom, uint64_t>,
    // Internal: the HTTP exchange of a job finished (posted from an io thread).
    caf::reacts_to<exchange_atom, uint64_t, llm_exchange>>;

/// One per (tenant, customer): the message state machine; one message at a time per customer.
using conversation_actor = caf::typed_actor<
    // Takes the next accepted message of this customer.
    caf::reacts_to<process_atom, store::inbound_message>,
    // After a restart: takes an unsettled message that had reached `state` before the crash.
    caf::reacts_to<resume_atom, store::inbound_message, std::string>,
    // Internal timer: asks ingress to passivate this conversation when idle long enough.
    caf::reacts_to<idle_atom>,
    // From ingress: nothing more will come; finish what is queued and quit.
    caf::reacts_to<passivate_atom>>;

/// The front door into the actor world: durable ingest, then routing to conversations.
using ingress_actor = caf::typed_actor<
    // From HTTP: make messages and statuses durable, acknowledge, route new messages.
    caf::reacts_to<ingest_request>,
    // At start: routes an unsettled message (last recorded `state`) back to its conversation.
    caf::reacts_to<resume_atom, store::inbound_message, std::string>,
    // From a conversation (by key): it has been idle; ingress decides whether it may passivate.
    caf::reacts_to<idle_atom, std::string>,
    // Number of live (not passivated) conversations.
    caf::replies_to<stats_atom>::with<uint64_t>>;

} // namespace crm
