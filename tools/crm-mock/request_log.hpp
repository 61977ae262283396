#pragma once

// Every request a stand-in API received, for tests to inspect (`GET /mock/requests`).
// Each entry is a JSON object built by the module that served it; the log adds `seq` (1, 2, ...
// since start, never reused after a clear) and `module`.
// Limits: the last `max_entries` are kept (older ones are dropped first); bodies are recorded up
// to `max_body_bytes` (then cut, with `body_truncated: true`), so 10,000 entries stay small.

#include "net/http_types.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string_view>

namespace crm::mock {

class request_log {
public:
  static constexpr size_t max_entries = 10'000;
  static constexpr size_t max_body_bytes = 64 * 1024;

  /// The fields every module records of a request: time, method, path, target, remote, outcome,
  /// headers, authorization, and the body (cut at `max_body_bytes`).
  static boost::json::object entry_of(const net::http_request& request, std::string_view outcome);

  /// Appends; returns the entry's seq.
  uint64_t add(std::string_view module, boost::json::object entry);
  /// `{"requests":[...]}` oldest first: entries with seq > `since`, of `module` when not empty.
  boost::json::object to_json(uint64_t since = 0, std::string_view module = {}) const;
  void clear();
  size_t size() const;

private:
  mutable std::mutex mutex_;
  std::deque<boost::json::object> entries_;
  uint64_t last_seq_ = 0;
};

} // namespace crm::mock
