#pragma once

// Every message type and atom that actors exchange, in one type-ID block (CAF 0.17).
// Store records get their `inspect` overloads here, so store/ stays free of CAF while the same
// structs cross actors, the cluster and (as bytes) LMDB.

#include "store/node_store.hpp"
#include "store/records.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/type_id.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace crm::store {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inbound_message& x) {
  return f(caf::meta::type_name("inbound_message"), x.event_token, x.tenant, x.channel,
           x.message_id, x.customer_id, x.type, x.text, x.received_at_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, audit_record& x) {
  return f(caf::meta::type_name("audit_record"), x.seq, x.at_ms, x.tenant, x.client_id,
           x.event_token, x.state, x.input_message, x.output_message, x.intent, x.classification,
           x.confidence, x.latency_ms, x.tokens_used, x.status, x.reasoning, x.triggered_keywords,
           x.config_version, x.channel, x.message_id, x.reason, x.actor, x.prev_hash, x.hash);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ingest_outcome& x) {
  return f(caf::meta::type_name("ingest_outcome"), x.event_token, x.duplicate);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, review_row& x) {
  return f(caf::meta::type_name("review_row"), x.event_token, x.tenant, x.customer_id, x.channel,
           x.input_message, x.draft, x.intent, x.classification, x.confidence, x.reasoning,
           x.reason, x.triggered_keywords, x.created_at_ms, x.expires_at_ms, x.version, x.state,
           x.decided_by, x.action_id, x.final_text, x.decision_reason, x.decided_at_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_row& x) {
  return f(caf::meta::type_name("outbox_row"), x.event_token, x.tenant, x.customer_id, x.channel,
           x.text, x.kind, x.created_at_ms, x.state);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, settlement& x) {
  return f(caf::meta::type_name("settlement"), x.event_token, x.records, x.reviews, x.sends);
}

} // namespace crm::store

namespace crm {

/// What screening one text found (the wire form of guardrails::screen_result).
struct screen_verdict {
  std::string classification = "in_scope"; ///< `in_scope | out_of_scope | security_violation`
  std::vector<std::string> categories;     ///< `political, legal, medical, injection, forbidden`
  std::vector<std::string> triggered_keywords; ///< Canonical list keywords, never the user's text.
  uint64_t config_version = 0;                 ///< The tenant config the database was built from.
  bool scan_failed = false;                    ///< Screening failed closed.

  bool flagged() const { return classification != "in_scope"; }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, screen_verdict& x) {
  return f(caf::meta::type_name("screen_verdict"), x.classification, x.categories,
           x.triggered_keywords, x.config_version, x.scan_failed);
}

/// One draft asked of an OpenAI-compatible endpoint: the request body is built by the
/// conversation (drafting::chat_request_body), the pool only carries it, bounded and retried.
struct draft_request {
  std::string tenant;
  std::string event_token;
  std::string base_url; ///< `http(s)://host[:port]/v1`; `/chat/completions` is appended.
  std::string api_key;  ///< Bearer token, or empty. Never logged.
  std::string body;     ///< The chat-completions JSON.
  uint32_t timeout_ms = 30'000;
  uint32_t max_in_flight = 8; ///< The tenant's bound on concurrent requests.
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, draft_request& x) {
  return f(caf::meta::type_name("draft_request"), x.tenant, x.event_token, x.base_url, x.api_key,
           x.body, x.timeout_ms, x.max_in_flight);
}

/// What the pool made of a draft request: a parsed draft, or why there is none.
struct draft_result {
  std::string failure; ///< Empty on success; `llm_overloaded` or `llm_error`.
  std::string detail;  ///< Why it failed (never the model's text).
  std::string reply;
  std::string intent;
  std::string scope = "in_scope";
  int confidence = 0;
  std::string reasoning;
  int64_t tokens_used = 0;
  int64_t latency_ms = 0; ///< From taking the request to its answer, retries included.
  uint32_t attempts = 0;

