// crm-operator-bench: N operator WebSocket clients of one crmd, measuring how long a new review
// takes to reach every operator of its tenant (issue 6). Loopback only. The only translation
// unit that includes Beast. See operator_options.cpp's usage() and docs/bench.md.

#include "bench/crm-bench/latency_histogram.hpp"
#include "bench/operator-bench/frame_scan.hpp"
#include "bench/operator-bench/operator_options.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using crm::bench::latency_histogram;
using crm::bench::operator_options;

/// Largest frame accepted: a snapshot of many pending reviews.
constexpr std::uint64_t kMaxFrameBytes = 64u << 20;

std::int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// What every event loop shares; everything else belongs to one loop.
struct shared_state {
  std::atomic<unsigned> snapshots{0};
  std::atomic<unsigned> failed{0};       ///< ended before their snapshot
  std::atomic<std::int64_t> first_ns{0}; ///< wall time of the first review.added seen
};

struct loop_stats {
  latency_histogram latency; ///< ns, frames of reviews created in the window
  std::uint64_t frames_window = 0, frames_total = 0, other_frames = 0, gaps = 0;
  std::uint64_t closed = 0, io_errors = 0;
  std::map<unsigned, std::uint64_t> close_codes;
};

class event_loop;

/// One operator: connect, hello, snapshot, then read frames until the end.
class connection : public std::enable_shared_from_this<connection> {
public:
  connection(event_loop& loop, asio::io_context& ioc, std::string token)
      : loop_(loop), ws_(ioc), hello_(hello_frame(token)) {}
  void start(const tcp::endpoint& endpoint);

  bool has_snapshot = false;
  std::uint64_t seq = 0; ///< last seq seen

private:
  static std::string hello_frame(const std::string& token) {
    std::string escaped;
    for (char c : token) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    return R"({"type":"hello","token":")" + escaped + R"(","last_seq":0})";
  }
  void on_connect(beast::error_code ec);
  void on_handshake(beast::error_code ec);
  void read();
  void on_read(beast::error_code ec);

  event_loop& loop_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::string hello_;
};

/// One io_context and its share of the connections.
class event_loop {
public:
  event_loop(const operator_options& options, shared_state& shared, unsigned concurrency)
      : options_(options), shared_(shared), concurrency_(concurrency),
        endpoint_(asio::ip::make_address(options.host), options.port) {}

  void add(std::string token) {
    connections_.push_back(std::make_shared<connection>(*this, ioc_, std::move(token)));
  }
  /// Runs until stop(), even while no connection is open.
  void run() {
    auto guard = asio::make_work_guard(ioc_);
    asio::post(ioc_, [this] { launch_more(); });
    ioc_.run();
  }
  void stop() { ioc_.stop(); }

  /// A connection got its snapshot or ended before it: the next may start.
  void settled(connection& c, bool ok) {
    (ok ? shared_.snapshots : shared_.failed).fetch_add(1);
    c.has_snapshot = ok;
    --in_flight_;
    launch_more();
  }
  void ended(connection& c, beast::error_code ec, unsigned close_code) {
    if (ec == websocket::error::closed) {
      ++stats.closed;
      ++stats.close_codes[close_code];
    } else {
      ++stats.io_errors;
    }
    if (!c.has_snapshot) settled(c, false);
  }
  void on_frame(connection& c, std::string_view text);

  const operator_options& options() const { return options_; }
  loop_stats stats;

private:
  void launch_more() {
    while (in_flight_ < concurrency_ && next_ < connections_.size()) {
      ++in_flight_;
      connections_[next_++]->start(endpoint_);
    }
  }

  const operator_options& options_;
  shared_state& shared_;
  unsigned concurrency_;
  tcp::endpoint endpoint_;
  asio::io_context ioc_{1};
  // After ioc_: destroyed first; handlers still queued in ioc_ hold their own references.
  std::vector<std::shared_ptr<connection>> connections_;
  std::size_t next_ = 0;
  unsigned in_flight_ = 0;
};

void connection::start(const tcp::endpoint& endpoint) {
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(ws_).async_connect(
      endpoint, [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
}

void connection::on_connect(beast::error_code ec) {
  if (ec) return loop_.ended(*this, ec, 0);
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  ws_.read_message_max(kMaxFrameBytes);
  const auto& o = loop_.options();
  ws_.async_handshake(
      o.host + ":" + std::to_string(o.port), o.path,
      [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
}

void connection::on_handshake(beast::error_code ec) {
  if (ec) return loop_.ended(*this, ec, 0);
  ws_.text(true);
  ws_.async_write(asio::buffer(hello_),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    if (ec) return self->loop_.ended(*self, ec, 0);
                    self->read();
                  });
}

void connection::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->on_read(ec);
  });
}

void connection::on_read(beast::error_code ec) {
  if (ec) return loop_.ended(*this, ec, ws_.reason().code);
  auto data = buffer_.cdata();
  loop_.on_frame(*this, {static_cast<const char*>(data.data()), data.size()});
  buffer_.consume(buffer_.size());
  read();
}

void event_loop::on_frame(connection& c, std::string_view text) {
  const auto now = wall_ns();
  const auto f = crm::bench::scan_frame(text);
  if (f.type == "snapshot") {
    if (c.has_snapshot) return;
    c.seq = f.seq.value_or(0);
    settled(c, true);
    return;
  }
  if (f.seq && c.has_snapshot) {
    // seq rises by one per tenant event: a hole is a frame this operator never got.
    if (*f.seq > c.seq + 1) stats.gaps += *f.seq - c.seq - 1;
    if (*f.seq > c.seq) c.seq = *f.seq;
  }
  if (f.type != "review.added") {
    ++stats.other_frames;
    return;
  }
  ++stats.frames_total;
  std::int64_t first = shared_.first_ns.load(std::memory_order_relaxed);
  if (first == 0) {
    shared_.first_ns.compare_exchange_strong(first, now);
    first = shared_.first_ns.load();
  }
  if (!f.created) return;
  const std::int64_t created_ns = *f.created * 1'000'000;
  const std::int64_t begin = first + options_.warmup_ns;
  if (created_ns < begin || created_ns >= begin + options_.duration_ns) return;
  ++stats.frames_window;
  stats.latency.record(static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - created_ns)));
}

