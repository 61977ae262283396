#include "bench/crm-bench/run_stats.hpp"

#include <cstdio>
#include <sstream>

namespace crm::bench {

namespace {

bool in_window(std::int64_t t, std::int64_t begin, std::int64_t end) {
  return t >= begin && t < end;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string ms(const latency_histogram& h, double q) {
  if (h.count() == 0) return "nan";
  return fixed(static_cast<double>(h.value_at_quantile(q)) / 1e6, 3);
}

std::string max_ms(const latency_histogram& h) {
  return h.count() == 0 ? "nan" : fixed(static_cast<double>(h.max()) / 1e6, 3);
}

} // namespace

void run_stats::record_answer(int status, std::int64_t intended_ns, std::int64_t done_ns,
                              std::int64_t window_begin_ns, std::int64_t window_end_ns) {
  if (in_window(done_ns, window_begin_ns, window_end_ns)) ++answered_in_window;
  if (!in_window(intended_ns, window_begin_ns, window_end_ns)) return;
  const auto latency =
      static_cast<std::uint64_t>(done_ns > intended_ns ? done_ns - intended_ns : 0);
  if (status >= 0 && status < static_cast<int>(status_counts.size()))
    ++status_counts[static_cast<std::size_t>(status)];
  if (status >= 200 && status < 300)
    ok_latency.record(latency);
  else
    non2xx_latency.record(latency);
}

void run_stats::record_error(error_kind kind, std::int64_t intended_ns,
                             std::int64_t window_begin_ns, std::int64_t window_end_ns) {
  if (in_window(intended_ns, window_begin_ns, window_end_ns))
    ++errors[static_cast<std::size_t>(kind)];
}

void run_stats::merge(const run_stats& other) {
  ok_latency.merge(other.ok_latency);
  non2xx_latency.merge(other.non2xx_latency);
  for (std::size_t i = 0; i < status_counts.size(); ++i)
    status_counts[i] += other.status_counts[i];
  for (std::size_t i = 0; i < errors.size(); ++i)
    errors[i] += other.errors[i];
  late += other.late;
  answered_in_window += other.answered_in_window;
  max_backlog_seen = std::max(max_backlog_seen, other.max_backlog_seen);
}

std::uint64_t run_stats::error_total() const {
  std::uint64_t n = 0;
  for (const auto e : errors)
    n += e;
  return n;
}

std::string summary_line(const run_stats& s, const bench_options& o) {
  const double seconds = static_cast<double>(o.duration_ns) / 1e9;
  std::string line = "crm-bench scenario=";
  line += to_string(o.scenario);
  line += " rate=" +
          fixed(o.rate, o.rate == static_cast<double>(static_cast<std::uint64_t>(o.rate)) ? 0 : 1);
  line += " achieved_rps=" + fixed(static_cast<double>(s.answered_in_window) / seconds, 0);
  line += " ok=" + std::to_string(s.ok());
  line += " non2xx=" + std::to_string(s.non2xx());
  line += " errors=" + std::to_string(s.error_total());
  line += " p50_ms=" + ms(s.ok_latency, 0.50);
  line += " p99_ms=" + ms(s.ok_latency, 0.99);
  line += " p999_ms=" + ms(s.ok_latency, 0.999);
  line += " max_ms=" + max_ms(s.ok_latency);
  line += " late=" + std::to_string(s.late);
  return line;
}

std::string detail_report(const run_stats& s, const bench_options& o) {
  // A stream, not operator+ chains: GCC 12 at -O2 warns falsely (-Wrestrict) about the latter.
  std::ostringstream out;
  out << "crm-bench status";
  bool any = false;
  for (std::size_t code = 0; code < s.status_counts.size(); ++code) {
    if (s.status_counts[code] == 0) continue;
    out << ' ' << code << ':' << s.status_counts[code];
    any = true;
  }
  if (!any) out << " none";
  out << "\ncrm-bench non2xx_latency count=" << s.non2xx()
      << " p50_ms=" << ms(s.non2xx_latency, 0.50) << " p99_ms=" << ms(s.non2xx_latency, 0.99)
      << " max_ms=" << max_ms(s.non2xx_latency);
  const bool none = s.ok() == 0;
  out << "\ncrm-bench ok_latency mean_ms=" << (none ? "nan" : fixed(s.ok_latency.mean() / 1e6, 3))
      << " min_ms=" << (none ? "nan" : fixed(static_cast<double>(s.ok_latency.min()) / 1e6, 3))
      << " p90_ms=" << ms(s.ok_latency, 0.90) << " p9999_ms=" << ms(s.ok_latency, 0.9999);
  const auto err = [&s](error_kind k) { return s.errors[static_cast<std::size_t>(k)]; };
  out << "\ncrm-bench errors connect=" << err(error_kind::connect) << " io=" << err(error_kind::io)
      << " parse=" << err(error_kind::parse) << " timeout=" << err(error_kind::timeout)
      << " late=" << s.late << " max_backlog_seen=" << s.max_backlog_seen;
  out << "\ncrm-bench settings url=http://" << o.url.host_header << o.request_path()
      << " mode=" << (o.rate > 0 ? "open" : "closed") << " connections=" << o.connections
      << " threads=" << o.threads
      << " duration_s=" << fixed(static_cast<double>(o.duration_ns) / 1e9, 3)
      << " warmup_s=" << fixed(static_cast<double>(o.warmup_ns) / 1e9, 3) << " max_backlog=";
  if (o.rate > 0)
    out << o.effective_max_backlog();
  else
    out << "n/a";
  out << '\n';
  return out.str();
}

} // namespace crm::bench
