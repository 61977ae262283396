#pragma once

// The operator's copy of the tenant's pending reviews, kept in step with the server's events.
//
// Operation: a snapshot replaces the queue; each tenant event (`seq` rising by one) updates it.
// An event whose seq skips ahead means events were lost: the caller resyncs with
// hello{last_seq}. Events before the first snapshot, or already seen, are ignored.
// Numbers: each review gets a number on arrival that stays its own for the session (a snapshot
// after a reconnect keeps them), so `a 3` never hits a review that slid into slot 3.
// Limits: at most `max_reviews` are held; past it new reviews are counted in `dropped()` and not
// shown (the server still has them; a later snapshot brings them back once others resolve).

#include "protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::op {

/// What to do with an event, decided from its seq.
enum class seq_verdict {
  apply, ///< The next one: apply it.
  stale, ///< Already seen (or no snapshot yet): ignore it.
  gap,   ///< Events were missed: resync.
};

class review_queue {
public:
  /// A terminal shows a few hundred at most; 10k bounds memory on a runaway tenant.
  static constexpr size_t max_reviews = 10'000;

  struct entry {
    uint64_t number = 0;
    review item;
  };

  /// Replaces the queue; numbers of reviews already known are kept.
  void apply_snapshot(const snapshot_frame& frame);
  /// Where `seq` stands relative to the last applied event.
  seq_verdict check(uint64_t seq) const;

  /// Apply one event (after `check` said apply). Each returns the review's number, 0 if unknown.
  uint64_t apply(const added_frame& frame);
  uint64_t apply(const resolved_frame& frame);
  uint64_t apply(const claimed_frame& frame);
  uint64_t apply(const released_frame& frame);

  /// The last seq applied (the snapshot's, or the last event's); what hello{last_seq} sends.
  uint64_t last_seq() const { return last_seq_; }
  /// Seeds last_seq before the first snapshot (--last-seq).
  void set_last_seq(uint64_t seq) { last_seq_ = seq; }
  /// False until a snapshot arrived on the current connection.
  bool synced() const { return synced_; }
  /// A new connection: events wait for its snapshot.
  void unsync() { synced_ = false; }

  const entry* find_number(uint64_t number) const;
  const entry* find_token(const std::string& event_token) const;
  /// Marks our own claim (an ok ack), until the server's events say otherwise.
  void set_claim(const std::string& event_token, claim_info claim);
  void clear_claim(const std::string& event_token);

  /// In arrival order.
  std::vector<const entry*> entries() const;
  size_t size() const { return by_number_.size(); }
  uint64_t dropped() const { return dropped_; }

private:
  uint64_t insert(review item);

  std::map<uint64_t, entry> by_number_;                ///< Arrival order.
  std::unordered_map<std::string, uint64_t> by_token_; ///< event_token -> number.
  uint64_t next_number_ = 1;
  uint64_t last_seq_ = 0;
  bool synced_ = false;
  uint64_t dropped_ = 0;
};

} // namespace crm::op
