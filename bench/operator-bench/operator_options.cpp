#include "bench/operator-bench/operator_options.hpp"

#include "bench/crm-bench/bench_options.hpp"
#include "bench/crm-bench/target_url.hpp"

#include <charconv>
#include <fstream>

namespace crm::bench {

namespace {

bool parse_unsigned(const std::string& text, unsigned low, unsigned high, unsigned& out) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < low || value > high)
    return false;
  out = value;
  return true;
}

/// ws://host:port[/path], loopback only (checked by address, never resolved).
std::string parse_ws_url(const std::string& text, operator_options& out) {
  constexpr std::string_view scheme = "ws://";
  if (text.rfind(scheme, 0) != 0) return "--url must start with ws://";
  auto rest = text.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  out.path = slash == std::string::npos ? "/ws" : rest.substr(slash);
  // http:// parsing (with its loopback rule) is shared with crm-bench.
  auto parsed = parse_target_url("http://" + authority);
  if (!parsed.ok()) return parsed.error;
  out.host = parsed.url.address;
  out.port = parsed.url.port;
  return {};
}

} // namespace

operator_options_result parse_operator_options(const std::vector<std::string>& args) {
  operator_options_result result;
  auto& o = result.options;
  bool have_url = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i], value;
    if (name == "--help" || name == "-h") {
      o.help = true;
      return result;
    }
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      result.error = name + " needs a value";
      return result;
    }
    auto duration = [&](std::int64_t& field) {
      field = parse_duration_ns(value);
      if (field < 0) result.error = name + ": not a duration (10s, 500ms, 1m)";
    };
    if (name == "--url") {
      result.error = parse_ws_url(value, o);
      have_url = true;
    } else if (name == "--tokens") {
      o.tokens_file = value;
    } else if (name == "--connections") {
      if (!parse_unsigned(value, 1, kMaxOperatorConnections, o.connections))
        result.error = "--connections must be 1.." + std::to_string(kMaxOperatorConnections);
    } else if (name == "--threads") {
      if (!parse_unsigned(value, 1, kMaxOperatorThreads, o.threads))
        result.error = "--threads must be 1 or 2";
    } else if (name == "--connect-concurrency") {
      if (!parse_unsigned(value, 1, 10000, o.connect_concurrency))
        result.error = "--connect-concurrency must be 1..10000";
    } else if (name == "--warmup") {
      duration(o.warmup_ns);
    } else if (name == "--duration") {
      duration(o.duration_ns);
    } else if (name == "--drain") {
      duration(o.drain_ns);
    } else if (name == "--connect-timeout") {
      duration(o.connect_timeout_ns);
    } else if (name == "--first-frame-timeout") {
      duration(o.first_frame_timeout_ns);
    } else {
      result.error = "unknown option " + name;
    }
    if (!result.ok()) return result;
  }
  if (!have_url)
    result.error = "--url ws://127.0.0.1:PORT/ws is required";
  else if (o.tokens_file.empty())
    result.error = "--tokens FILE is required";
  else if (o.duration_ns <= 0)
    result.error = "--duration must be positive";
  return result;
}

std::vector<std::string> read_tokens(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return {};
  }
  std::vector<std::string> tokens;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
      line.pop_back();
    if (!line.empty()) tokens.push_back(line);
  }
  if (tokens.empty()) error = path + " holds no token";
  return tokens;
}

std::string operator_usage() {
  return R"(crm-operator-bench: many operator WebSocket clients measuring review fan-out (loopback only)

usage: crm-operator-bench --url ws://127.0.0.1:PORT/ws --tokens FILE [options]

  --url URL                 crmd's operator WebSocket (127.0.0.0/8, [::1], localhost only)
  --tokens FILE             operator tokens, one per line; connection i uses line i % lines
  --connections N           WebSocket connections                         (1000)
  --threads N               1 or 2 event loops                            (1)
  --connect-concurrency N   handshakes in flight at once                  (100)
  --connect-timeout D       give up when not all have their snapshot      (60s)
  --first-frame-timeout D   give up when no review.added arrives          (120s)
  --warmup D                after the first review.added, not counted     (2s)
  --duration D              reviews created in this window are measured   (10s)
  --drain D                 keep reading after the window for late frames (3s)

Each connection sends {"type":"hello","token":..,"last_seq":0} and waits for its snapshot.
When all have one, stderr gets "crm-operator-bench ready ..." (the driver starts load then).
Latency of a review.added frame = arrival (wall clock) - review.created_at (ms resolution,
so a figure is at most 1 ms above the truth); same machine, same clock.

stdout: one line
  crm-operator-bench connections=N snapshots=N frames=N frames_per_s=X p50_ms=.. p99_ms=..
  p999_ms=.. max_ms=.. gaps=N closed=N close_codes=CODE:N,.. io_errors=N
  (frames: review.added frames of reviews created in the window, on all connections;
   gaps: frames never seen, from holes in each connection's seq)
exit: 0 when frames were measured, 1 otherwise, 2 on bad usage.
)";
}

} // namespace crm::bench
