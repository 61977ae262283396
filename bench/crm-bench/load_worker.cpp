#include "bench/crm-bench/load_worker.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <optional>
#include <string>
#include <vector>

#include "bench/crm-bench/arrival_schedule.hpp"
#include "bench/crm-bench/response_parser.hpp"

namespace crm::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

/// Largest answer accepted; ours are a few hundred bytes.
constexpr std::size_t kMaxResponse = 1024 * 1024;
/// Initial read buffer per connection; grows (up to kMaxResponse) only for big answers.
constexpr std::size_t kInitialReadBuffer = 4096;
/// Pause before retrying a failed connect, so a dead server does not make us spin.
constexpr auto kReconnectDelay = std::chrono::milliseconds(20);

} // namespace

struct connection {
  explicit connection(asio::io_context& ioc) : socket(ioc), retry(ioc) {}
  tcp::socket socket;
  asio::steady_timer retry;
  std::string out;              ///< The request being sent.
  std::string in;               ///< Received bytes; size() is the buffer's capacity.
  std::size_t in_len = 0;       ///< Bytes of `in` holding data.
  std::int64_t intended_ns = 0; ///< When the request in flight was due.
  bool busy = false;            ///< A request is in flight.
};

struct load_worker::impl {
  impl(const bench_options& o, unsigned index, unsigned threads, unsigned connections,
       std::unique_ptr<request_factory> f)
      : options(o), factory(std::move(f)), ioc(1), arrival_timer(ioc), end_timer(ioc),
        drain_timer(ioc), window_begin(o.warmup_ns), window_end(o.warmup_ns + o.duration_ns),
        max_backlog(std::max<std::uint64_t>(1, o.effective_max_backlog() / threads)) {
    endpoint = tcp::endpoint{asio::ip::make_address(o.url.address), o.url.port};
    if (o.rate > 0)
      schedule.emplace(arrival_schedule::for_thread(o.rate, index, threads, window_end));
    for (unsigned i = 0; i < connections; ++i)
      conns.push_back(std::make_unique<connection>(ioc));
    idle.reserve(connections);
  }

  const bench_options& options;
  std::unique_ptr<request_factory> factory;
  asio::io_context ioc;
  tcp::endpoint endpoint;
  asio::steady_timer arrival_timer;
  asio::steady_timer end_timer;
  asio::steady_timer drain_timer;
  std::chrono::steady_clock::time_point t0;
  const std::int64_t window_begin;
  const std::int64_t window_end;
  const std::uint64_t max_backlog;          ///< This worker's share of --max-backlog.
  std::optional<arrival_schedule> schedule; ///< Set in open-loop mode.
  std::vector<std::unique_ptr<connection>> conns;
  std::vector<connection*> idle;  ///< Connected and without a request.
  std::uint64_t next_arrival = 0; ///< Open loop: first arrival not yet sent (or dropped).
  std::uint64_t next_seq = 0;     ///< Closed loop: request counter.
  std::uint64_t in_flight = 0;
  bool timer_armed = false;
  bool ended = false; ///< The window is over (closed loop: send nothing new).
  bool finished = false;
  run_stats stats;

