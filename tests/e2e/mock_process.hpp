#pragma once

// Starts the real `crm-mock` (the stand-in LLM) on loopback, port 0, and drives its control API
// over HTTP. Every helper blocks; control helpers throw std::runtime_error on a non-2xx answer
// (a broken fixture should fail the test loudly, not silently skip a fault).

#include "child_process.hpp"
#include "net/http_client.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace crm::test {

using header_list = std::vector<std::pair<std::string, std::string>>;

class mock_process {
public:
  mock_process();
  ~mock_process(); ///< Kills a still-running mock and removes its log.
  mock_process(const mock_process&) = delete;
  mock_process& operator=(const mock_process&) = delete;

  /// Starts crm-mock with `--listen 127.0.0.1:0` plus `extra_args`, and waits for its
  /// `mock_started` line and a 200 from /mock/stats. Throws if it exits or is not up in 30 s.
  void start(std::vector<std::string> extra_args = {});
  /// SIGTERM and wait; returns the exit status (-1 when not running).
  int stop();
  /// SIGKILL and reap.
  void kill_hard();
  bool running() const;

  uint16_t port() const { return port_; }
  /// `http://127.0.0.1:<port>/v1`: the `llm.base_url` to give crmd.
  std::string base_url() const;
  /// Everything the mock wrote to stdout and stderr.
  std::string log() const;

  /// One request; status 0 on a connection-level failure (`ec` tells which when given).
  net::client_response call(const std::string& method, const std::string& target,
                            const std::string& body = {}, header_list headers = {},
                            std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000},
                            std::error_code* ec = nullptr) const;
  /// POST /v1/chat/completions with one user message (see chat_body).
  net::client_response chat(const std::string& user_text, header_list headers = {},
                            std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000},
                            std::error_code* ec = nullptr) const;

  /// A control call: returns the parsed JSON answer; throws unless 2xx.
  boost::json::value control(const std::string& method, const std::string& target,
                             const std::string& body = {}) const;
  /// GET /mock/requests: every recorded request, oldest first.
  boost::json::array requests() const;
  void clear_requests() const;
  /// GET /mock/stats: {"total","in_flight","outcomes",...}.
  boost::json::object stats() const;
  void set_latency(uint32_t ms, uint32_t jitter_ms = 0) const;
  /// Queues `count` requests to fail with `mode` (status_500, status_429, hang, ...).
  void push_fault(const std::string& mode, uint64_t count = 1, uint32_t retry_after_s = 1) const;
  void clear_faults() const;
  /// PUT /mock/script (rules array or {"rules","default"}).
  void set_script(const boost::json::value& script) const;
  /// POST /mock/reset: start-up settings back, faults, counts and recordings cleared.
  void reset() const;

  // -- the WhatsApp Graph API stand-in (docs/mock.md "Graph API") --
  /// `http://127.0.0.1:<port>`: the `graph_base_url` to give crmd (it appends `/v21.0/...`).
  std::string graph_base_url() const;
  /// POST /v21.0/{phone_number_id}/messages with a text message; an empty `token` sends no
  /// Authorization header.
  net::client_response
  graph_send(const std::string& to, const std::string& text,
             const std::string& token = "test-token",
             const std::string& phone_number_id = "106540352242922",
             std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000},
             std::error_code* ec = nullptr) const;
  /// GET /mock/graph/sends: every send taken, oldest first
  /// (`{seq,time_ms,version,phone_number_id,to,body,token_present,outcome,wamid}`).
  boost::json::array graph_sends() const;
  void clear_graph_sends() const;
  /// Queues `count` sends to fail with `mode` (status_500, status_429, timeout, hang, close,
  /// meta_error); `code` is Meta's error code, required for meta_error.
  void push_graph_fault(const std::string& mode, uint64_t count = 1, uint32_t retry_after_s = 1,
                        std::optional<int64_t> code = std::nullopt) const;
  void clear_graph_faults() const;
  /// PUT /mock/graph/config with these fields (token, latency_ms, status_url, app_secret,
  /// auto_status, ...); returns the whole config.
  boost::json::object set_graph_config(const boost::json::object& fields) const;
  /// POST /mock/graph/status: the mock posts one signed statuses[] webhook to `url` and answers
  /// `{"status": crmd's HTTP status, "body": crmd's body, "sent": the webhook body}`. Throws
  /// unless 2xx (502 when `url` could not be reached).
  boost::json::object post_status(const std::string& url, const std::string& app_secret,
                                  const std::string& wamid, const std::string& status,
                                  std::optional<int64_t> error_code = std::nullopt) const;
  /// The same with any request fields (recipient_id, phone_number_id, timestamp, ...).
  boost::json::object post_status(const boost::json::object& fields) const;

private:
  std::unique_ptr<child_process> child_;
  uint16_t port_ = 0;
};

/// An OpenAI chat-completion request body: a system prompt and one user message.
std::string mock_chat_body(const std::string& user_text, const std::string& model = "test-model");

/// The `{reply,intent,scope,confidence,reasoning}` object inside a completion's content; throws
/// if the body or the content is not JSON.
boost::json::object mock_answer_of(const net::client_response& response);

} // namespace crm::test
