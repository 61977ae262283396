#include "review_queue.hpp"

namespace crm::op {

void review_queue::apply_snapshot(const snapshot_frame& frame) {
  std::unordered_map<std::string, uint64_t> known = std::move(by_token_);
  by_token_.clear();
  by_number_.clear();
  for (const auto& item : frame.pending) {
    if (by_number_.size() >= max_reviews) {
      ++dropped_;
      continue;
    }
    auto it = known.find(item.event_token);
    auto number = it != known.end() ? it->second : next_number_++;
    by_number_[number] = entry{number, item};
    by_token_[item.event_token] = number;
  }
  last_seq_ = frame.seq;
  synced_ = true;
}

seq_verdict review_queue::check(uint64_t seq) const {
  if (!synced_ || seq <= last_seq_) return seq_verdict::stale;
  return seq == last_seq_ + 1 ? seq_verdict::apply : seq_verdict::gap;
}

uint64_t review_queue::insert(review item) {
  if (auto it = by_token_.find(item.event_token); it != by_token_.end()) {
    by_number_[it->second].item = std::move(item); // A re-announced review: refresh it.
    return it->second;
  }
  if (by_number_.size() >= max_reviews) {
    ++dropped_;
    return 0;
  }
  auto number = next_number_++;
  by_token_[item.event_token] = number;
  by_number_[number] = entry{number, std::move(item)};
  return number;
}

uint64_t review_queue::apply(const added_frame& frame) {
  last_seq_ = frame.seq;
  return insert(frame.item);
}

uint64_t review_queue::apply(const resolved_frame& frame) {
  last_seq_ = frame.seq;
  auto it = by_token_.find(frame.event_token);
  if (it == by_token_.end()) return 0;
  auto number = it->second;
  by_number_.erase(number);
  by_token_.erase(it);
  return number;
}

uint64_t review_queue::apply(const claimed_frame& frame) {
  last_seq_ = frame.seq;
  set_claim(frame.event_token, claim_info{frame.by, frame.until});
  auto* e = find_token(frame.event_token);
  return e != nullptr ? e->number : 0;
}

uint64_t review_queue::apply(const released_frame& frame) {
  last_seq_ = frame.seq;
  clear_claim(frame.event_token);
  auto* e = find_token(frame.event_token);
  return e != nullptr ? e->number : 0;
}

const review_queue::entry* review_queue::find_number(uint64_t number) const {
  auto it = by_number_.find(number);
  return it != by_number_.end() ? &it->second : nullptr;
}

const review_queue::entry* review_queue::find_token(const std::string& event_token) const {
  auto it = by_token_.find(event_token);
  return it != by_token_.end() ? find_number(it->second) : nullptr;
}

void review_queue::set_claim(const std::string& event_token, claim_info claim) {
  if (auto it = by_token_.find(event_token); it != by_token_.end())
    by_number_[it->second].item.claim = std::move(claim);
}

void review_queue::clear_claim(const std::string& event_token) {
  if (auto it = by_token_.find(event_token); it != by_token_.end())
    by_number_[it->second].item.claim.reset();
}

std::vector<const review_queue::entry*> review_queue::entries() const {
  std::vector<const entry*> out;
  out.reserve(by_number_.size());
  for (const auto& [number, e] : by_number_)
    out.push_back(&e);
  return out;
}

} // namespace crm::op
