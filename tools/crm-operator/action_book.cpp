#include "action_book.hpp"

namespace crm::op {

std::string action_book::next_id() {
  return prefix_ + "-" + std::to_string(++counter_);
}

bool action_book::add(action what, std::string frame) {
  if (full() || outstanding_.count(what.action_id) > 0) return false;
  if (is_decision(what.kind)) deciding_.insert(what.event_token);
  auto id = what.action_id;
  outstanding_.emplace(std::move(id), pending{std::move(what), std::move(frame)});
  return true;
}

std::optional<action_book::pending> action_book::take(const std::string& action_id) {
  auto it = outstanding_.find(action_id);
  if (it == outstanding_.end()) return std::nullopt;
  auto out = std::move(it->second);
  outstanding_.erase(it);
  if (is_decision(out.what.kind))
    if (auto d = deciding_.find(out.what.event_token); d != deciding_.end()) deciding_.erase(d);
  return out;
}

void action_book::remember_decided(const std::string& event_token) {
  if (!decided_.insert(event_token).second) return;
  decided_order_.push_back(event_token);
  if (decided_order_.size() > max_remembered) {
    decided_.erase(decided_order_.front());
    decided_order_.pop_front();
  }
}

} // namespace crm::op
