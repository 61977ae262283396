#pragma once

// Every well-formed, authorised send the mock Graph API took (`GET /mock/graph/sends`): what
// crmd sent, and what it was answered (the wamid, or the fault that failed it).
// Limits: the last `max_entries` are kept, oldest dropped first; message bodies are cut at
// `max_body_bytes` (Meta's own text limit is 4,096 characters).

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace crm::mock::graph {

struct send_record {
  std::string version;         ///< `v21.0`
  std::string phone_number_id; ///< From the path.
  std::string to;
  std::string body;           ///< text.body
  bool token_present = false; ///< A bearer token was sent (checked or not).
  std::string outcome;        ///< `ok`, or the fault that answered.
  std::string wamid;          ///< The id answered; empty unless `ok`.
};

class send_log {
public:
  static constexpr size_t max_entries = 10'000;
  static constexpr size_t max_body_bytes = 64 * 1024;

  void add(send_record record);
  /// `{"sends":[{"seq","time_ms","version","phone_number_id","to","body","token_present",
  /// "outcome","wamid"}...]}` oldest first (`wamid` null unless answered ok).
  boost::json::object to_json() const;
  void clear();

  /// The send answered with `wamid`, if still kept (status webhooks default from it).
  std::optional<send_record> find(std::string_view wamid) const;

private:
  struct entry {
    uint64_t seq;
    int64_t time_ms;
    send_record record;
  };
  mutable std::mutex mutex_;
  std::deque<entry> entries_;
  uint64_t last_seq_ = 0;
};

} // namespace crm::mock::graph
