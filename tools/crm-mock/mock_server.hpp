#pragma once

// crm-mock's HTTP side: one net::http_server, the shared request log and delay queue, and the
// stand-in modules (the LLM one and the WhatsApp Graph API one). Routes every request:
//   /mock/requests, /mock/stats, /mock/reset -> here (shared by every module);
//   other /mock/...                           -> each module's control();
//   anything else                             -> each module's serve(); 404 when none takes it.

#include "delay_queue.hpp"
#include "graph/graph_module.hpp"
#include "llm/chat_module.hpp"
#include "mock_module.hpp"
#include "net/http_server.hpp"
#include "request_log.hpp"

#include <boost/json/object.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace crm::mock {

struct server_settings {
  std::string address = "127.0.0.1";
  uint16_t port = 8089;
  unsigned io_threads = 2;
};

class mock_server {
public:
  mock_server(server_settings settings, llm::chat_settings chat, graph::graph_settings graph = {});
  ~mock_server(); ///< stop()

  std::error_code start();
  uint16_t port() const { return port_.load(); }
  /// Closes every connection, then drops every answer still waiting (hung ones included).
  void stop();

  /// `{"total","in_flight","outcomes","modules":{name: module stats}}`, totals over modules.
  boost::json::object stats() const;
  std::vector<std::string> module_names() const;

private:
  void handle(net::http_request&& request, net::responder reply);
  bool shared_control(net::http_request& request, net::responder& reply);

  std::atomic<uint16_t> port_{0};
  request_log log_;
  delay_queue delays_;
  std::vector<std::unique_ptr<mock_module>> modules_;
  net::http_server server_; ///< Last: destroyed (and stopped) before what its handler uses.
};

} // namespace crm::mock