  bool ok() const { return failure.empty(); }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, draft_result& x) {
  return f(caf::meta::type_name("draft_result"), x.failure, x.detail, x.reply, x.intent, x.scope,
           x.confidence, x.reasoning, x.tokens_used, x.latency_ms, x.attempts);
}

/// The outcome of one HTTP exchange with an LLM endpoint, as the pool's own io callback reports
/// it back into the actor.
struct llm_exchange {
  int status = 0;         ///< 0 when the exchange failed before a response.
  bool timed_out = false; ///< The request's deadline passed.
  bool connect_failed = false;
  std::string error; ///< Transport error text, if any.
  std::string body;
  std::string retry_after; ///< The response's Retry-After header, if any.
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, llm_exchange& x) {
  return f(caf::meta::type_name("llm_exchange"), x.status, x.timed_out, x.connect_failed, x.error,
           x.body, x.retry_after);
}

/// One operator action on a review, from the WebSocket or its REST twin (API.md).
struct review_action {
  std::string type; ///< approve | edit | reject | claim | release
  std::string event_token;
  std::string action_id;
  std::string text;        ///< edit: the operator's text.
  std::string reason;      ///< reject: why.
  bool force = false;      ///< edit: send although the output guardrail flags the text.
  std::string tenant;      ///< The operator's tenant: the only one it may act in.
  std::string operator_id; ///< Who acts.
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, review_action& x) {
  return f(caf::meta::type_name("review_action"), x.type, x.event_token, x.action_id, x.text,
           x.reason, x.force, x.tenant, x.operator_id);
}

/// The answer to a review_action (the `ack` frame).
struct review_ack {
  std::string action_id;
  std::string result;  ///< ok | duplicate | conflict | not_found | invalid
  std::string state;   ///< The review's state afterwards (`pending`, `approved`, ...).
  std::string detail;  ///< Why, for conflict / not_found / invalid.
  std::string by;      ///< conflict: who decided it or holds its lease.
  std::string outcome; ///< conflict: what they decided.
  std::string text;    ///< conflict: the text they sent.
  std::vector<std::string> categories; ///< invalid edit: what the guardrail found.
  int64_t until_ms = 0;                ///< claim: when the lease lapses.
  std::string event_token;             ///< conversation.send: the token of the queued message.
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, review_ack& x) {
  return f(caf::meta::type_name("review_ack"), x.action_id, x.result, x.state, x.detail, x.by,
           x.outcome, x.text, x.categories, x.until_ms, x.event_token);
}

/// An action with the callback that gets its ack (REST routes, operator sessions). Local-only.
struct review_request {
  review_action action;
  std::function<void(review_ack)> done;
};

/// A server frame serialised once and shared by every operator session of a tenant. Local-only.
struct outbound_frame {
  std::shared_ptr<const std::string> text;
  std::chrono::steady_clock::time_point created; ///< For the fan-out latency histogram.
};

/// Work for the single LMDB writer that is not an ingest: admin writes. `apply` runs inside the
/// current group-commit transaction and returns its own failure (nothing written then);
/// `done` runs on the writer's thread after the commit with the job's or the commit's error.
/// Local-only: it carries closures, so it never crosses the cluster.
struct write_job {
  std::function<std::error_code(store::write_batch&)> apply;
  std::function<void(std::error_code)> done;
};

/// Called once with the outcome of an ingest, on an actor thread; posts back to HTTP.
using ingest_callback = std::function<void(std::vector<store::ingest_outcome>, std::error_code)>;

/// What the HTTP layer hands to `ingress`: messages (deduped, inbox, `received` record) and
/// delivery statuses (audited only), acknowledged together once all are durable.
struct ingest_request {
  std::vector<store::inbound_message> messages;
  std::vector<store::audit_record> statuses;
  ingest_callback done;
};

} // namespace crm

CAF_BEGIN_TYPE_ID_BLOCK(crm, caf::first_custom_type_id)
CAF_ADD_TYPE_ID(crm, (crm::store::inbound_message))
CAF_ADD_TYPE_ID(crm, (crm::store::audit_record))
CAF_ADD_TYPE_ID(crm, (crm::store::ingest_outcome))
CAF_ADD_TYPE_ID(crm, (std::vector<crm::store::inbound_message>))
CAF_ADD_TYPE_ID(crm, (std::vector<crm::store::audit_record>))
CAF_ADD_TYPE_ID(crm, (std::vector<crm::store::ingest_outcome>))
CAF_ADD_TYPE_ID(crm, (crm::screen_verdict))
CAF_ADD_TYPE_ID(crm, (crm::store::review_row))
CAF_ADD_TYPE_ID(crm, (crm::store::outbox_row))
CAF_ADD_TYPE_ID(crm, (crm::store::settlement))
CAF_ADD_TYPE_ID(crm, (std::vector<crm::store::review_row>))
CAF_ADD_TYPE_ID(crm, (std::vector<crm::store::outbox_row>))
CAF_ADD_TYPE_ID(crm, (crm::draft_request))
CAF_ADD_TYPE_ID(crm, (crm::draft_result))
CAF_ADD_TYPE_ID(crm, (crm::llm_exchange))
CAF_ADD_TYPE_ID(crm, (crm::review_action))
CAF_ADD_TYPE_ID(crm, (crm::review_ack))
CAF_ADD_ATOM(crm, crm, ingest_atom, "ingest")
CAF_ADD_ATOM(crm, crm, append_atom, "append")
CAF_ADD_ATOM(crm, crm, flush_atom, "flush")
CAF_ADD_ATOM(crm, crm, process_atom, "process")
CAF_ADD_ATOM(crm, crm, idle_atom, "idle")
CAF_ADD_ATOM(crm, crm, passivate_atom, "passivate")
CAF_ADD_ATOM(crm, crm, sweep_atom, "sweep")
CAF_ADD_ATOM(crm, crm, stats_atom, "stats")
CAF_ADD_ATOM(crm, crm, screen_atom, "screen")
CAF_ADD_ATOM(crm, crm, settle_atom, "settle")
CAF_ADD_ATOM(crm, crm, draft_atom, "draft")
CAF_ADD_ATOM(crm, crm, resume_atom, "resume")
CAF_ADD_ATOM(crm, crm, retry_atom, "retry")
CAF_ADD_ATOM(crm, crm, exchange_atom, "exchange")
CAF_ADD_ATOM(crm, crm, review_added_atom, "revadded")
CAF_ADD_ATOM(crm, crm, subscribe_atom, "subscribe")
CAF_ADD_ATOM(crm, crm, revoke_atom, "revoke")
CAF_ADD_ATOM(crm, crm, tick_atom, "tick")
CAF_ADD_ATOM(crm, crm, frame_atom, "frame")
CAF_ADD_ATOM(crm, crm, close_atom, "close")
CAF_ADD_ATOM(crm, crm, closed_atom, "closed")
CAF_ADD_ATOM(crm, crm, takeover_atom, "takeover")
CAF_ADD_ATOM(crm, crm, cancel_atom, "cancel")
CAF_END_TYPE_ID_BLOCK(crm)

// Closures never cross the cluster or touch LMDB.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::write_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::ingest_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::review_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::outbound_frame)
