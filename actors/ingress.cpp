#include "actors/ingress.hpp"

#include "actors/logging.hpp"
#include "net/metrics.hpp"

#include <caf/all.hpp>

namespace crm {

namespace {

net::gauge& live_conversations_gauge() {
  static auto& g = net::default_registry().get_gauge(
      "crmd_conversations_live", "Conversations with a live actor (not passivated)");
  return g;
}

conversation_actor& conversation_of(ingress_pointer self, const std::string& tenant,
                                    const std::string& customer_id) {
  auto& st = self->state;
  auto key = conversation_key(tenant, customer_id);
  auto it = st.conversations.find(key);
  if (it == st.conversations.end()) {
    auto handle = self->spawn<caf::linked>(conversation, key, caf::actor_cast<ingress_actor>(self),
                                           st.services, st.conversation_settings);
    it = st.conversations.emplace(std::move(key), std::move(handle)).first;
    live_conversations_gauge().set(static_cast<double>(st.conversations.size()));
  }
  return it->second;
}

void route(ingress_pointer self, store::inbound_message message) {
  auto& target = conversation_of(self, message.tenant, message.customer_id);
  self->send(target, process_atom_v, std::move(message));
}

} // namespace

ingress_actor::behavior_type ingress(ingress_pointer self, conversation_services services,
                                     conversation_options conversation_settings) {
  self->state.services = std::move(services);
  self->state.conversation_settings = conversation_settings;
  return {
      [=](ingest_request& request) {
        auto messages = request.messages;
        auto done = std::move(request.done);
        self->request(self->state.services.writer, caf::infinite, ingest_atom_v,
                      std::move(request.messages), std::move(request.statuses))
            .then(
                [=](std::vector<store::ingest_outcome>& outcomes) mutable {
                  done(outcomes, {});
                  for (size_t i = 0; i < messages.size(); ++i) {
                    if (outcomes[i].duplicate)
                      self->state.services.admission->release(1);
                    else
                      route(self, std::move(messages[i]));
                  }
                },
                [=](caf::error& err) {
                  log::error("ingest_failed", {{"error", to_string(err)}});
                  done({}, std::make_error_code(std::errc::io_error));
                  self->state.services.admission->release(messages.size());
                });
      },
      [=](resume_atom, store::inbound_message& message, std::string& state) {
        auto& target = conversation_of(self, message.tenant, message.customer_id);
        self->send(target, resume_atom_v, std::move(message), std::move(state));
      },
      [=](takeover_atom, const std::string& tenant, const std::string& customer,
          std::string& operator_id) {
        self->send(conversation_of(self, tenant, customer), takeover_atom_v,
                   std::move(operator_id));
      },
      [=](idle_atom, const std::string& key) {
        auto& st = self->state;
        auto it = st.conversations.find(key);
        // A late report from an already passivated predecessor must not stop its successor.
        if (it == st.conversations.end() || self->current_sender() != it->second.address()) return;
        // Everything routed to it so far is already in its mailbox ahead of this message.
        self->send(it->second, passivate_atom_v);
        st.conversations.erase(it);
        live_conversations_gauge().set(static_cast<double>(st.conversations.size()));
      },
      [=](stats_atom) { return static_cast<uint64_t>(self->state.conversations.size()); },
  };
}

} // namespace crm
