#pragma once

// The OpenAI-compatible LLM stand-in: `POST .../chat/completions` (any prefix), with a keyword
// answer script, latency, queued faults, an optional API key, and recording of every request.
//
// Concurrency: serve() and control() run on io threads; every answer, errors included, leaves
// through the delay_queue's thread or at once, so no io thread ever waits. Knobs are atomics
// or swapped under `mutex_` (the script as an immutable shared_ptr: readers take a copy).
// Control paths (relative to /mock/): script, latency, faults, config. See docs/mock.md.

#include "delay_queue.hpp"
#include "fault_queue.hpp"
#include "latency_model.hpp"
#include "llm/answer_script.hpp"
#include "mock_module.hpp"
#include "outcome_stats.hpp"
#include "request_log.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace crm::mock::llm {

/// The knobs, as set on the command line (and restored by `POST /mock/reset`).
struct chat_settings {
  answer_script script;
  uint32_t latency_ms = 0;
  uint32_t jitter_ms = 0;
  std::string api_key; ///< Required as `Authorization: Bearer <key>` when not empty.
  /// A `hang` request is dropped after this (its connection closed without an answer).
  std::chrono::milliseconds hang_timeout{300'000};
};

class chat_module final : public mock_module {
public:
  /// `port` is the listening port (set once the server is bound; the `close` fault needs it).
  chat_module(chat_settings settings, delay_queue& delays, request_log& log,
              const std::atomic<uint16_t>& port);

  std::string_view name() const override { return "llm"; }
  bool serve(net::http_request& request, net::responder& reply) override;
  bool control(net::http_request& request, net::responder& reply) override;
  boost::json::object stats() const override { return stats_.to_json(); }
  void reset() override;

private:
  /// Sends `response` after the sampled latency (at once when the queue is full: 503).
  void answer_later(net::responder reply, net::http_response response);
  void close_later(net::responder reply, std::string peer, std::chrono::milliseconds delay);
  /// Records the request, counts its outcome, and answers at once (client errors).
  void reject(net::http_request& request, net::responder& reply, std::string_view outcome,
              net::http_response response);
  void record(const net::http_request& request, std::string_view outcome,
              const boost::json::object* parsed);

  // control endpoints (llm/chat_control.cpp)
  net::http_response control_script(const net::http_request& request);
  net::http_response control_latency(const net::http_request& request);
  net::http_response control_faults(const net::http_request& request);
  net::http_response control_config(const net::http_request& request);
  boost::json::object config_json() const;

  std::shared_ptr<const answer_script> script() const;
  std::string api_key() const;

  const chat_settings initial_; ///< For reset().
  delay_queue& delays_;
  request_log& log_;
  const std::atomic<uint16_t>& port_;

  latency_model latency_;
  fault_queue faults_;
  outcome_stats stats_;
  std::atomic<int64_t> hang_timeout_ms_;
  std::atomic<uint64_t> next_id_{0};

  mutable std::mutex mutex_;
  std::shared_ptr<const answer_script> script_; ///< Guarded by mutex_.
  std::string api_key_;                         ///< Guarded by mutex_.
};

} // namespace crm::mock::llm
