#pragma once

// Counts of one stand-in API's requests by outcome (`ok`, `unauthorized`, `bad_request`, or the
// fault mode that answered), plus how many are waiting for their answer right now.

#include <boost/json/fwd.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace crm::mock {

class outcome_stats {
public:
  void count(std::string_view outcome);
  void enter() { in_flight_.fetch_add(1); }
  void leave() { in_flight_.fetch_sub(1); }
  int64_t in_flight() const { return in_flight_.load(); }
  /// Zeroes the counts; requests in flight stay counted until they finish.
  void reset();
  /// `{"total","in_flight","outcomes":{name: n}}`.
  boost::json::object to_json() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t, std::less<>> outcomes_; ///< A handful of names: small.
  std::atomic<int64_t> in_flight_{0};
};

} // namespace crm::mock
