#pragma once

// One operator WebSocket connection as an actor (see operator_actor in actors.hpp).
//
// Operation: the connection's text frames arrive as `frame` messages. The first must be `hello`
// with an operator token (stored hashed, not revoked): it fixes the session's tenant and operator
// id for good, and the session subscribes to the review hub, which sends the snapshot. Every
// later action is scoped to that tenant by the session, never by the client: review actions go
// to the hub; `conversation.takeover|release|send` frames do what the REST twins do
// (api/conversation_actions.hpp) and are answered with an `ack` as well. Frames from the hub
// are shared strings written as they are.
// Bounds: the connection's outbound queue is bounded (frames and bytes; past it the connection
// closes with 1013 and the client resyncs); inbound frames waiting for this actor are bounded by
// `max_frames_in_flight` (past it: close 1008); malformed frames get an `error` frame, and
// `max_malformed` of them close the connection (1008).

#include "actors/actors.hpp"
#include "net/http_server.hpp"
#include "net/websocket_server.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <atomic>
#include <memory>
#include <string>

namespace crm {

namespace api {
struct api_context;
}

struct operator_session_options {
  size_t max_malformed = 10;
  int max_frames_in_flight = 64;
};

struct operator_session_state {
  // User-declared so the state is no aggregate: CAF would otherwise (C++20 parenthesized
  // aggregate init) try to build it from the actor pointer.
  operator_session_state() = default;

  net::websocket_ptr connection;
  /// The node's routes' context: store, review hub, ingress, writer, guardrails.
  std::shared_ptr<api::api_context> context;
  operator_session_options options;
  /// Frames handed to this actor and not yet handled (counted by the connection's reader).
  std::shared_ptr<std::atomic<int>> frames_in_flight;
  bool authenticated = false;
  std::string tenant;
  std::string operator_id;
  size_t malformed = 0;

  static constexpr const char* name = "operator_session";
};

using operator_pointer = operator_actor::stateful_pointer<operator_session_state>;

operator_actor::behavior_type operator_session(operator_pointer self, net::websocket_ptr connection,
                                               std::shared_ptr<api::api_context> context,
                                               std::shared_ptr<std::atomic<int>> frames_in_flight,
                                               operator_session_options options);

/// WebSocket handlers that run one operator_session per connection of `/ws`.
net::websocket_handlers operator_handlers(caf::actor_system& system,
                                          std::shared_ptr<api::api_context> context,
                                          operator_session_options options = {});

/// The HTTP server's upgrade hook: `/ws` becomes an operator session (tracked in `registry`, so
/// the node can close them all on stop); any other path is accepted and closed with 1008.
net::upgrade_handler operator_upgrade_handler(caf::actor_system& system,
                                              std::shared_ptr<api::api_context> context,
                                              net::websocket_registry& registry);

} // namespace crm
