#include "actors/conversation.hpp"

#include <caf/all.hpp>

namespace crm {

std::string conversation_key(const std::string& tenant, const std::string& customer_id) {
  std::string key;
  key.reserve(tenant.size() + 1 + customer_id.size());
  key.append(tenant).push_back('\0');
  key.append(customer_id);
  return key;
}

conversation_actor::behavior_type conversation(conversation_pointer self, std::string key,
                                               ingress_actor ingress, admission_control* admission,
                                               conversation_options options) {
  auto& st = self->state;
  st.key = std::move(key);
  st.ingress = std::move(ingress);
  st.admission = admission;
  st.options = options;
  st.last_activity = self->clock().now();
  self->delayed_send(self, options.idle_after, idle_atom_v);
  return {
      [=](process_atom, store::inbound_message& message) {
        auto& st = self->state;
        st.recent.push_back({message.event_token, std::move(message.text)});
        while (st.recent.size() > st.options.max_recent_turns)
          st.recent.pop_front();
        st.last_activity = self->clock().now();
        st.idle_reported = false;
        st.admission->release(1);
      },
      [=](idle_atom) {
        auto& st = self->state;
        auto idle_for = self->clock().now() - st.last_activity;
        if (idle_for >= st.options.idle_after) {
          if (!st.idle_reported) self->send(st.ingress, idle_atom_v, st.key);
          st.idle_reported = true;
        }
        self->delayed_send(self, st.options.idle_after, idle_atom_v);
      },
      [=](passivate_atom) { self->quit(); },
  };
}

} // namespace crm
