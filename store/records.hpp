#pragma once

// Plain records that the store persists. They carry no behaviour and know nothing of actors,
// sockets or JSON libraries; the actors wrap them in CAF messages, the store gives them bytes.

#include <cstdint>
#include <string>
#include <vector>

namespace crm::store {

/// One inbound customer message as accepted at the front door.
struct inbound_message {
  std::string event_token; ///< UUID minted at ingress; the message's identity everywhere after.
  std::string tenant;      ///< Tenant id (`default`, ...).
  std::string channel;     ///< `whatsapp` or `api`.
  std::string message_id;  ///< wamid or the integration's message_id: the idempotency key.
  std::string customer_id; ///< WhatsApp `from` or the API's customer_id.
  std::string type;        ///< `text`, `image`, `audio`, ... (non-text is accepted, not dropped).
  std::string text;        ///< Text body; empty for non-text types.
  int64_t received_at_ms = 0; ///< Unix time in milliseconds when crmd accepted it.
};

/// One audit record: one state transition of one message (API.md "States and audit").
/// Field names keep the seed's; `seq`, `prev_hash` and `hash` are assigned by the store.
struct audit_record {
  uint64_t seq = 0;
  int64_t at_ms = 0;
  std::string tenant;
  std::string client_id; ///< The customer id.
  std::string event_token;
  std::string state; ///< The state this record enters (`received`, `screened`, ...).
  std::string input_message;
  std::string output_message;
  std::string intent;
  std::string classification; ///< `security_violation | out_of_scope | in_scope` or empty.
  int confidence = 0;         ///< 0-100.
  int64_t latency_ms = 0;
  int64_t tokens_used = 0;
  std::string status; ///< `Passed | Blocked | Latency_Violation` and review outcomes, or empty.
  std::string reasoning;
  std::vector<std::string> triggered_keywords;
  uint64_t config_version = 0;
  // -- additions to the seed's fields (docs/api.md) --
  std::string channel;    ///< `whatsapp` | `api`.
  std::string message_id; ///< Channel message id (inbound wamid, or outbound id for statuses).
  std::string reason;     ///< Why (review reason, error code, delivery status, ...).
  std::string actor;      ///< Who caused it: `system`, an operator id, `admin`.
  std::string prev_hash;  ///< Hex SHA-256 of the previous record (64 zeros for the first).
  std::string hash;       ///< Hex SHA-256 over prev_hash and this record's canonical bytes.
};

/// What ingesting one message into the store did.
struct ingest_outcome {
  std::string event_token; ///< The new token, or the original one for a duplicate.
  bool duplicate = false;
};

/// A draft waiting for (or decided by) a human: one row per event token in `reviews`, written in
/// the same commit as the `pending_review` audit record, so a restart brings every one back.
struct review_row {
  std::string event_token;
  std::string tenant;
  std::string customer_id;
  std::string channel;
  std::string input_message;
  std::string draft;
  std::string intent;
  std::string classification;
  int confidence = 0;
  std::string reasoning;
  std::string reason; ///< `low_confidence | draft_flagged | llm_overloaded | llm_error | ...`.
  std::vector<std::string> triggered_keywords;
  int64_t created_at_ms = 0;
  int64_t expires_at_ms = 0;
  uint64_t version = 1; ///< Bumped by every change; decisions compare-and-set on it.
  std::string state =
      "pending"; ///< `pending`, or the outcome: approved | edited | rejected | expired.
  // -- set by the decision --
  std::string decided_by;      ///< Operator id (`system` for expiry).
  std::string action_id;       ///< The deciding action's id: the same id again gets the same ack.
  std::string final_text;      ///< What is sent (approved: the draft; edited: the operator's text).
  std::string decision_reason; ///< Reject reason, or `forced` for an edit sent despite a flag.
  int64_t decided_at_ms = 0;
};

/// One answer to deliver: a row per event token in `outbox`, written in the same commit as the
/// decision that approved it, so a restart sends everything approved and nothing twice.
struct outbox_row {
  std::string event_token;
  std::string tenant;
  std::string customer_id;
  std::string channel; ///< `whatsapp` | `api`.
  std::string text;    ///< What the customer receives.
  std::string kind;    ///< `auto_approved | approved | edited | blocked | out_of_scope | operator`.
  int64_t created_at_ms = 0;
  std::string state = "queued"; ///< `queued`, then the delivery outcome.
};

/// A conversation a human has taken over: nothing is sent to the customer automatically until
/// it is released.
struct takeover_row {
  std::string tenant;
  std::string customer_id;
  std::string operator_id;
  int64_t since_ms = 0;
};

/// The writes that finish a message's stay in a conversation, committed together: its audit
/// records, the removal of its inbox row, and what hands it on (a review or a send).
struct settlement {
  std::string event_token; ///< Inbox row to remove.
  std::vector<audit_record> records;
  std::vector<review_row> reviews; ///< Zero or one.
  std::vector<outbox_row> sends;   ///< Zero or one.
};

/// Filters of `GET /admin/audit` and `crm-audit query`; empty strings match everything.
struct audit_filter {
  std::string tenant;
  std::string client_id;
  std::string event_token;
  std::string classification;
  std::string status;
  std::string state;
  uint64_t since_seq = 0; ///< Records with seq > since_seq.
  size_t limit = 100;
};

struct audit_page {
  std::vector<audit_record> records; ///< Oldest first.
  uint64_t next_since_seq = 0;       ///< Pass back as since_seq for the next page.
};

/// Result of walking the hash chain.
struct chain_verdict {
  bool ok = true;
  uint64_t records = 0;
  std::string head_hash;
  uint64_t first_bad_seq = 0; ///< Set when !ok.
};

/// A tenant's stored configuration: JSON text validated by config/, plus its version.
struct tenant_row {
  std::string id;
  uint64_t version = 0;
  std::string config_json;
};

/// One secret's metadata (never its value).
struct secret_info {
  std::string name;
  int64_t updated_at_ms = 0;
};

/// A credential (ingest key or operator token): only a SHA-256 of the secret part is stored.
struct credential_row {
  std::string id; ///< key_id / operator_id.
  std::string tenant;
  std::string kind; ///< `ingest` or `operator`.
  std::string name;
  int64_t created_at_ms = 0;
  bool revoked = false;
};

} // namespace crm::store
