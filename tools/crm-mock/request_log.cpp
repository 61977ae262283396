#include "request_log.hpp"

#include <boost/json/array.hpp>

namespace crm::mock {

uint64_t request_log::add(std::string_view module, boost::json::object entry) {
  std::lock_guard guard{mutex_};
  auto seq = ++last_seq_;
  entry["seq"] = seq;
  entry["module"] = module;
  if (entries_.size() >= max_entries) entries_.pop_front();
  entries_.push_back(std::move(entry));
  return seq;
}

boost::json::object request_log::to_json(uint64_t since, std::string_view module) const {
  boost::json::array list;
  std::lock_guard guard{mutex_};
  for (const auto& entry : entries_) {
    if (entry.at("seq").as_uint64() <= since) continue;
    if (!module.empty() && entry.at("module").as_string() != module) continue;
    list.push_back(entry);
  }
  return {{"requests", std::move(list)}};
}

void request_log::clear() {
  std::lock_guard guard{mutex_};
  entries_.clear();
}

size_t request_log::size() const {
  std::lock_guard guard{mutex_};
  return entries_.size();
}

} // namespace crm::mock
