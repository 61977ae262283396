#include "actors/conversation.hpp"

#include "actors/drafting/builtin_responder.hpp"
#include "actors/drafting/prompt.hpp"
#include "actors/guardrail_worker.hpp"
#include "actors/logging.hpp"
#include "actors/tenant_directory.hpp"
#include "actors/tokens.hpp"
#include "net/metrics.hpp"
#include "store/node_store.hpp"

#include <caf/all.hpp>

#include <atomic>

namespace crm {

namespace {

using tenant_ptr = std::shared_ptr<const tenant_snapshot>;

struct decision_metrics {
  net::counter& auto_approved;
  net::histogram& confidence;
  net::gauge& average_latency;
  std::atomic<int64_t> latency_sum{0};
  std::atomic<int64_t> latency_count{0};

  static decision_metrics& get() {
    auto& r = net::default_registry();
    static decision_metrics m{
        r.get_counter("auto_approved_total", "Drafts sent without human review"),
        r.get_histogram("confidence_histogram", "Confidence (0-100) of drafts",
                        {10, 20, 30, 40, 50, 60, 70, 80, 90, 100}),
        r.get_gauge("average_latency_ms",
                    "Mean time from acceptance to decision of drafted messages")};
    return m;
  }

  void observe_latency(int64_t ms) {
    auto sum = latency_sum.fetch_add(ms) + ms;
    auto count = latency_count.fetch_add(1) + 1;
    average_latency.set(static_cast<double>(sum) / static_cast<double>(count));
  }

  static net::counter& manual_reviews(const std::string& reason) {
    return net::default_registry().get_counter(
        "manual_reviews_total", "Messages sent to human review by reason", {{"reason", reason}});
  }

  static net::counter& requests(const std::string& status) {
    return net::default_registry().get_counter(
        "ai_requests_total", "Customer messages by final audit status", {{"status", status}});
  }

