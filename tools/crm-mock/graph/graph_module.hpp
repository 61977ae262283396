#pragma once

// The WhatsApp Cloud API (Graph API) stand-in: `POST /vNN.N/{phone_number_id}/messages` with a
// bearer token, answered like Meta (a fresh `wamid.` id, or Meta's error shape), with latency,
// queued faults, recording of every send, and status webhooks signed like Meta's sent back to
// crmd on demand or after each send.
//
// Concurrency: serve() and control() run on io threads; answers leave through the shared
// delay_queue, webhooks through this module's status_sender thread, so no io thread waits.
// Control paths: /mock/graph/{faults,sends,status,latency,config}. See docs/mock.md.

#include "delay_queue.hpp"
#include "fault_queue.hpp"
#include "graph/send_log.hpp"
#include "graph/status_sender.hpp"
#include "latency_model.hpp"
#include "mock_module.hpp"
#include "outcome_stats.hpp"
#include "request_log.hpp"

#include <boost/json/array.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace crm::mock::graph {

/// The knobs, as set on the command line (and restored by `POST /mock/reset`).
struct graph_settings {
  std::string token; ///< Required as `Authorization: Bearer <token>` when not empty.
  uint32_t latency_ms = 0;
  uint32_t jitter_ms = 0;
  std::chrono::milliseconds hang_timeout{300'000};
  std::string status_url; ///< Where auto statuses go (crmd's /webhook/whatsapp/<channel>).
  std::string app_secret; ///< Signs status webhooks.
  std::vector<std::string> auto_status; ///< Posted after each successful send, in order.
};

class graph_module final : public mock_module {
public:
  static constexpr size_t max_deliveries = 1'000; ///< Webhook outcomes kept for inspection.

  graph_module(graph_settings settings, delay_queue& delays, request_log& log,
               const std::atomic<uint16_t>& port);
  ~graph_module() override; ///< Stops the webhook thread.

  std::string_view name() const override { return "graph"; }
  bool serve(net::http_request& request, net::responder& reply) override;
  bool control(net::http_request& request, net::responder& reply) override;
  boost::json::object stats() const override;
  void reset() override;

private:
  void answer_later(net::responder reply, net::http_response response,
                    std::function<void()> after = {});
  void close_later(net::responder reply, std::string peer, std::chrono::milliseconds delay);
  void reject(net::http_request& request, net::responder& reply, std::string_view outcome,
              net::http_response response);
  void record(const net::http_request& request, std::string_view outcome);
  /// Queues `update` to `url`; `done` (may be empty) gets the outcome on the worker thread.
  bool send_status(std::string url, std::string app_secret, const status_update& update,
                   std::function<void(const delivery_result&)> done);
  void auto_statuses(const send_record& sent);

  // control endpoints (graph/graph_control.cpp)
  net::http_response control_faults(const net::http_request& request);
  net::http_response control_latency(const net::http_request& request);
  net::http_response control_config(const net::http_request& request);
  void control_status(const net::http_request& request, net::responder& reply);
  boost::json::object config_json() const;

  const graph_settings initial_; ///< For reset().
  delay_queue& delays_;
  request_log& log_;
  const std::atomic<uint16_t>& port_;

  latency_model latency_;
  fault_queue faults_;
  outcome_stats stats_;
  send_log sends_;
  std::atomic<int64_t> hang_timeout_ms_;
  std::atomic<uint64_t> next_id_{0};
  std::atomic<uint64_t> webhooks_ok_{0};
  std::atomic<uint64_t> webhooks_failed_{0};
  const std::string id_prefix_; ///< Per process, so wamids differ across mock restarts.

  mutable std::mutex mutex_;
  graph_settings current_;                     ///< token, status_url, app_secret, auto_status.
  std::deque<boost::json::object> deliveries_; ///< Guarded by mutex_; last max_deliveries.

  status_sender sender_; ///< Last: its thread stops before the members it calls back into.
};

} // namespace crm::mock::graph
