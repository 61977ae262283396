#pragma once

// Maps method + path to a route handler and measures every request: `request_latency_ms` and
// `crmd_http_responses_total` per route. Path patterns use `{name}` for one segment.

#include "actors/api/context.hpp"
#include "net/http_types.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace crm::api {

/// Captured `{name}` segments of the matched pattern.
using path_params = std::map<std::string, std::string, std::less<>>;

using route_handler =
    std::function<void(api_context&, net::http_request&, const path_params&, net::responder)>;

struct route {
  std::string method;
  std::string pattern; ///< e.g. `/webhook/whatsapp/{tenant}`
  route_handler handler;
};

/// Each routes file adds its routes here.
void add_health_routes(std::vector<route>& routes);
void add_webhook_routes(std::vector<route>& routes);
void add_message_routes(std::vector<route>& routes);
void add_screen_routes(std::vector<route>& routes);
void add_admin_routes(std::vector<route>& routes);
void add_review_routes(std::vector<route>& routes);
void add_conversation_routes(std::vector<route>& routes);

/// The request handler for net::http_server: every route above, 404/405 JSON errors otherwise.
net::request_handler make_router(std::shared_ptr<api_context> context);

} // namespace crm::api
