#include "actors/inference_pool.hpp"

#include "actors/drafting/reply_parser.hpp"
#include "actors/logging.hpp"
#include "net/async_http_client.hpp"
#include "net/metrics.hpp"

#include <caf/all.hpp>

#include <algorithm>

namespace crm {

namespace {

using clock = inference_state::clock;

struct pool_metrics {
  net::gauge& in_flight;
  net::gauge& queued;
  net::counter& retries;
  net::counter& tokens;
  net::histogram& latency;

  static pool_metrics& get() {
    auto& r = net::default_registry();
    static pool_metrics m{
        r.get_gauge("crmd_inference_in_flight", "LLM requests out (sent or backing off)"),
        r.get_gauge("crmd_inference_queued", "LLM requests waiting for a tenant slot"),
        r.get_counter("crmd_inference_retries_total", "LLM requests sent again after a failure"),
        r.get_counter("crmd_llm_tokens_total", "Tokens used by LLM drafts (usage.total_tokens)"),
        r.get_histogram("crmd_llm_latency_ms", "LLM draft latency, retries included",
                        net::exponential_buckets(5, 2, 14))};
    return m;
  }

  static net::counter& results(const std::string& result) {
    return net::default_registry().get_counter(
        "crmd_inference_requests_total", "LLM draft requests by result", {{"result", result}});
  }

  static net::gauge& breaker(const std::string& endpoint) {
    return net::default_registry().get_gauge(
        "crmd_llm_breaker_state", "Circuit breaker per LLM endpoint: 0 closed, 1 half-open, 2 open",
        {{"endpoint", endpoint}});
  }
};

double breaker_value(drafting::circuit_breaker::state s) {
  switch (s) {
  case drafting::circuit_breaker::state::closed:
    return 0;
  case drafting::circuit_breaker::state::half_open:
    return 1;
  case drafting::circuit_breaker::state::open:
    return 2;
  }
  return 0;
}

void update_gauges(inference_pointer self) {
  auto& st = self->state;
  size_t queued = 0;
  for (auto& [tenant, lane] : st.lanes)
    queued += lane.waiting.size();
  auto& m = pool_metrics::get();
  m.in_flight.set(static_cast<double>(st.jobs.size() - queued));
  m.queued.set(static_cast<double>(queued));
}

drafting::circuit_breaker& breaker_for(inference_pointer self, const std::string& base_url) {
  auto& st = self->state;
  auto it = st.breakers.find(base_url);
  if (it == st.breakers.end())
    it = st.breakers.emplace(base_url, drafting::circuit_breaker{st.options.breaker}).first;
  return it->second;
}

void report_breaker(inference_pointer self, const std::string& base_url) {
  auto state = breaker_for(self, base_url).current(clock::now());
  pool_metrics::breaker(base_url).set(breaker_value(state));
}

void dispatch(inference_pointer self, uint64_t id);

/// Answers a job and gives its slot to the next waiting job of its tenant.
void complete(inference_pointer self, uint64_t id, draft_result result) {
  auto& st = self->state;
  auto it = st.jobs.find(id);
  if (it == st.jobs.end()) return;
  auto& job = it->second;
  result.latency_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - job.accepted).count();
  result.attempts = job.attempts;
  pool_metrics::results(result.ok() ? "ok" : result.failure).inc();
  if (result.ok()) {
    pool_metrics::get().tokens.inc(static_cast<double>(result.tokens_used));
    pool_metrics::get().latency.observe(static_cast<double>(result.latency_ms));
  } else {
    log::warn("draft_failed", {{"tenant", job.request.tenant},
                               {"event_token", job.request.event_token},
                               {"failure", result.failure},
                               {"detail", result.detail},
                               {"attempts", std::to_string(job.attempts)}});
  }
  auto tenant = job.request.tenant;
  job.promise.deliver(std::move(result));
  st.jobs.erase(it);
  auto& lane = st.lanes[tenant];
  if (lane.busy > 0) --lane.busy;
  while (!lane.waiting.empty()) {
    auto next = lane.waiting.front();
    auto found = st.jobs.find(next);
    if (found == st.jobs.end()) {
      lane.waiting.pop_front();
      continue;
    }
    if (lane.busy >= found->second.request.max_in_flight) break;
    lane.waiting.pop_front();
    ++lane.busy;
    dispatch(self, next);
  }
  update_gauges(self);
}

draft_result failure(std::string kind, std::string detail) {
  draft_result r;
  r.failure = std::move(kind);
  r.detail = std::move(detail);
  return r;
}

void dispatch(inference_pointer self, uint64_t id) {
  auto& st = self->state;
  auto& job = st.jobs.at(id);
  auto now = clock::now();
  if (now >= job.deadline)
    return complete(self, id, failure("llm_error", "timed out before it could be sent"));
  auto& breaker = breaker_for(self, job.request.base_url);
  if (!breaker.allow(now)) {
    report_breaker(self, job.request.base_url);
    return complete(self, id, failure("llm_overloaded", "the endpoint's circuit breaker is open"));
  }
  ++job.attempts;
  net::async_request request;
  request.method = "POST";
  request.url = completions_url(job.request.base_url);
  request.body = job.request.body;
  request.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(job.deadline - now);
  if (!job.request.api_key.empty())
    request.headers.emplace_back("Authorization", "Bearer " + job.request.api_key);
  auto handle = caf::actor_cast<inference_actor>(self);
  st.client->send(std::move(request), [handle, id](std::error_code ec, net::async_response res) {
    llm_exchange exchange;
    exchange.status = ec ? 0 : res.status;
    exchange.timed_out = ec && net::is_timeout(ec);
    exchange.connect_failed = ec && net::is_connect_error(ec);
    if (ec) exchange.error = ec.message();
    exchange.body = std::move(res.body);
    exchange.retry_after = std::string{res.header("retry-after")};
    caf::anon_send(handle, exchange_atom_v, id, std::move(exchange));
  });
}

/// Whether a failed exchange may be sent again (connect errors, 5xx, 429; never a timeout:
/// the deadline is the tenant's whole budget).
bool retryable(const llm_exchange& exchange) {
  if (exchange.status != 0) return net::retryable_status(exchange.status);
  return exchange.connect_failed && !exchange.timed_out;
}

std::string describe(const llm_exchange& exchange) {
  if (exchange.timed_out) return "timed out";
  if (exchange.status == 0) return "transport error: " + exchange.error;
  return "HTTP status " + std::to_string(exchange.status);
}

void on_exchange(inference_pointer self, uint64_t id, llm_exchange& exchange) {
  auto& st = self->state;
  auto it = st.jobs.find(id);
  if (it == st.jobs.end()) return;
  auto& job = it->second;
  auto& breaker = breaker_for(self, job.request.base_url);
  auto now = clock::now();
  if (exchange.status >= 200 && exchange.status < 300) {
    breaker.on_success();
    report_breaker(self, job.request.base_url);
    drafting::llm_draft draft;
    std::string error;
    if (!drafting::parse_chat_completion(exchange.body, draft, error))
      return complete(self, id, failure("llm_error", "unusable answer: " + error));
    draft_result result;
    result.reply = std::move(draft.reply);
    result.intent = std::move(draft.intent);
    result.scope = std::move(draft.scope);
    result.confidence = draft.confidence;
    result.reasoning = std::move(draft.reasoning);
    result.tokens_used = draft.tokens_used;
    return complete(self, id, std::move(result));
  }
  // A 4xx other than 429 is the request's fault, not the endpoint's health.
  bool endpoint_trouble = exchange.status == 0 || exchange.status == 429 || exchange.status >= 500;
  if (endpoint_trouble) breaker.on_failure(now);
  report_breaker(self, job.request.base_url);
  if (retryable(exchange) && job.attempts < st.options.retry.max_attempts) {
    auto retry_after =
        net::parse_retry_after(exchange.retry_after, std::chrono::system_clock::now());
    auto delay = net::retry_delay(job.attempts, retry_after, st.options.retry, st.rng);
    if (now + delay < job.deadline) {
      pool_metrics::get().retries.inc();
      self->delayed_send(self, delay, retry_atom_v, id);
      return;
    }
  }
  auto kind = exchange.status == 429 ? "llm_overloaded" : "llm_error";
  complete(self, id, failure(kind, describe(exchange)));
}

} // namespace

