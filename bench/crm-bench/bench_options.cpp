#include "bench/crm-bench/bench_options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <type_traits>

namespace crm::bench {

namespace {

bool parse_unsigned(const std::string& text, std::uint64_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

bool parse_double(const std::string& text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && !text.empty() &&
         std::isfinite(out);
}

} // namespace

std::int64_t parse_duration_ns(const std::string& text) {
  static constexpr std::pair<const char*, double> units[] = {
      {"ms", 1e6}, {"us", 1e3}, {"s", 1e9}, {"m", 60e9}, {"", 1e9}};
  for (const auto& [suffix, scale] : units) {
    const std::string_view s{suffix};
    if (text.size() < s.size() || text.compare(text.size() - s.size(), s.size(), s) != 0) continue;
    double value = 0;
    if (!parse_double(text.substr(0, text.size() - s.size()), value) || value < 0) return -1;
    const double ns = value * scale;
    if (ns > static_cast<double>(kMaxDurationNs)) return -1;
    return static_cast<std::int64_t>(std::llround(ns));
  }
  return -1;
}

const char* to_string(enum scenario s) {
  switch (s) {
  case scenario::webhook:
    return "webhook";
  case scenario::ingest:
    return "ingest";
  case scenario::seed:
    return "seed";
  }
  return "?";
}

std::string bench_options::request_path() const {
  if (!path.empty()) return path;
  if (!url.path.empty()) return url.path;
  switch (scenario) {
  case scenario::webhook:
    return "/webhook/whatsapp/" + tenant;
  case scenario::ingest:
    return "/v1/messages";
  case scenario::seed:
    return "/webhook";
  }
  return "/";
}

std::uint64_t bench_options::effective_max_backlog() const {
  if (max_backlog != 0) return max_backlog;
  return std::max<std::uint64_t>(1000, static_cast<std::uint64_t>(rate));
}

std::string usage() {
  return R"(crm-bench: open-loop HTTP load generator for crmd (loopback targets only)

usage: crm-bench [options] [URL]

  --url URL            target, http://127.0.0.1:8000 (127.0.0.0/8, [::1], localhost only)
  --scenario NAME      webhook | ingest | seed                          (webhook)
                         webhook: POST /webhook/whatsapp/{tenant}, signed Cloud API body,
                                  unique wamid per request, rotating customer ids
                         ingest:  POST /v1/messages, Bearer --ingest-key, unique message_id
                         seed:    POST /webhook, the seed stack's body.json, signed
  --path PATH          request path override
  --tenant ID          tenant for the webhook path and ingest body       (default)
  --text TEXT          message text in webhook and ingest bodies
  --app-secret S       HMAC key for X-Hub-Signature-256                  (test-secret)
  --ingest-key K       Bearer key for the ingest scenario
  --phone-number-id N  metadata.phone_number_id in webhook bodies
  --body-file FILE     body for the seed scenario (default: built-in copy of body.json)
  --customers N        distinct customer ids to rotate through           (1000)
  --rate R             requests/s on a fixed schedule; 0 = closed loop   (0)
  --connections N      keep-alive connections                            (64)
  --threads N          1 or 2 event-loop threads                         (1)
  --duration D         measured time, e.g. 10s, 500ms, 1m                (10s)
  --warmup D           load before measuring, excluded from stats        (2s)
  --drain D            wait for in-flight answers after the end          (5s)
  --max-backlog N      due-but-unsent requests allowed to queue in the generator before
                       further arrivals are dropped and counted late (default: 1 s of --rate,
                       at least 1000)

stdout: one line
  crm-bench scenario=S rate=R achieved_rps=X ok=N non2xx=N errors=N p50_ms=.. p99_ms=..
  p999_ms=.. max_ms=.. late=N
  (latency of 2xx answers, from each request's intended send time)
stderr: status-code breakdown, latency of non-2xx answers, error kinds, settings.
exit: 0 when any 2xx answer arrived, 1 when none did, 2 on bad usage.
)";
}

options_result parse_options(const std::vector<std::string>& args) {
  options_result r;
  auto& o = r.options;
  std::string url_text = "http://127.0.0.1:8000";
  bool saw_positional = false;

  using setter = std::function<std::string(const std::string&)>;
  auto count = [](auto& field, std::uint64_t lo, std::uint64_t hi) -> setter {
    return [&field, lo, hi](const std::string& v) -> std::string {
      std::uint64_t n = 0;
      if (!parse_unsigned(v, n) || n < lo || n > hi)
        return "expects a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
      field = static_cast<std::remove_reference_t<decltype(field)>>(n);
      return {};
    };
  };
  auto duration = [](std::int64_t& field, bool allow_zero) -> setter {
    return [&field, allow_zero](const std::string& v) -> std::string {
      const auto ns = parse_duration_ns(v);
      if (ns < 0 || (!allow_zero && ns == 0))
        return "expects a duration such as 10s, 500ms or 1m (at most 1h)";
      field = ns;
      return {};
    };
  };
  auto text = [](std::string& field) -> setter {
    return [&field](const std::string& v) -> std::string {
      field = v;
      return {};
    };
  };

  const std::map<std::string, setter, std::less<>> setters = {
      {"--url", text(url_text)},
      {"--scenario",
       [&o](const std::string& v) -> std::string {
         if (v == "webhook")
           o.scenario = scenario::webhook;
         else if (v == "ingest")
           o.scenario = scenario::ingest;
         else if (v == "seed")
           o.scenario = scenario::seed;
         else
           return "expects webhook, ingest or seed";
         return {};
       }},
      {"--path",
       [&o](const std::string& v) -> std::string {
         if (v.empty() || v.front() != '/' || v.find_first_of(" \r\n\t") != std::string::npos)
           return "expects a path starting with / and without spaces";
         o.path = v;
         return {};
       }},
      {"--tenant", text(o.tenant)},
      {"--text", text(o.text)},
      {"--app-secret", text(o.app_secret)},
      {"--ingest-key", text(o.ingest_key)},
      {"--phone-number-id", text(o.phone_number_id)},
      {"--body-file", text(o.body_file)},
      {"--customers", count(o.customers, 1, 1'000'000'000)},
      {"--rate",
       [&o](const std::string& v) -> std::string {
         if (!parse_double(v, o.rate) || o.rate < 0 || o.rate > kMaxRate)
           return "expects requests per second, 0 (closed loop) to 10000000";
         return {};
       }},
      {"--connections", count(o.connections, 1, kMaxConnections)},
      {"--threads", count(o.threads, 1, kMaxThreads)},
      {"--duration", duration(o.duration_ns, false)},
      {"--warmup", duration(o.warmup_ns, true)},
      {"--drain", duration(o.drain_ns, true)},
      {"--max-backlog", count(o.max_backlog, 1, 100'000'000)},
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      return r;
    }
    if (arg.rfind("--", 0) != 0) {
      if (saw_positional) {
        r.error = "unexpected argument '" + arg + "'";
        return r;
      }
      saw_positional = true;
      url_text = arg;
      continue;
    }
    std::string name = arg;
    std::string value;
    bool has_value = false;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    const auto it = setters.find(name);
    if (it == setters.end()) {
      r.error = "unknown option '" + name + "' (see --help)";
      return r;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        r.error = name + " needs a value";
        return r;
      }
      value = args[++i];
    }
    if (auto why = it->second(value); !why.empty()) {
      r.error = name + " " + why + " (got '" + value + "')";
      return r;
    }
  }

  auto url = parse_target_url(url_text);
  if (!url.ok()) {
    r.error = url.error;
    return r;
  }
  o.url = std::move(url.url);
  if (o.scenario == scenario::ingest && o.ingest_key.empty()) {
    r.error = "--scenario ingest needs --ingest-key";
    return r;
  }
  if (o.scenario != scenario::ingest && o.app_secret.empty()) {
    r.error = "--app-secret must not be empty for signed scenarios";
    return r;
  }
  if (o.threads > o.connections) {
    r.error = "--threads must not exceed --connections";
    return r;
  }
  return r;
}

} // namespace crm::bench
