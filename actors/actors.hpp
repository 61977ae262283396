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
    // Abandons the draft of a message (human takeover): its slot is free at once, its requester
    // gets `llm_error` "cancelled", and the endpoint's late answer is dropped.
    caf::reacts_to<cancel_atom, std::string>,
    // Internal: a job's backoff has elapsed; send it again.
    caf::reacts_to<retry_atom, uint64_t>,
    // Internal: the HTTP exchange of a job finished (posted from an io thread).
    caf::reacts_to<exchange_atom, uint64_t, llm_exchange>>;

/// One per operator WebSocket connection: auth (`hello`), tenant scope, frames in and out.
using operator_actor = caf::typed_actor<
    // A text frame from the client.
    caf::reacts_to<frame_atom, std::string>,
    // A frame for the client (snapshot, events), shared with the tenant's other sessions.
    caf::reacts_to<outbound_frame>,
    // The answer to one of this operator's actions.
    caf::reacts_to<review_ack>,
    // From the hub: close the connection (token revoked: 1008).
    caf::reacts_to<close_atom, uint16_t, std::string>,
    // From the connection: it has ended.
    caf::reacts_to<closed_atom>>;

/// One per node: every pending review (persisted), per-tenant event sequence, idempotent
/// decisions by compare-and-set, claims, expiry, and the fan-out to operator sessions.
using review_hub_actor = caf::typed_actor<
    // A review a conversation has committed (pending_review).
    caf::reacts_to<review_added_atom, store::review_row>,
    // An operator's action; its ack goes to the request's callback.
    caf::reacts_to<review_request>,
    // An authenticated session of (tenant, operator id) wants events; `last_seq` 0: snapshot.
    caf::reacts_to<subscribe_atom, std::string, std::string, uint64_t, operator_actor>,
    // Closes every live session of an operator id (token revoked).
    caf::reacts_to<revoke_atom, std::string>,
    // Internal, every second: expires reviews and lapsed claims.
    caf::reacts_to<tick_atom>,
    // Pending reviews of one tenant (empty: all).
    caf::replies_to<stats_atom, std::string>::with<uint64_t>>;

/// One per (tenant, customer): the message state machine; one message at a time per customer.
using conversation_actor = caf::typed_actor<
    // Takes the next accepted message of this customer.
    caf::reacts_to<process_atom, store::inbound_message>,
    // After a restart: takes an unsettled message that had reached `state` before the crash.
    caf::reacts_to<resume_atom, store::inbound_message, std::string>,
    // A human takes the conversation over (operator id), or hands it back (empty): an
    // in-flight draft is cancelled at once and nothing is sent automatically meanwhile.
    caf::reacts_to<takeover_atom, std::string>,
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
    // (tenant, customer, operator id or empty): a takeover or release, committed already.
    caf::reacts_to<takeover_atom, std::string, std::string, std::string>,
    // From a conversation (by key): it has been idle; ingress decides whether it may passivate.
    caf::reacts_to<idle_atom, std::string>,
    // Number of live (not passivated) conversations.
    caf::replies_to<stats_atom>::with<uint64_t>>;

} // namespace crm
