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

#include <functional>
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
CAF_ADD_ATOM(crm, crm, ingest_atom, "ingest")
CAF_ADD_ATOM(crm, crm, append_atom, "append")
CAF_ADD_ATOM(crm, crm, flush_atom, "flush")
CAF_ADD_ATOM(crm, crm, process_atom, "process")
CAF_ADD_ATOM(crm, crm, idle_atom, "idle")
CAF_ADD_ATOM(crm, crm, passivate_atom, "passivate")
CAF_ADD_ATOM(crm, crm, sweep_atom, "sweep")
CAF_ADD_ATOM(crm, crm, stats_atom, "stats")
CAF_ADD_ATOM(crm, crm, screen_atom, "screen")
CAF_END_TYPE_ID_BLOCK(crm)

// Closures never cross the cluster or touch LMDB.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::write_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::ingest_request)
