// The upgrade hook for `/ws`, apart from the session actor: it is the one actor translation unit
// that needs Beast's types (upgraded_connection), so only it pays for their headers.

#include "actors/operator_session.hpp"
#include "net/upgraded_connection.hpp"

namespace crm {

net::upgrade_handler operator_upgrade_handler(caf::actor_system& system,
                                              std::shared_ptr<api::api_context> context,
                                              net::websocket_registry& registry) {
  return [&system, context, &registry](net::http_request&& request,
                                       std::unique_ptr<net::upgraded_connection> connection) {
    net::websocket_handlers handlers;
    if (request.path == "/ws") {
      handlers = operator_handlers(system, context);
    } else {
      handlers.on_open = [](const net::websocket_ptr& c) { c->close(1008, "unknown path"); };
    }
    net::accept_websocket(std::move(connection), net::websocket_options{},
                          registry.track(std::move(handlers)));
  };
}

} // namespace crm
