#include "actors/operator_session.hpp"

#include "actors/api/context.hpp"
#include "actors/api/conversation_actions.hpp"
#include "actors/logging.hpp"
#include "actors/review_frames.hpp"
#include "net/metrics.hpp"
#include "net/signature.hpp"
#include "store/node_store.hpp"

#include <boost/json.hpp>
#include <caf/all.hpp>

namespace crm {

namespace {

struct session_metrics {
  net::gauge& connections;
  net::counter& slow_closes;
  net::counter& malformed;
  net::histogram& fanout;

  static session_metrics& get() {
    auto& r = net::default_registry();
    static session_metrics m{
        r.get_gauge("crmd_operator_connections", "Operator WebSocket connections"),
        r.get_counter("crmd_operator_slow_closes_total",
                      "Operator connections closed with 1013 for falling behind"),
        r.get_counter("crmd_operator_malformed_frames_total", "Malformed operator frames"),
        r.get_histogram("crmd_review_fanout_ms",
                        "From a review event to its frame being queued for one operator",
                        net::exponential_buckets(0.01, 2, 16))};
    return m;
  }
};

void reject_frame(operator_pointer self, std::string_view detail) {
  auto& st = self->state;
  session_metrics::get().malformed.inc();
  st.connection->send_text(error_frame(detail));
  if (++st.malformed >= st.options.max_malformed) {
    st.connection->close(1008, "too many malformed frames");
    self->quit();
  }
}

void hello(operator_pointer self, const boost::json::object& frame) {
  auto& st = self->state;
  if (st.authenticated) return reject_frame(self, "This session has already said hello.");
  const auto* token = frame.if_contains("token");
  std::optional<store::credential_row> credential;
  if (token && token->is_string() && !token->get_string().empty())
    credential = st.context->store->find_credential(net::sha256_hex(token->get_string()));
  if (!credential || credential->revoked || credential->kind != "operator") {
    st.connection->close(1008, "token refused");
    self->quit();
    return;
  }
  uint64_t last_seq = 0;
  if (const auto* seq = frame.if_contains("last_seq"); seq && seq->is_number())
    last_seq = seq->to_number<uint64_t>();
  st.authenticated = true;
  st.tenant = credential->tenant;
  st.operator_id = credential->id;
  log::info("operator_connected", {{"tenant", st.tenant},
                                   {"operator_id", st.operator_id},
                                   {"remote", st.connection->remote()}});
  self->send(st.context->reviews, subscribe_atom_v, st.tenant, st.operator_id, last_seq,
             caf::actor_cast<operator_actor>(self));
}

/// `conversation.takeover | conversation.release | conversation.send`: the REST twins' actions,
/// answered with an ack (`state` taken_over | released | queued).
void conversation_frame(operator_pointer self, std::string_view type,
                        const boost::json::object& frame) {
  auto& st = self->state;
  const auto* customer = frame.if_contains("customer_id");
  const auto* action_id = frame.if_contains("action_id");
  if (customer == nullptr || !customer->is_string() || customer->get_string().empty() ||
      action_id == nullptr || !action_id->is_string() || action_id->get_string().empty())
    return reject_frame(self, "A conversation action needs `customer_id` and `action_id`.");
  std::string customer_id{customer->get_string()};
  std::string id{action_id->get_string()};
  std::string state = type == "conversation.takeover"  ? "taken_over"
                      : type == "conversation.release" ? "released"
                                                       : "queued";
  auto session = caf::actor_cast<operator_actor>(self);
  auto done = [session, id, state](api::conversation_outcome outcome) {
    review_ack ack;
    ack.action_id = id;
    auto text = [&](const char* key) {
      const auto* v = outcome.body.if_contains(key);
      return v && v->is_string() ? std::string{v->get_string()} : std::string{};
    };
    if (outcome.status < 300) {
      ack.result = "ok";
      ack.state = state;
      ack.event_token = text("event_token");
    } else {
      ack.result = outcome.status == 409 ? "conflict" : "invalid";
      ack.detail = text("detail");
      if (const auto* c = outcome.body.if_contains("categories"); c && c->is_array())
        for (auto& item : c->get_array())
          if (item.is_string()) ack.categories.emplace_back(item.get_string());
    }
    caf::anon_send(session, std::move(ack));
  };
  auto& context = *st.context;
  if (type == "conversation.takeover")
    api::take_over(context, st.tenant, customer_id, st.operator_id, std::move(done));
  else if (type == "conversation.release")
    api::hand_back(context, st.tenant, customer_id, std::move(done));
  else
    api::send_own_text(context, st.tenant, customer_id, st.operator_id, frame, std::move(done));
}

void on_frame(operator_pointer self, const std::string& text) {
  auto& st = self->state;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return reject_frame(self, "A frame must be one JSON object.");
  const auto& frame = value.get_object();
  const auto* type = frame.if_contains("type");
  if (type == nullptr || !type->is_string())
    return reject_frame(self, "A frame needs a string `type`.");
  if (type->get_string() == "hello") return hello(self, frame);
  if (!st.authenticated) return reject_frame(self, "Say hello with your token first.");
  std::string_view kind{type->get_string().data(), type->get_string().size()};
  if (kind == "conversation.takeover" || kind == "conversation.release" ||
      kind == "conversation.send")
    return conversation_frame(self, kind, frame);
  review_action action;
  std::string error;
  if (!parse_action(frame, action, error)) return reject_frame(self, error);
  action.tenant = st.tenant; // the session's tenant, whatever the frame says
  action.operator_id = st.operator_id;
  auto session = caf::actor_cast<operator_actor>(self);
  self->send(st.context->reviews, review_request{std::move(action), [session](review_ack ack) {
                                                   caf::anon_send(session, std::move(ack));
                                                 }});
}

} // namespace

operator_actor::behavior_type operator_session(operator_pointer self, net::websocket_ptr connection,
                                               std::shared_ptr<api::api_context> context,
                                               std::shared_ptr<std::atomic<int>> frames_in_flight,
                                               operator_session_options options) {
  auto& st = self->state;
  st.connection = std::move(connection);
  st.context = std::move(context);
  st.frames_in_flight = std::move(frames_in_flight);
  st.options = options;
  session_metrics::get().connections.inc();
  self->attach_functor([] { session_metrics::get().connections.dec(); });
  return {
      [=](frame_atom, const std::string& text) {
        self->state.frames_in_flight->fetch_sub(1);
        on_frame(self, text);
      },
      [=](outbound_frame& frame) {
        auto& st = self->state;
        if (!st.authenticated) return;
        auto waited = std::chrono::steady_clock::now() - frame.created;
        session_metrics::get().fanout.observe(
            std::chrono::duration<double, std::milli>(waited).count());
        if (!st.connection->send_text(*frame.text)) {
          session_metrics::get().slow_closes.inc();
          log::warn("operator_too_slow",
                    {{"operator_id", st.operator_id}, {"remote", st.connection->remote()}});
          self->quit();
        }
      },
      [=](review_ack& ack) { self->state.connection->send_text(ack_frame(ack)); },
      [=](close_atom, uint16_t code, const std::string& reason) {
        self->state.connection->close(code, reason);
        self->quit();
      },
      [=](closed_atom) { self->quit(); },
  };
}

net::websocket_handlers operator_handlers(caf::actor_system& system,
                                          std::shared_ptr<api::api_context> context,
                                          operator_session_options options) {
  struct link {
    operator_actor session;
    std::shared_ptr<std::atomic<int>> frames_in_flight = std::make_shared<std::atomic<int>>(0);
  };
  auto shared = std::make_shared<link>();
  net::websocket_handlers handlers;
  // All three run on the connection's strand, one after another: `shared` needs no lock.
  handlers.on_open = [&system, context, options, shared](const net::websocket_ptr& c) {
    shared->session = system.spawn(operator_session, c, context, shared->frames_in_flight, options);
  };
  handlers.on_text = [options, shared](const net::websocket_ptr& c, std::string&& text) {
    if (shared->frames_in_flight->fetch_add(1) >= options.max_frames_in_flight) {
      c->close(1008, "too many frames in flight");
      return;
    }
    caf::anon_send(shared->session, frame_atom_v, std::move(text));
  };
  handlers.on_close = [shared](const net::websocket_ptr&, uint16_t) {
    caf::anon_send(shared->session, closed_atom_v);
  };
  return handlers;
}

} // namespace crm
