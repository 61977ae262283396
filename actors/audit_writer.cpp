#include "actors/audit_writer.hpp"

#include "actors/logging.hpp"
#include "actors/tokens.hpp"
#include "net/metrics.hpp"

#include <caf/all.hpp>

namespace crm {

namespace {

struct writer_metrics {
  net::histogram& commit_latency;
  net::histogram& batch_records;
  net::counter& commit_errors;

  static writer_metrics& get() {
    auto& r = net::default_registry();
    static writer_metrics m{
        r.get_histogram("crmd_store_commit_latency_ms",
                        "LMDB group commit latency (fsync included)",
                        net::exponential_buckets(0.05, 2, 14)),
        r.get_histogram("crmd_store_commit_batch_records", "Records per LMDB group commit",
                        net::exponential_buckets(1, 2, 14)),
        r.get_counter("crmd_store_commit_errors_total", "LMDB commits that failed")};
    return m;
  }
};

caf::error to_caf_error(std::error_code ec) {
  return caf::make_error(caf::sec::runtime_error, "store: " + ec.message());
}

/// Opens the group commit if none is open; false (and logs) when LMDB refuses.
bool ensure_batch(audit_writer_pointer self, std::error_code& ec) {
  auto& st = self->state;
  if (st.batch) return true;
  auto batch = st.store->begin_write(ec);
  if (ec) {
    log::error("store_begin_failed", {{"error", ec.message()}});
    return false;
  }
  st.batch.emplace(std::move(batch));
  st.batch_records = 0;
  return true;
}

void commit(audit_writer_pointer self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (!st.batch) return;
  auto& metrics = writer_metrics::get();
  auto started = std::chrono::steady_clock::now();
  auto ec = st.batch->commit();
  auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  metrics.commit_latency.observe(elapsed.count());
  metrics.batch_records.observe(static_cast<double>(st.batch_records));
  if (ec) {
    metrics.commit_errors.inc();
    log::error("store_commit_failed", {{"error", ec.message()}});
  }
  st.batch.reset();
  auto completions = std::move(st.on_commit);
  st.on_commit.clear();
  for (auto& done : completions)
    done(ec);
}

/// Registers work in the open batch and makes sure a commit follows it.
void after_commit(audit_writer_pointer self, size_t records,
                  std::function<void(std::error_code)> done) {
  auto& st = self->state;
  st.on_commit.push_back(std::move(done));
  st.batch_records += records;
  if (st.batch_records >= st.options.max_batch_records) {
    commit(self); // bounded batch: do not let one commit grow without limit
  } else if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    self->send(self, flush_atom_v);
  }
}

} // namespace

store::audit_record record_for(const store::inbound_message& message, std::string state,
                               int64_t at_ms) {
  store::audit_record record;
  record.at_ms = at_ms;
  record.tenant = message.tenant;
  record.client_id = message.customer_id;
  record.event_token = message.event_token;
  record.state = std::move(state);
  record.channel = message.channel;
  record.message_id = message.message_id;
  record.actor = "system";
  return record;
}

audit_writer_actor::behavior_type audit_writer(audit_writer_pointer self, store::node_store* store,
                                               audit_writer_options options) {
  self->state.store = store;
  self->state.options = options;
  self->delayed_send(self, options.sweep_interval, sweep_atom_v);
  // On shutdown, whatever is gathered still commits before the writer quits: its senders are
  // waiting for exactly that.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    commit(self);
    self->quit(msg.reason);
  });
  return {
      [=](ingest_atom, std::vector<store::inbound_message>& messages,
          std::vector<store::audit_record>& statuses)
          -> caf::result<std::vector<store::ingest_outcome>> {
        std::error_code ec;
        if (!ensure_batch(self, ec)) return to_caf_error(ec);
        auto outcomes = std::make_shared<std::vector<store::ingest_outcome>>();
        outcomes->reserve(messages.size());
        auto at = now_ms();
        for (auto& message : messages) {
          auto received = record_for(message, "received", at);
          received.input_message = message.text;
          received.reason = message.type == "text" ? "" : "type:" + message.type;
          outcomes->push_back(self->state.batch->ingest(message, received));
        }
        for (auto& status : statuses)
          self->state.batch->append(status);
        auto rp = self->make_response_promise<std::vector<store::ingest_outcome>>();
        after_commit(self, messages.size() + statuses.size(),
                     [rp, outcomes](std::error_code ec) mutable {
                       if (ec)
                         rp.deliver(to_caf_error(ec));
                       else
                         rp.deliver(std::move(*outcomes));
                     });
        return rp;
      },
      [=](append_atom, std::vector<store::audit_record>& records) -> caf::result<uint64_t> {
        std::error_code ec;
        if (!ensure_batch(self, ec)) return to_caf_error(ec);
        for (auto& record : records)
          self->state.batch->append(record);
        auto last = records.empty() ? uint64_t{0} : records.back().seq;
        auto rp = self->make_response_promise<uint64_t>();
        after_commit(self, records.size(), [rp, last](std::error_code ec) mutable {
          if (ec)
            rp.deliver(to_caf_error(ec));
          else
            rp.deliver(last);
        });
        return rp;
      },
      [=](settle_atom, store::settlement& s) -> caf::result<uint64_t> {
        std::error_code ec;
        if (!ensure_batch(self, ec)) return to_caf_error(ec);
        self->state.batch->settle(s);
        auto last = s.records.empty() ? uint64_t{0} : s.records.back().seq;
        auto rp = self->make_response_promise<uint64_t>();
        after_commit(self, s.records.size() + 1, [rp, last](std::error_code ec) mutable {
          if (ec)
            rp.deliver(to_caf_error(ec));
          else
            rp.deliver(last);
        });
        return rp;
      },
      [=](write_job& job) {
        std::error_code ec;
        if (!ensure_batch(self, ec)) {
          if (job.done) job.done(ec);
          return;
        }
        auto job_ec = job.apply(*self->state.batch);
        after_commit(self, 1, [job_ec, done = std::move(job.done)](std::error_code commit_ec) {
          if (done) done(commit_ec ? commit_ec : job_ec);
        });
      },
      [=](flush_atom) { commit(self); },
      [=](sweep_atom) {
        std::error_code ec;
        if (ensure_batch(self, ec)) {
          auto cutoff = now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(
                                       self->state.options.dedupe_retention)
                                       .count();
          auto expired = self->state.batch->expire_dedupe(cutoff, 10'000);
          after_commit(self, expired, [expired](std::error_code ec) {
            if (!ec && expired > 0)
              log::info("dedupe_expired", {{"rows", std::to_string(expired)}});
          });
        }
        self->delayed_send(self, self->state.options.sweep_interval, sweep_atom_v);
      },
  };
}

} // namespace crm
