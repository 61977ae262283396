#include "actors/api/json_io.hpp"
#include "actors/api/router.hpp"
#include "net/metrics.hpp"

namespace crm::api {

namespace {

/// Gauges that are cheaper to read at scrape time than to maintain on every message.
void refresh_gauges(const api_context& context) {
  auto& registry = net::default_registry();
  static auto& in_use = registry.get_gauge(
      "crmd_admission_credits_in_use", "Accepted messages not yet finished by their conversation");
  static auto& capacity =
      registry.get_gauge("crmd_admission_credits_capacity", "Admission credits of this node");
  static auto& inbox = registry.get_gauge("crmd_inbox_messages", "Messages stored in the inbox");
  static auto& head =
      registry.get_gauge("crmd_audit_head_seq", "Sequence of the newest audit record");
  in_use.set(static_cast<double>(context.admission->in_use()));
  capacity.set(static_cast<double>(context.admission->capacity()));
  inbox.set(static_cast<double>(context.store->inbox_depth()));
  head.set(static_cast<double>(context.store->audit_head_seq()));
}

} // namespace

void add_health_routes(std::vector<route>& routes) {
  routes.push_back(
      {"GET", "/healthz",
       [](api_context&, net::http_request&, const path_params&, net::responder respond) {
         respond(json_response(200, {{"status", "ok"}}));
       }});
  routes.push_back(
      {"GET", "/readyz",
       [](api_context& context, net::http_request&, const path_params&, net::responder respond) {
         if (context.ready->load())
           respond(json_response(200, {{"status", "ready"}}));
         else
           respond(net::json_error(503, "not_ready", "The node is starting or stopping."));
       }});
  routes.push_back(
      {"GET", "/metrics",
       [](api_context& context, net::http_request&, const path_params&, net::responder respond) {
         refresh_gauges(context);
         net::http_response response;
         response.content_type = "text/plain; version=0.0.4; charset=utf-8";
         response.body = net::default_registry().expose();
         respond(std::move(response));
       }});
}

} // namespace crm::api
