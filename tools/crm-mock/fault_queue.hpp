#pragma once

// Faults queued on demand for one stand-in API: "fail the next N requests with mode M".
// Entries are served in the order they were queued; an entry is used up after `count` requests.
// Mode names are the module's business (it validates them before pushing); this is only the
// thread-safe countdown.
// Limits: at most `max_entries` queued entries; push refuses past it.

#include <boost/json/fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace crm::mock {

struct fault {
  std::string mode;
  uint32_t retry_after_s = 1; ///< Sent as `Retry-After` by the 429 fault.
};

class fault_queue {
public:
  static constexpr size_t max_entries = 1'000;

  /// Queues `count` requests' worth of `what`; false when the queue is full or count is 0.
  bool push(fault what, uint64_t count);
  /// The fault for the next request, if any is queued (counts it down).
  std::optional<fault> take();
  void clear();
  /// `[{"mode","remaining","retry_after_s"}...]` in serving order.
  boost::json::array to_json() const;

private:
  struct entry {
    fault what;
    uint64_t remaining;
  };
  mutable std::mutex mutex_;
  std::deque<entry> entries_;
};

} // namespace crm::mock