/// Enough descriptors for every connection (the soft limit is often 1024).
void raise_fd_limit(unsigned connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t want = std::min<rlim_t>(limit.rlim_max, connections + 64);
  if (limit.rlim_cur >= want) return;
  limit.rlim_cur = want;
  setrlimit(RLIMIT_NOFILE, &limit);
}

std::string ms(std::uint64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(ns) / 1e6);
  return buf;
}

/// Every loop's figures added up (after the loops have stopped).
loop_stats merged(const std::vector<std::unique_ptr<event_loop>>& loops) {
  loop_stats total;
  for (auto& loop : loops) {
    auto& s = loop->stats;
    total.latency.merge(s.latency);
    total.frames_window += s.frames_window;
    total.frames_total += s.frames_total;
    total.other_frames += s.other_frames;
    total.gaps += s.gaps;
    total.closed += s.closed;
    total.io_errors += s.io_errors;
    for (auto& [code, n] : s.close_codes)
      total.close_codes[code] += n;
  }
  return total;
}

/// `1013:5,1008:2`, or `none`.
std::string close_codes(const loop_stats& total) {
  std::string codes;
  for (auto& [code, n] : total.close_codes)
    codes += (codes.empty() ? "" : ",") + std::to_string(code) + ":" + std::to_string(n);
  return codes.empty() ? "none" : codes;
}

} // namespace

int main(int argc, char** argv) {
  using namespace std::chrono;
  const auto parsed =
      crm::bench::parse_operator_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.ok()) {
    std::cerr << "crm-operator-bench: " << parsed.error << "\n";
    return 2;
  }
  const auto& o = parsed.options;
  if (o.help) {
    std::cout << crm::bench::operator_usage();
    return 0;
  }
  std::string error;
  const auto tokens = crm::bench::read_tokens(o.tokens_file, error);
  if (tokens.empty()) {
    std::cerr << "crm-operator-bench: " << error << "\n";
    return 2;
  }
  raise_fd_limit(o.connections);

  shared_state shared;
  std::vector<std::unique_ptr<event_loop>> loops;
  for (unsigned t = 0; t < o.threads; ++t)
    loops.push_back(
        std::make_unique<event_loop>(o, shared, std::max(1u, o.connect_concurrency / o.threads)));
  for (unsigned i = 0; i < o.connections; ++i)
    loops[i % o.threads]->add(tokens[i % tokens.size()]);

  const auto started = steady_clock::now();
  std::vector<std::thread> threads;
  for (auto& loop : loops)
    threads.emplace_back([&loop] { loop->run(); });
  auto stop_all = [&] {
    for (auto& loop : loops)
      loop->stop();
    for (auto& thread : threads)
      thread.join();
  };

  // Phase 1: every connection has its snapshot (or has failed).
  const auto connect_deadline = started + nanoseconds(o.connect_timeout_ns);
  while (shared.snapshots + shared.failed < o.connections && steady_clock::now() < connect_deadline)
    std::this_thread::sleep_for(milliseconds(10));
  const double connect_s = duration<double>(steady_clock::now() - started).count();
  std::cerr << "crm-operator-bench ready connections=" << o.connections
            << " snapshots=" << shared.snapshots << " failed=" << shared.failed
            << " connect_s=" << connect_s << std::endl;
  if (shared.snapshots == 0) {
    stop_all();
    const auto failed = merged(loops);
    std::cerr << "crm-operator-bench: no connection got a snapshot (close_codes="
              << close_codes(failed) << " io_errors=" << failed.io_errors << ")\n";
    return 1;
  }

  // Phase 2: wait for load (the first review.added), then the window and the drain.
  const auto first_deadline = steady_clock::now() + nanoseconds(o.first_frame_timeout_ns);
  while (shared.first_ns == 0 && steady_clock::now() < first_deadline)
    std::this_thread::sleep_for(milliseconds(5));
  if (shared.first_ns != 0) {
    const auto end_ns = shared.first_ns + o.warmup_ns + o.duration_ns + o.drain_ns;
    while (wall_ns() < end_ns)
      std::this_thread::sleep_for(milliseconds(20));
  } else {
    std::cerr << "crm-operator-bench: no review.added frame arrived\n";
  }
  stop_all();

  const loop_stats total = merged(loops);
  const std::string codes = close_codes(total);
  const auto& h = total.latency;
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.0f",
                static_cast<double>(total.frames_window) * 1e9 /
                    static_cast<double>(o.duration_ns));
  std::cout << "crm-operator-bench connections=" << o.connections
            << " snapshots=" << shared.snapshots << " frames=" << total.frames_window
            << " frames_per_s=" << rate << " p50_ms=" << ms(h.value_at_quantile(0.5))
            << " p90_ms=" << ms(h.value_at_quantile(0.9))
            << " p99_ms=" << ms(h.value_at_quantile(0.99))
            << " p999_ms=" << ms(h.value_at_quantile(0.999)) << " max_ms=" << ms(h.max())
            << " gaps=" << total.gaps << " closed=" << total.closed << " close_codes=" << codes
            << " io_errors=" << total.io_errors << " frames_total=" << total.frames_total
            << " other_frames=" << total.other_frames << std::endl;
  return total.frames_window > 0 ? 0 : 1;
}
