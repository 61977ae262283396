#pragma once

// The review hub (see review_hub_actor in actors.hpp): every draft waiting for a human.
//
// Operation: conversations commit a review row with their `pending_review` record, then tell the
// hub; the hub keeps every pending review of the node in memory (loaded from LMDB at start, so
// a restart brings them all back) and fans events out to the operator sessions of the review's
// tenant as frames serialised once. Decisions are compare-and-set: the first decision on a
// pending review wins; it is committed (audit record, review row, and for approve/edit the
// outbox row: one transaction) before anyone is told. Later actions on a decided review are
// answered from its stored row: the same action id gets `duplicate`, another gets `conflict`
// with who decided what. Edits are screened by the output guardrail first and refused when
// flagged unless forced (audited). A claim is a lease; others' decisions and claims get
// `conflict` while it holds. Expired reviews are settled as `expired` by a one-second tick.
// Bounds: pending reviews are bounded by the admission credits upstream; while one is being
// decided, further actions on it wait in its own short list (one per operator retry).

#include "actors/actors.hpp"
#include "actors/review_frames.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace crm {

class guardrail_pool;

struct review_hub_options {
  std::chrono::milliseconds lease{60'000};
  std::chrono::milliseconds tick{1'000};
  std::chrono::milliseconds screen_timeout{10'000};
};

struct review_hub_services {
  audit_writer_actor writer;
  const store::node_store* store = nullptr; ///< Reads (decided reviews, load at start).
  const guardrail_pool* guards = nullptr;   ///< Screens edited text.
};

struct review_hub_state {
  // User-declared so the state is no aggregate: CAF would otherwise (C++20 parenthesized
  // aggregate init) try to build it from the actor pointer.
  review_hub_state() = default;

  /// One pending review.
  struct entry {
    store::review_row row;
    review_claim claim;
    bool deciding = false;               ///< A decision is being screened or committed.
    std::vector<review_request> waiting; ///< Actions that arrived meanwhile.
  };

  struct subscriber {
    std::string operator_id;
    operator_actor session;
  };

  /// One tenant's event stream.
  struct room {
    uint64_t seq = 0;
    std::vector<subscriber> subscribers;
    /// Event tokens of this tenant's pending reviews: a snapshot never scans other tenants.
    std::unordered_set<std::string> pending;
  };

  review_hub_services services;
  review_hub_options options;
  std::unordered_map<std::string, entry> pending; ///< By event token.
  std::unordered_map<std::string, room> rooms;    ///< By tenant.

  static constexpr const char* name = "review_hub";
};

using review_hub_pointer = review_hub_actor::stateful_pointer<review_hub_state>;

review_hub_actor::behavior_type review_hub(review_hub_pointer self, review_hub_services services,
                                           review_hub_options options);

/// The audit status of a review outcome (`approved` -> `Approved`, ...).
std::string outcome_status(const std::string& outcome);

/// The confidence bucket of the calibration metrics: `0-9`, `10-19`, ..., `90-100`.
std::string confidence_bucket(int confidence);

} // namespace crm
