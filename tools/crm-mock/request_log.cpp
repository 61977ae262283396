#include "request_log.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <chrono>

namespace crm::mock {

boost::json::object request_log::entry_of(const net::http_request& request,
                                          std::string_view outcome) {
  boost::json::object headers;
  for (const auto& [name, value] : request.headers)
    headers[name] = value;
  auto authorization = request.header("authorization");
  auto now = std::chrono::system_clock::now().time_since_epoch();
  boost::json::object entry{
      {"time_ms", std::chrono::duration_cast<std::chrono::milliseconds>(now).count()},
      {"method", request.method},
      {"path", request.path},
      {"target", request.target},
      {"remote", request.remote},
      {"outcome", outcome},
      {"headers", std::move(headers)},
      {"authorization_present", !authorization.empty()},
      {"authorization",
       authorization.empty() ? boost::json::value{} : boost::json::value(authorization)},
  };
  auto body_size = std::min(request.body.size(), max_body_bytes);
  entry["body"] = std::string_view{request.body}.substr(0, body_size);
  if (body_size < request.body.size()) entry["body_truncated"] = true;
  return entry;
}

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