std::string completions_url(const std::string& base_url) {
  auto url = base_url;
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  return url + "/chat/completions";
}

inference_actor::behavior_type
inference_pool(inference_pointer self, net::async_http_client* client, inference_options options) {
  self->state.client = client;
  self->state.options = options;
  return {
      [=](draft_atom, draft_request& request) -> caf::result<draft_result> {
        auto& st = self->state;
        auto now = clock::now();
        if (breaker_for(self, request.base_url).current(now) ==
            drafting::circuit_breaker::state::open)
          return failure("llm_overloaded", "the endpoint's circuit breaker is open");
        auto& lane = st.lanes[request.tenant];
        auto limit = std::max<uint32_t>(1, request.max_in_flight);
        bool slot_free = lane.busy < limit;
        if (!slot_free && lane.waiting.size() >= st.options.queue_per_tenant)
          return failure("llm_overloaded", "the tenant's LLM queue is full");
        auto id = st.next_job++;
        inference_state::job job;
        job.promise = self->make_response_promise<draft_result>();
        job.accepted = now;
        job.deadline = now + std::chrono::milliseconds{request.timeout_ms};
        request.max_in_flight = limit;
        job.request = std::move(request);
        auto promise = job.promise;
        st.jobs.emplace(id, std::move(job));
        if (slot_free) {
          ++lane.busy;
          dispatch(self, id);
        } else {
          lane.waiting.push_back(id);
        }
        update_gauges(self);
        return promise;
      },
      [=](cancel_atom, const std::string& event_token) {
        auto& st = self->state;
        std::vector<uint64_t> cancelled;
        for (auto& [id, job] : st.jobs)
          if (job.request.event_token == event_token) cancelled.push_back(id);
        for (auto id : cancelled) {
          auto& job = st.jobs.at(id);
          auto& waiting = st.lanes[job.request.tenant].waiting;
          auto queued = std::find(waiting.begin(), waiting.end(), id);
          if (queued != waiting.end()) {
            // Never sent: it held no slot, so complete() must not give one back.
            waiting.erase(queued);
            ++st.lanes[job.request.tenant].busy;
          }
          complete(self, id, failure("llm_error", "cancelled"));
        }
      },
      [=](retry_atom, uint64_t id) {
        if (self->state.jobs.count(id) > 0) dispatch(self, id);
      },
      [=](exchange_atom, uint64_t id, llm_exchange& exchange) { on_exchange(self, id, exchange); },
  };
}

} // namespace crm
