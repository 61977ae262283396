#include "fault_queue.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace crm::mock {

bool fault_queue::push(fault what, uint64_t count) {
  if (count == 0) return false;
  std::lock_guard guard{mutex_};
  if (entries_.size() >= max_entries) return false;
  entries_.push_back({std::move(what), count});
  return true;
}

std::optional<fault> fault_queue::take() {
  std::lock_guard guard{mutex_};
  if (entries_.empty()) return std::nullopt;
  auto& front = entries_.front();
  fault out = front.what;
  if (--front.remaining == 0) entries_.pop_front();
  return out;
}

void fault_queue::clear() {
  std::lock_guard guard{mutex_};
  entries_.clear();
}

boost::json::array fault_queue::to_json() const {
  std::lock_guard guard{mutex_};
  boost::json::array out;
  for (const auto& e : entries_)
    out.push_back({{"mode", e.what.mode},
                   {"remaining", e.remaining},
                   {"retry_after_s", e.what.retry_after_s}});
  return out;
}

} // namespace crm::mock
