#pragma once

// Actions sent and not yet acknowledged, and the reviews already decided by this client.
//
// Why keep them: an ack can be lost with the connection. After the reconnect's snapshot every
// outstanding action is sent again with its original action_id, which the server answers with
// the original ack (API.md: the same action_id gives the same ack), so nothing is decided twice.
// Limits: `max_outstanding` unacknowledged actions (a full book refuses new actions until acks
// arrive) and `max_remembered` decided tokens (oldest forgotten first: by then their
// review.resolved has long removed them from the queue).

#include "protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>

namespace crm::op {

class action_book {
public:
  static constexpr size_t max_outstanding = 256;
  static constexpr size_t max_remembered = 4'096;

  struct pending {
    action what;
    std::string frame; ///< Exactly what was sent, to send again after a reconnect.
  };

  /// `prefix` makes ids unique across processes: e.g. "<pid>-<random hex>".
  explicit action_book(std::string prefix) : prefix_(std::move(prefix)) {}

  /// A fresh action id: "<prefix>-<counter>".
  std::string next_id();
  bool full() const { return outstanding_.size() >= max_outstanding; }
  /// Records a sent action; false when full or the action_id is already outstanding.
  bool add(action what, std::string frame);
  /// Removes and returns the action an ack answers; nullopt for an id we did not send.
  std::optional<pending> take(const std::string& action_id);
  const std::map<std::string, pending>& outstanding() const { return outstanding_; }
  /// True when a decision on `event_token` is waiting for its ack.
  bool deciding(const std::string& event_token) const { return deciding_.count(event_token) > 0; }

  void remember_decided(const std::string& event_token);
  bool decided(const std::string& event_token) const { return decided_.count(event_token) > 0; }

private:
  std::string prefix_;
  uint64_t counter_ = 0;
  std::map<std::string, pending> outstanding_;    ///< By action_id.
  std::unordered_multiset<std::string> deciding_; ///< Tokens of outstanding decisions.
  std::unordered_set<std::string> decided_;
  std::deque<std::string> decided_order_; ///< Oldest first, for forgetting.
};

} // namespace crm::op
