#pragma once

// The single LMDB writer (see audit_writer_actor in actors.hpp).
//
// Operation: the first write after a commit opens a transaction and schedules a `flush` to
// itself; everything already in the mailbox is processed before that flush, so one commit
// (one fsync) covers all of it. While a commit syncs, new work piles up for the next one.
// Bounds: a batch commits early at `max_batch_records`; the mailbox itself is bounded upstream
// by admission credits (HTTP) and by the few admin writers.

#include "actors/actors.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <system_error>
#include <vector>

namespace crm {

struct audit_writer_options {
  size_t max_batch_records = 4096;
  std::chrono::seconds dedupe_retention{8 * 24 * 3600};
  std::chrono::seconds sweep_interval{3600};
};

struct audit_writer_state {
  // User-declared so the state is no aggregate: CAF would otherwise (C++20 parenthesized
  // aggregate init) try to build it from the actor pointer.
  audit_writer_state() = default;

  /// Owned by the node, outlives this actor.
  store::node_store* store = nullptr;
  audit_writer_options options;
  /// The open group commit, if any.
  std::optional<store::write_batch> batch;
  /// Completions of everything in `batch`, run after its commit with the commit's outcome.
  std::vector<std::function<void(std::error_code)>> on_commit;
  /// Records written into `batch` so far.
  size_t batch_records = 0;
  /// True while a `flush` to self is in the mailbox.
  bool flush_scheduled = false;

  static constexpr const char* name = "audit_writer";
};

/// A record of `message` entering `state`: its identity fields filled in, actor `system`.
store::audit_record record_for(const store::inbound_message& message, std::string state,
                               int64_t at_ms);

using audit_writer_pointer = audit_writer_actor::stateful_pointer<audit_writer_state>;

audit_writer_actor::behavior_type audit_writer(audit_writer_pointer self, store::node_store* store,
                                               audit_writer_options options);

} // namespace crm
