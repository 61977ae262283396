#include "outcome_stats.hpp"

#include <boost/json/object.hpp>

namespace crm::mock {

void outcome_stats::count(std::string_view outcome) {
  std::lock_guard guard{mutex_};
  auto it = outcomes_.find(outcome);
  if (it == outcomes_.end()) it = outcomes_.emplace(std::string{outcome}, 0).first;
  ++it->second;
}

void outcome_stats::reset() {
  std::lock_guard guard{mutex_};
  outcomes_.clear();
}

boost::json::object outcome_stats::to_json() const {
  boost::json::object outcomes;
  uint64_t total = 0;
  {
    std::lock_guard guard{mutex_};
    for (const auto& [name, n] : outcomes_) {
      outcomes[name] = n;
      total += n;
    }
  }
  return {{"total", total}, {"in_flight", in_flight_.load()}, {"outcomes", std::move(outcomes)}};
}

} // namespace crm::mock
