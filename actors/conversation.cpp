#include "actors/conversation.hpp"

#include "actors/audit_writer.hpp"
#include "actors/guardrail_worker.hpp"
#include "actors/logging.hpp"
#include "actors/tenant_directory.hpp"
#include "actors/tokens.hpp"
#include "net/metrics.hpp"

#include <caf/all.hpp>

namespace crm {

namespace {

net::counter& requests(const std::string& status) {
  return net::default_registry().get_counter(
      "ai_requests_total", "Screened customer messages by audit status", {{"status", status}});
}

net::counter& violations(const std::string& type) {
  return net::default_registry().get_counter("security_violations_total",
                                             "Flagged customer messages by guardrail category",
                                             {{"type", type}});
}

void start_next(conversation_pointer self);

/// The front message is done (whatever happened to it): return its credit, take the next.
void finish(conversation_pointer self) {
  auto& st = self->state;
  st.queue.pop_front();
  st.services.admission->release(1);
  st.last_activity = self->clock().now();
  st.busy = false;
  start_next(self);
}

void remember(conversation_state& st, const store::inbound_message& message) {
  st.recent.push_back({message.event_token, message.text});
  while (st.recent.size() > st.options.max_recent_turns)
    st.recent.pop_front();
}

void on_screened(conversation_pointer self, const screen_verdict& verdict) {
  auto& st = self->state;
  const auto& message = st.queue.front();
  auto tenant = st.services.tenants->find(message.tenant);
  const std::string* canned = tenant ? canned_answer(verdict, tenant->config) : nullptr;
  auto records = screening_records(message, verdict, canned ? *canned : std::string{}, now_ms());
  requests(records.front().status).inc();
  for (auto& category : verdict.categories)
    violations(category).inc();
  if (!verdict.flagged()) remember(st, message);
  self->request(st.services.writer, caf::infinite, append_atom_v, std::move(records))
      .then([=](uint64_t) { finish(self); },
            [=](caf::error& err) {
              // The message stays durable at `received`; recovery re-screens it.
              log::error("screening_not_recorded", {{"error", to_string(err)}});
              finish(self);
            });
}

void start_next(conversation_pointer self) {
  auto& st = self->state;
  if (st.busy) return;
  if (st.queue.empty()) {
    if (st.passivating) self->quit();
    return;
  }
  st.busy = true;
  const auto& message = st.queue.front();
  if (message.text.empty()) {
    // Nothing to screen (media without caption): it stays at `received` for a human.
    finish(self);
    return;
  }
  self->request(st.services.guards->next(), st.options.screen_timeout, screen_atom_v,
                message.tenant, message.text)
      .then([=](screen_verdict& verdict) { on_screened(self, verdict); },
            [=](caf::error& err) {
              log::warn("screening_failed", {{"error", to_string(err)}});
              screen_verdict failed;
              failed.classification = "security_violation";
              failed.scan_failed = true; // fail closed: no answer is better than a wrong one
              on_screened(self, failed);
            });
}

} // namespace

std::string conversation_key(const std::string& tenant, const std::string& customer_id) {
  std::string key;
  key.reserve(tenant.size() + 1 + customer_id.size());
  key.append(tenant).push_back('\0');
  key.append(customer_id);
  return key;
}

std::vector<store::audit_record> screening_records(const store::inbound_message& message,
                                                   const screen_verdict& verdict,
                                                   const std::string& canned_answer,
                                                   int64_t now_ms) {
  auto screened = record_for(message, "screened", now_ms);
  screened.classification = verdict.classification;
  screened.confidence = 100; // deterministic rules: certain of what they matched
  screened.latency_ms = now_ms - message.received_at_ms;
  screened.status = verdict.flagged() ? "Blocked" : "Passed";
  screened.triggered_keywords = verdict.triggered_keywords;
  screened.config_version = verdict.config_version;
  std::string categories;
  for (auto& c : verdict.categories)
    categories += (categories.empty() ? "" : ",") + c;
  screened.reasoning =
      verdict.flagged() ? "guardrail matched: " + categories : "guardrail: no match";
  if (verdict.scan_failed) screened.reason = "scan_failed";
  std::vector<store::audit_record> records{screened};
  if (verdict.flagged()) {
    auto answer = screened;
    answer.state = verdict.classification == "out_of_scope" ? "out_of_scope" : "blocked";
    answer.output_message = canned_answer; // the tenant's own words, never the customer's
    records.push_back(std::move(answer));
  }
  return records;
}

conversation_actor::behavior_type conversation(conversation_pointer self, std::string key,
                                               ingress_actor ingress,
                                               conversation_services services,
                                               conversation_options options) {
  auto& st = self->state;
  st.key = std::move(key);
  st.ingress = std::move(ingress);
  st.services = std::move(services);
  st.options = options;
  st.last_activity = self->clock().now();
  self->delayed_send(self, options.idle_after, idle_atom_v);
  return {
      [=](process_atom, store::inbound_message& message) {
        auto& st = self->state;
        st.queue.push_back(std::move(message));
        st.idle_reported = false;
        start_next(self);
      },
      [=](idle_atom) {
        auto& st = self->state;
        auto idle_for = self->clock().now() - st.last_activity;
        if (!st.busy && idle_for >= st.options.idle_after) {
          if (!st.idle_reported) self->send(st.ingress, idle_atom_v, st.key);
          st.idle_reported = true;
        }
        self->delayed_send(self, st.options.idle_after, idle_atom_v);
      },
      [=](passivate_atom) {
        self->state.passivating = true;
        start_next(self);
      },
  };
}

} // namespace crm