  static net::counter& violations(const std::string& type) {
    return net::default_registry().get_counter("security_violations_total",
                                               "Flagged customer messages by guardrail category",
                                               {{"type", type}});
  }
};

void start_next(conversation_pointer self);

const store::inbound_message& current(conversation_pointer self) {
  return self->state.queue.front().message;
}

/// The front message is done (whatever happened to it): return its credit, take the next.
void finish(conversation_pointer self) {
  auto& st = self->state;
  st.queue.erase(st.queue.begin());
  if (st.queue.empty()) st.queue.shrink_to_fit(); // an idle conversation holds no buffer
  st.services.admission->release(1);
  st.last_activity = self->clock().now();
  st.busy = false;
  start_next(self);
}

void remember(conversation_state& st, bool from_customer, const std::string& text) {
  st.recent.push_back({from_customer, text});
  if (st.recent.size() > st.options.max_recent_turns)
    st.recent.erase(st.recent.begin(),
                    st.recent.end() - static_cast<std::ptrdiff_t>(st.options.max_recent_turns));
}

/// Commits the message's last writes, then moves on. A failed commit leaves the message
/// unsettled in the inbox: the next start resumes it.
void settle(conversation_pointer self, store::settlement settlement) {
  auto& st = self->state;
  auto reviews = settlement.reviews;
  self->request(st.services.writer, caf::infinite, settle_atom_v, std::move(settlement))
      .then(
          [=](uint64_t) mutable {
            // Committed: operators may see it now (a crash before this loses nothing: the hub
            // loads every pending review at start).
            if (self->state.services.reviews)
              for (auto& review : reviews)
                self->send(self->state.services.reviews, review_added_atom_v, std::move(review));
            finish(self);
          },
          [=](caf::error& err) {
            log::error("settlement_not_recorded", {{"error", to_string(err)}});
            finish(self);
          });
}

/// Appends records that are not the last of the message; the writer keeps their order ahead of
/// the settlement, and a lost append only means the message is resumed from an earlier state.
void record(conversation_pointer self, std::vector<store::audit_record> records) {
  self->request(self->state.services.writer, caf::infinite, append_atom_v, std::move(records))
      .then([](uint64_t) {},
            [](caf::error& err) {
              log::error("transition_not_recorded", {{"error", to_string(err)}});
            });
}

void screen(conversation_pointer self, const std::string& text,
            std::function<void(screen_verdict)> next) {
  auto& st = self->state;
  self->request(st.services.guards->next(), st.options.screen_timeout, screen_atom_v,
                current(self).tenant, text)
      .then([next](screen_verdict& verdict) { next(std::move(verdict)); },
            [next](caf::error& err) {
              log::warn("screening_failed", {{"error", to_string(err)}});
              screen_verdict failed;
              failed.classification = "security_violation";
              failed.scan_failed = true; // fail closed: no answer is better than a wrong one
              next(std::move(failed));
            });
}

void decide_on(conversation_pointer self, const tenant_ptr& tenant, draft_result draft,
               screen_verdict draft_verdict, uint64_t generation) {
  auto& st = self->state;
  if (generation != st.generation) return; // settled meanwhile (takeover)
  const auto& message = current(self);
  auto now = now_ms();
  if (!st.taken_over_by.empty()) // taken over while the draft was screened: a human answers
    return settle(self, takeover_settlement(message, nullptr, tenant->config, now));
  draft_outcome outcome;
  outcome.end_to_end_ms = now - message.received_at_ms;
  outcome.config_version = tenant->version;
  drafting::llm_draft parsed;
  parsed.reply = draft.reply;
  parsed.scope = draft.scope;
  parsed.confidence = draft.confidence;
  drafting::decision_input in;
  in.draft = draft.ok() ? &parsed : nullptr;
  in.failure = draft.ok()                          ? drafting::draft_failure::none
               : draft.failure == "llm_overloaded" ? drafting::draft_failure::overloaded
                                                   : drafting::draft_failure::error;
  in.draft_flagged = draft_verdict.flagged();
  in.auto_send_threshold = tenant->config.auto_send_threshold;
  in.latency_ms = outcome.end_to_end_ms;
  in.latency_budget_ms = tenant->config.latency_budget_ms;
  outcome.decision = drafting::decide(in);
  outcome.draft = std::move(draft);
  outcome.draft_verdict = std::move(draft_verdict);

  auto& metrics = decision_metrics::get();
  decision_metrics::requests(outcome.decision.status).inc();
  metrics.observe_latency(outcome.end_to_end_ms);
  if (outcome.draft.ok()) metrics.confidence.observe(outcome.draft.confidence);
  if (outcome.decision.state == "auto_approved") {
    metrics.auto_approved.inc();
    remember(st, false, outcome.draft.reply);
  } else if (outcome.decision.state == "pending_review") {
    decision_metrics::manual_reviews(outcome.decision.reason).inc();
  }
  settle(self, decision_settlement(message, outcome, tenant->config, now));
}

/// Output audit: the draft is screened like a customer message before anyone may send it.
void on_drafted(conversation_pointer self, const tenant_ptr& tenant, draft_result draft,
                uint64_t generation) {
  if (generation != self->state.generation) return; // settled meanwhile (takeover)
  self->state.drafting = false;
  if (!draft.ok() || draft.reply.empty()) {
    if (draft.ok()) draft.failure = "llm_error", draft.detail = "the draft is empty";
    return decide_on(self, tenant, std::move(draft), screen_verdict{}, generation);
  }
  auto text = draft.reply;
  screen(self, text, [=](screen_verdict verdict) mutable {
    decide_on(self, tenant, std::move(draft), std::move(verdict), generation);
  });
}

std::vector<drafting::turn> prompt_turns(const conversation_state& st) {
  std::vector<drafting::turn> turns;
  turns.reserve(st.recent.size());
  for (auto& t : st.recent)
    turns.push_back({t.from_customer, t.text});
  return turns;
}

void draft(conversation_pointer self, const tenant_ptr& tenant) {
  auto& st = self->state;
  const auto& message = current(self);
  const auto& llm = tenant->config.llm;
  if (llm.base_url.empty() || !st.services.inference) {
    auto answer = drafting::builtin_draft(tenant->config, message.text);
    draft_result result;
    result.reply = std::move(answer.reply);
    result.intent = std::move(answer.intent);
    result.scope = std::move(answer.scope);
    result.confidence = answer.confidence;
    result.reasoning = std::move(answer.reasoning);
    return on_drafted(self, tenant, std::move(result), st.generation);
  }
  draft_request request;
  request.tenant = message.tenant;
  request.event_token = message.event_token;
  request.base_url = llm.base_url;
  request.api_key = tenant->llm_api_key;
  request.timeout_ms = llm.timeout_ms;
  request.max_in_flight = llm.max_in_flight;
  auto turns = prompt_turns(st);
  // The current message is the prompt's last turn, not part of its history.
  if (!turns.empty() && turns.back().from_customer && turns.back().text == message.text)
    turns.pop_back();
  request.body = drafting::chat_request_body(
      llm.model, drafting::build_prompt(tenant->config, turns, message.text));
  auto wait = std::chrono::milliseconds{llm.timeout_ms} + st.options.draft_grace;
  auto generation = st.generation;
  st.drafting = true;
  self->request(st.services.inference, wait, draft_atom_v, std::move(request))
      .then([=](draft_result& result) { on_drafted(self, tenant, std::move(result), generation); },
            [=](caf::error& err) {
              draft_result failed;
              failed.failure = "llm_error";
              failed.detail = "inference pool: " + to_string(err);
              on_drafted(self, tenant, std::move(failed), generation);
            });
}

void on_screened(conversation_pointer self, const tenant_ptr& tenant,
                 const screen_verdict& verdict) {
  auto& st = self->state;
  const auto& message = current(self);
  auto now = now_ms();
  if (!st.taken_over_by.empty()) // a human answers: screened for them, never drafted or sent
    return settle(self, takeover_settlement(message, &verdict, tenant->config, now));
  if (verdict.flagged()) {
    decision_metrics::requests("Blocked").inc();
    for (auto& category : verdict.categories)
      decision_metrics::violations(category).inc();
    const std::string* canned = canned_answer(verdict, tenant->config);
    return settle(self, flagged_settlement(message, verdict, canned ? *canned : "", now));
  }
  remember(st, true, message.text);
  auto records = screening_records(message, verdict, "", now);
  records.push_back(drafting_record(message, tenant->version, "", now));
  record(self, std::move(records));
  draft(self, tenant);
}

void start_next(conversation_pointer self) {
  auto& st = self->state;
  if (st.busy) return;
  if (st.queue.empty()) {
    if (st.passivating) self->quit();
    return;
  }
  st.busy = true;
  const auto& work = st.queue.front();
  const auto& message = work.message;
  auto tenant = st.services.tenants->find(message.tenant);
  if (!tenant) {
    // Tenants are never deleted; a message of an unknown one stays unsettled for a later start.
    log::error("conversation_unknown_tenant", {{"tenant", message.tenant}});
    return finish(self);
  }
  if (!work.resume_state.empty() && is_settled_state(work.resume_state))
    return settle(self, silent_settlement(message));
  if (message.text.empty())
    return settle(self, unsupported_settlement(message, tenant->config, now_ms()));
  if (work.resume_state.empty() || work.resume_state == "received") {
    auto text = message.text;
    return screen(self, text, [=](screen_verdict verdict) { on_screened(self, tenant, verdict); });
  }
  // Screened in-scope before a crash (flagged messages settle with their screening): the draft
  // is made again; nothing was sent, since sends are recorded only with a settlement.
  if (!st.taken_over_by.empty())
    return settle(self, takeover_settlement(message, nullptr, tenant->config, now_ms()));
  remember(st, true, message.text);
  record(self, {drafting_record(message, tenant->version, "resumed", now_ms())});
  draft(self, tenant);
}

/// A human takes over (or hands back). A draft in flight is abandoned at once: its message goes
/// to the operators instead, and the late answer is ignored (generation).
void take_over(conversation_pointer self, std::string operator_id) {
  auto& st = self->state;
  st.taken_over_by = std::move(operator_id);
  if (st.taken_over_by.empty() || !st.busy || !st.drafting) return;
  auto tenant = st.services.tenants->find(current(self).tenant);
  if (!tenant) return;
  ++st.generation;
  st.drafting = false;
  if (st.services.inference)
    self->send(st.services.inference, cancel_atom_v, current(self).event_token);
  log::info("draft_cancelled_by_takeover", {{"event_token", current(self).event_token}});
  settle(self, takeover_settlement(current(self), nullptr, tenant->config, now_ms()));
}

void enqueue(conversation_pointer self, conversation_work work) {
  auto& st = self->state;
  st.queue.push_back(std::move(work));
  st.idle_reported = false;
  start_next(self);
}

} // namespace

std::string conversation_key(const std::string& tenant, const std::string& customer_id) {
  std::string key;
  key.reserve(tenant.size() + 1 + customer_id.size());
  key.append(tenant).push_back('\0');
  key.append(customer_id);
  return key;
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
  if (st.services.store) {
    auto separator = st.key.find('\0');
    if (auto row = st.services.store->find_takeover(st.key.substr(0, separator),
                                                    st.key.substr(separator + 1)))
      st.taken_over_by = row->operator_id;
  }
  self->delayed_send(self, options.idle_after, idle_atom_v);
  return {
      [=](process_atom, store::inbound_message& message) {
        enqueue(self, {std::move(message), {}});
      },
      [=](resume_atom, store::inbound_message& message, std::string& state) {
        enqueue(self, {std::move(message), std::move(state)});
      },
      [=](takeover_atom, std::string& operator_id) { take_over(self, std::move(operator_id)); },
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
