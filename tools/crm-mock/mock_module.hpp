#pragma once

// One stand-in API inside crm-mock: the OpenAI-compatible LLM, and Meta's Graph API beside it.
// The router offers every request to each module in turn; a module owns its API paths and its
// knobs under `/mock/`, and reports into the shared request log and stats.
//
// Concurrency: both entry points run on io threads (several at once) and must not block; a
// module that delays an answer hands it to the shared delay_queue.

#include "net/http_types.hpp"

#include <boost/json/fwd.hpp>

#include <string_view>

namespace crm::mock {

class mock_module {
public:
  virtual ~mock_module() = default;

  /// Short name used in the request log and stats (`llm`, `graph`).
  virtual std::string_view name() const = 0;

  /// Takes a request to the stand-in API; false (request untouched) when the path is not its.
  virtual bool serve(net::http_request& request, net::responder& reply) = 0;

  /// Takes a control request under `/mock/`; false when the path is not its.
  virtual bool control(net::http_request& request, net::responder& reply) = 0;

  /// Counts by outcome and in-flight (`{"total","in_flight","outcomes"}`).
  virtual boost::json::object stats() const = 0;

  /// Back to the start-up settings: script, latency, api key; queued faults and counts cleared.
  virtual void reset() = 0;
};

} // namespace crm::mock
