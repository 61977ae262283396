#include "actors/review_hub.hpp"

#include "actors/audit_writer.hpp"
#include "actors/guardrail_worker.hpp"
#include "actors/logging.hpp"
#include "actors/tokens.hpp"
#include "net/metrics.hpp"

#include <caf/all.hpp>

#include <algorithm>

namespace crm {

namespace {

struct hub_metrics {
  net::gauge& pending;
  net::gauge& oldest_age;

  static hub_metrics& get() {
    auto& r = net::default_registry();
    static hub_metrics m{
        r.get_gauge("crmd_review_pending", "Reviews waiting for an operator"),
        r.get_gauge("crmd_review_oldest_age_seconds", "Age of the oldest pending review")};
    return m;
  }

  static net::counter& decisions(const std::string& outcome) {
    return net::default_registry().get_counter(
        "crmd_review_decisions_total", "Review decisions by outcome", {{"outcome", outcome}});
  }

  static net::counter& calibration(const std::string& bucket, const std::string& outcome) {
    return net::default_registry().get_counter("review_outcomes_total",
                                               "Reviewed drafts by confidence bucket and outcome",
                                               {{"bucket", bucket}, {"outcome", outcome}});
  }
};

using entry = review_hub_state::entry;

review_ack answer(const review_action& action, std::string result, std::string state,
                  std::string detail = {}) {
  review_ack ack;
  ack.action_id = action.action_id;
  ack.result = std::move(result);
  ack.state = std::move(state);
  ack.detail = std::move(detail);
  return ack;
}

/// O(1): on every change. The oldest age needs a scan, so the one-second tick computes it.
void update_gauges(review_hub_pointer self) {
  hub_metrics::get().pending.set(static_cast<double>(self->state.pending.size()));
}

void update_oldest_age(review_hub_pointer self) {
  auto& pending = self->state.pending;
  int64_t oldest = now_ms();
  for (auto& [token, e] : pending)
    oldest = std::min(oldest, e.row.created_at_ms);
  hub_metrics::get().oldest_age.set(
      pending.empty() ? 0.0 : static_cast<double>(now_ms() - oldest) / 1000.0);
}

/// Adds a pending review to the hub and its tenant's index.
review_hub_state::entry& add_pending(review_hub_pointer self, store::review_row row) {
  auto token = row.event_token;
  self->state.rooms[row.tenant].pending.insert(token);
  auto& e = self->state.pending[token];
  e.row = std::move(row);
  return e;
}

/// Sends one frame to every session of a tenant; the frame is built once.
void publish(review_hub_pointer self, const std::string& tenant,
             const std::function<std::string(uint64_t seq)>& make) {
  auto& room = self->state.rooms[tenant];
  ++room.seq;
  outbound_frame frame{std::make_shared<const std::string>(make(room.seq)),
                       std::chrono::steady_clock::now()};
  for (auto& subscriber : room.subscribers)
    self->send(subscriber.session, frame);
}

/// The ack for an action on a review that is no longer pending (or never was).
review_ack settled_answer(review_hub_pointer self, const review_action& action) {
  auto row = self->state.services.store->find_review(action.event_token);
  // Another tenant's review is reported as absent: its existence is not ours to reveal.
  if (!row || row->tenant != action.tenant)
    return answer(action, "not_found", "", "No review with this event token.");
  if (row->action_id == action.action_id && !row->action_id.empty())
    return answer(action, "duplicate", row->state);
  auto ack = answer(action, "conflict", row->state, "The review was already decided.");
  ack.by = row->decided_by;
  ack.outcome = row->state;
  ack.text = row->final_text;
  return ack;
}

void handle(review_hub_pointer self, review_request request);

/// Ends a decision: the review leaves `pending`, waiting actions get their answers.
void decided(review_hub_pointer self, const std::string& token) {
  auto& pending = self->state.pending;
  auto it = pending.find(token);
  if (it == pending.end()) return;
  auto waiting = std::move(it->second.waiting);
  self->state.rooms[it->second.row.tenant].pending.erase(token);
  pending.erase(it);
  update_gauges(self);
  for (auto& request : waiting)
    handle(self, std::move(request));
}

/// Commits the decision on a pending review, then acks and tells the tenant's operators.
void commit_decision(review_hub_pointer self, const std::string& token, review_request request,
                     std::string outcome, std::string text, std::string reason) {
  auto& e = self->state.pending.at(token);
  const auto& action = request.action;
  auto now = now_ms();
  auto row = e.row;
  row.state = outcome;
  row.version += 1;
  row.decided_by = action.operator_id;
  row.action_id = action.action_id;
  row.final_text = text;
  row.decision_reason = reason;
  row.decided_at_ms = now;

  store::audit_record record;
  record.at_ms = now;
  record.tenant = row.tenant;
  record.client_id = row.customer_id;
  record.event_token = row.event_token;
  record.state = outcome;
  record.channel = row.channel;
  record.input_message = row.input_message;
  record.output_message = text;
  record.intent = row.intent;
  record.classification = row.classification;
  record.confidence = row.confidence;
  record.latency_ms = now - row.created_at_ms;
  record.status = outcome_status(outcome);
  record.reasoning = row.reasoning;
  record.reason = reason;
  record.actor = action.operator_id.empty() ? "system" : action.operator_id;

  store::settlement s;
  s.event_token = row.event_token;
  s.records.push_back(std::move(record));
  s.reviews.push_back(row);
  if (outcome == "approved" || outcome == "edited") {
    store::outbox_row send;
    send.event_token = row.event_token;
    send.tenant = row.tenant;
    send.customer_id = row.customer_id;
    send.channel = row.channel;
    send.text = text;
    send.kind = outcome;
    send.created_at_ms = now;
    s.sends.push_back(std::move(send));
  }
  e.deciding = true;
  self->request(self->state.services.writer, caf::infinite, settle_atom_v, std::move(s))
      .then(
          [=](uint64_t) mutable {
            hub_metrics::decisions(outcome).inc();
            if (outcome != "expired")
              hub_metrics::calibration(confidence_bucket(row.confidence),
                                       outcome == "approved" ? "approved_unchanged" : outcome)
                  .inc();
            publish(self, row.tenant, [&](uint64_t seq) { return resolved_frame(seq, row); });
            if (request.done) request.done(answer(request.action, "ok", outcome));
            decided(self, row.event_token);
          },
          [=](caf::error& err) mutable {
            log::error("review_decision_not_recorded", {{"error", to_string(err)}});
            auto it = self->state.pending.find(row.event_token);
            if (it != self->state.pending.end()) it->second.deciding = false;
            if (request.done)
              request.done(answer(request.action, "invalid", "pending",
                                  "The decision could not be recorded; try again."));
          });
}

/// A lease that has run out is gone, and the others are told.
void drop_lapsed_claim(review_hub_pointer self, entry& e, int64_t now) {
  if (e.claim.by.empty() || e.claim.until_ms > now) return;
  e.claim = {};
  auto token = e.row.event_token;
  publish(self, e.row.tenant, [&](uint64_t seq) { return released_frame(seq, token); });
}

void handle(review_hub_pointer self, review_request request) {
  auto& st = self->state;
  const auto& action = request.action;
  auto reply = [&](review_ack ack) {
    if (request.done) request.done(std::move(ack));
  };
  auto it = st.pending.find(action.event_token);
  if (it == st.pending.end() || it->second.row.tenant != action.tenant)
    return reply(settled_answer(self, action));
  auto& e = it->second;
  if (e.deciding) {
    e.waiting.push_back(std::move(request));
    return;
  }
  auto now = now_ms();
  drop_lapsed_claim(self, e, now);
  bool held_by_other = !e.claim.by.empty() && e.claim.by != action.operator_id;
  if (held_by_other) {
    auto ack = answer(action, "conflict", "pending", "Another operator holds this review.");
    ack.by = e.claim.by;
    ack.until_ms = e.claim.until_ms;
    return reply(std::move(ack));
  }
  if (action.type == "claim") {
    e.claim = {action.operator_id, now + st.options.lease.count()};
    auto token = e.row.event_token;
    auto claim = e.claim;
    publish(self, e.row.tenant, [&](uint64_t seq) { return claimed_frame(seq, token, claim); });
    auto ack = answer(action, "ok", "pending");
    ack.until_ms = claim.until_ms;
    return reply(std::move(ack));
  }
  if (action.type == "release") {
    if (!e.claim.by.empty()) {
      e.claim = {};
      auto token = e.row.event_token;
      publish(self, e.row.tenant, [&](uint64_t seq) { return released_frame(seq, token); });
    }
    return reply(answer(action, "ok", "pending"));
  }
  auto token = e.row.event_token;
  if (action.type == "approve") {
    if (e.row.draft.empty())
      return reply(answer(action, "invalid", "pending",
                          "There is no draft to approve; send an edit instead."));
    auto draft = e.row.draft;
    return commit_decision(self, token, std::move(request), "approved", draft, "");
  }
  if (action.type == "reject")
    return commit_decision(self, token, std::move(request), "rejected", "", action.reason);
  // edit: the operator's text passes the output guardrail like any draft, unless forced.
  e.deciding = true;
  auto text = action.text;
  auto tenant = e.row.tenant;
  self->request(st.services.guards->next(), st.options.screen_timeout, screen_atom_v, tenant, text)
      .then(
          [=](screen_verdict& verdict) mutable {
            auto found = self->state.pending.find(token);
            if (found == self->state.pending.end()) return;
            found->second.deciding = false;
            if (verdict.flagged() && !request.action.force) {
              auto ack = answer(request.action, "invalid", "pending",
                                "The edited text trips a guardrail; change it, or send it with "
                                "\"force\": true.");
              ack.categories = verdict.categories;
              if (request.done) request.done(std::move(ack));
              auto waiting = std::move(found->second.waiting);
              for (auto& next : waiting)
                handle(self, std::move(next));
              return;
            }
            auto reason = verdict.flagged() ? std::string{"forced"} : std::string{};
            commit_decision(self, token, std::move(request), "edited", text, reason);
          },
          [=](caf::error& err) mutable {
            auto found = self->state.pending.find(token);
            if (found != self->state.pending.end()) found->second.deciding = false;
            if (request.done)
              request.done(answer(request.action, "invalid", "pending",
                                  "The edited text could not be screened: " + to_string(err)));
          });
}

void expire_due(review_hub_pointer self) {
  auto now = now_ms();
  std::vector<std::string> due;
  for (auto& [token, e] : self->state.pending) {
    if (e.deciding) continue;
    drop_lapsed_claim(self, e, now);
    if (e.row.expires_at_ms <= now) due.push_back(token);
  }
  for (auto& token : due) {
    review_request request;
    request.action.type = "expire";
    request.action.event_token = token;
    request.action.action_id = "expiry";
    request.action.operator_id = "system";
    commit_decision(self, token, std::move(request), "expired", "", "review_ttl");
  }
  update_oldest_age(self);
}

void load_pending(review_hub_pointer self) {
  auto rows = self->state.services.store->reviews("", "pending", 10'000'000);
  for (auto& row : rows)
    add_pending(self, std::move(row));
  if (!rows.empty()) log::info("pending_reviews_loaded", {{"count", std::to_string(rows.size())}});
  update_gauges(self);
}

} // namespace

std::string outcome_status(const std::string& outcome) {
  if (outcome.empty()) return outcome;
  auto status = outcome;
  status[0] = static_cast<char>(status[0] - 'a' + 'A');
  return status;
}

std::string confidence_bucket(int confidence) {
  auto c = std::clamp(confidence, 0, 100);
  auto low = std::min(c / 10 * 10, 90);
  return std::to_string(low) + "-" + std::to_string(low == 90 ? 100 : low + 9);
}

review_hub_actor::behavior_type review_hub(review_hub_pointer self, review_hub_services services,
                                           review_hub_options options) {
  self->state.services = services;
  self->state.options = options;
  load_pending(self);
  self->delayed_send(self, options.tick, tick_atom_v);
  // A session that ends leaves its room.
  self->set_down_handler([self](caf::down_msg& msg) {
    for (auto& [tenant, room] : self->state.rooms) {
      auto& subs = room.subscribers;
      subs.erase(std::remove_if(subs.begin(), subs.end(),
                                [&](auto& s) { return s.session.address() == msg.source; }),
                 subs.end());
    }
  });
  return {
      [=](review_added_atom, store::review_row& row) {
        auto tenant = row.tenant;
        auto& e = add_pending(self, std::move(row));
        publish(self, tenant, [&](uint64_t seq) { return added_frame(seq, e.row); });
        update_gauges(self);
      },
      [=](review_request& request) { handle(self, std::move(request)); },
      [=](subscribe_atom, std::string& tenant, std::string& operator_id, uint64_t,
          operator_actor& session) {
        auto& room = self->state.rooms[tenant];
        self->monitor(session);
        room.subscribers.push_back({operator_id, session});
        // The snapshot is the resync: the tenant's pending reviews as of `seq`.
        std::vector<boost::json::object> reviews;
        auto now = now_ms();
        for (auto& token : room.pending) {
          auto& e = self->state.pending.at(token);
          auto claim = e.claim.until_ms > now ? e.claim : review_claim{};
          reviews.push_back(review_json(e.row, claim));
        }
        std::sort(reviews.begin(), reviews.end(), [](auto& a, auto& b) {
          return a.at("created_at").as_string() < b.at("created_at").as_string();
        });
        self->send(session, outbound_frame{std::make_shared<const std::string>(
                                               snapshot_frame(room.seq, reviews)),
                                           std::chrono::steady_clock::now()});
      },
      [=](revoke_atom, const std::string& operator_id) {
        for (auto& [tenant, room] : self->state.rooms)
          for (auto& s : room.subscribers)
            if (s.operator_id == operator_id)
              self->send(s.session, close_atom_v, uint16_t{1008}, std::string{"token revoked"});
      },
      [=](tick_atom) {
        expire_due(self);
        self->delayed_send(self, self->state.options.tick, tick_atom_v);
      },
      [=](stats_atom, const std::string& tenant) {
        if (tenant.empty()) return static_cast<uint64_t>(self->state.pending.size());
        return static_cast<uint64_t>(self->state.rooms[tenant].pending.size());
      },
  };
}

} // namespace crm