  std::int64_t now_ns() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                t0)
        .count();
  }

  // -- connections -------------------------------------------------------------

  static void set_options(connection& c) {
    error_code ignored;
    c.socket.set_option(tcp::no_delay(true), ignored);
  }

  void reconnect(connection& c) {
    error_code ignored;
    c.socket.close(ignored);
    if (finished || !more_to_send()) return maybe_finish();
    c.socket = tcp::socket(ioc);
    c.socket.async_connect(endpoint, [this, &c](error_code ec) {
      if (finished) return;
      if (ec) {
        stats.record_connect_error();
        c.retry.expires_after(kReconnectDelay);
        c.retry.async_wait([this, &c](error_code wait_ec) {
          if (!wait_ec && !finished) reconnect(c);
        });
        return;
      }
      set_options(c);
      became_idle(c);
    });
  }

  void became_idle(connection& c) {
    if (finished) return;
    if (!more_to_send()) return maybe_finish();
    if (schedule) {
      idle.push_back(&c);
      pump();
    } else {
      send(c, now_ns(), next_seq++);
    }
  }

  /// Open loop: arrivals of the schedule remain (even after the window: the backlog is still
  /// owed). Closed loop: the window is not over.
  bool more_to_send() const { return schedule ? next_arrival < schedule->total() : !ended; }

  // -- one request ---------------------------------------------------------------

  void send(connection& c, std::int64_t intended_ns, std::uint64_t seq) {
    factory->build(seq, c.out);
    c.intended_ns = intended_ns;
    c.busy = true;
    c.in_len = 0;
    ++in_flight;
    asio::async_write(c.socket, asio::buffer(c.out), [this, &c](error_code ec, std::size_t) {
      if (finished) return;
      if (ec) return failed(c, error_kind::io);
      read(c);
    });
  }

  void read(connection& c) {
    if (c.in.size() < kInitialReadBuffer) c.in.resize(kInitialReadBuffer);
    c.socket.async_read_some(
        asio::buffer(c.in.data() + c.in_len, c.in.size() - c.in_len),
        [this, &c](error_code ec, std::size_t n) {
          if (finished) return;
          if (ec) return failed(c, error_kind::io);
          c.in_len += n;
          const auto parsed = parse_response(std::string_view{c.in.data(), c.in_len}, kMaxResponse);
          if (parsed.state == parse_state::error) return failed(c, error_kind::parse);
          if (parsed.state == parse_state::incomplete) {
            if (c.in_len == c.in.size()) c.in.resize(std::min(kMaxResponse, 2 * c.in.size()));
            return read(c);
          }
          answered(c, parsed.status, parsed.close || parsed.consumed != c.in_len);
        });
  }

  void answered(connection& c, int status, bool must_reconnect) {
    stats.record_answer(status, c.intended_ns, now_ns(), window_begin, window_end);
    c.busy = false;
    --in_flight;
    // Bytes beyond the answer mean the server talks out of turn: start the connection afresh.
    if (must_reconnect) return reconnect(c);
    became_idle(c);
  }

  void failed(connection& c, error_kind kind) {
    stats.record_error(kind, c.intended_ns, window_begin, window_end);
    c.busy = false;
    --in_flight;
    reconnect(c);
  }

  // -- open-loop schedule --------------------------------------------------------

  void pump() {
    if (finished) return;
    const auto now = now_ns();
    const auto due = schedule->due_by(now);
    const auto backlog = due - next_arrival;
    stats.max_backlog_seen = std::max(stats.max_backlog_seen, backlog);
    if (backlog > max_backlog) drop(next_arrival + (backlog - max_backlog));
    while (next_arrival < due && !idle.empty()) {
      auto* c = idle.back();
      idle.pop_back();
      send(*c, schedule->intended_ns(next_arrival), next_arrival);
      ++next_arrival;
    }
    if (next_arrival >= schedule->total()) return maybe_finish();
    if (!idle.empty() && !timer_armed) {
      // Armed for the earliest time anything can be due; next_arrival only grows, so an early
      // wake-up just pumps and re-arms.
      timer_armed = true;
      arrival_timer.expires_at(t0 + std::chrono::nanoseconds(schedule->intended_ns(next_arrival)));
      arrival_timer.async_wait([this](error_code ec) {
        timer_armed = false;
        if (!ec) pump();
      });
    }
  }

  /// Counts arrivals [next_arrival, until) as late (those due inside the window) and skips
  /// them. Arithmetic, not a loop: at high rates a stalled server can owe millions.
  void drop(std::uint64_t until) {
    const auto first_in_window = schedule->due_by(window_begin - 1);
    const auto end_of_window = schedule->due_by(window_end - 1);
    const auto from = std::max(next_arrival, first_in_window);
    const auto to = std::min(until, end_of_window);
    if (to > from) stats.late += to - from;
    next_arrival = std::max(next_arrival, until);
  }

  // -- the end -------------------------------------------------------------------

  void maybe_finish() {
    if (finished) return;
    if (!more_to_send() && in_flight == 0) finish();
  }

  void finish() {
    if (finished) return;
    if (schedule) drop(schedule->total()); // never sent: the connections could not take them
    for (auto& c : conns) {
      if (c->busy)
        stats.record_error(error_kind::timeout, c->intended_ns, window_begin, window_end);
      c->busy = false;
    }
    finished = true;
    in_flight = 0;
    error_code ignored;
    arrival_timer.cancel();
    end_timer.cancel();
    drain_timer.cancel();
    for (auto& c : conns) {
      c->retry.cancel();
      c->socket.close(ignored);
    }
    ioc.stop();
  }

  void run(std::chrono::steady_clock::time_point start) {
    t0 = start;
    end_timer.expires_at(t0 + std::chrono::nanoseconds(window_end));
    end_timer.async_wait([this](error_code ec) {
      if (ec) return;
      ended = true;
      if (schedule) pump();
      maybe_finish();
    });
    drain_timer.expires_at(t0 + std::chrono::nanoseconds(window_end + options.drain_ns));
    drain_timer.async_wait([this](error_code ec) {
      if (!ec) finish();
    });
    // Start on time zero, not before: the schedule is relative to it.
    arrival_timer.expires_at(t0);
    timer_armed = true;
    arrival_timer.async_wait([this](error_code ec) {
      timer_armed = false;
      if (ec) return;
      std::vector<connection*> ready;
      ready.swap(idle);
      idle.reserve(conns.size());
      for (auto* c : ready)
        became_idle(*c);
      for (auto& c : conns)
        if (!c->socket.is_open()) reconnect(*c);
    });
    ioc.run();
  }
};

load_worker::load_worker(const bench_options& options, unsigned index, unsigned threads,
                         unsigned connections, std::unique_ptr<request_factory> factory)
    : impl_(std::make_unique<impl>(options, index, threads, connections, std::move(factory))) {}

load_worker::~load_worker() = default;

unsigned load_worker::connect() {
  unsigned ok = 0;
  for (auto& c : impl_->conns) {
    error_code ec;
    c->socket.connect(impl_->endpoint, ec);
    if (ec) {
      impl_->stats.record_connect_error();
      error_code ignored;
      c->socket.close(ignored);
      continue;
    }
    impl::set_options(*c);
    impl_->idle.push_back(c.get());
    ++ok;
  }
  return ok;
}

void load_worker::run(std::chrono::steady_clock::time_point start) {
  impl_->run(start);
}

const run_stats& load_worker::stats() const {
  return impl_->stats;
}

} // namespace crm::bench
