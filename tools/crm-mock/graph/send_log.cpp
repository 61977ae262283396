#include "graph/send_log.hpp"

#include <boost/json/array.hpp>

#include <chrono>

namespace crm::mock::graph {

void send_log::add(send_record record) {
  if (record.body.size() > max_body_bytes) record.body.resize(max_body_bytes);
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::lock_guard guard{mutex_};
  entries_.push_back({++last_seq_, now, std::move(record)});
  if (entries_.size() > max_entries) entries_.pop_front();
}

boost::json::object send_log::to_json() const {
  boost::json::array sends;
  std::lock_guard guard{mutex_};
  for (const auto& [seq, time_ms, r] : entries_)
    sends.push_back(
        {{"seq", seq},
         {"time_ms", time_ms},
         {"version", r.version},
         {"phone_number_id", r.phone_number_id},
         {"to", r.to},
         {"body", r.body},
         {"token_present", r.token_present},
         {"outcome", r.outcome},
         {"wamid", r.wamid.empty() ? boost::json::value{} : boost::json::value(r.wamid)}});
  return {{"sends", std::move(sends)}};
}

void send_log::clear() {
  std::lock_guard guard{mutex_};
  entries_.clear();
}

std::optional<send_record> send_log::find(std::string_view wamid) const {
  std::lock_guard guard{mutex_};
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (it->record.wamid == wamid) return it->record;
  return std::nullopt;
}

} // namespace crm::mock::graph
