#include "connection_loop.hpp"

#include "line_reader.hpp"
#include "operator_session.hpp"

#include "net/websocket_client.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <random>
#include <thread>
#include <unistd.h>

namespace crm::op {

namespace {

using steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint16_t close_policy_violation = 1008; ///< crmd: the token was refused.
constexpr uint16_t close_try_again = 1013;        ///< crmd: our queue overflowed, resync.

int64_t wall_ms() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void write_line(FILE* f, const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), f);
  if (line.empty() || line.back() != '\n') std::fputc('\n', f);
  std::fflush(f);
}

std::string action_id_prefix() {
  std::random_device rd;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", rd());
  return std::to_string(::getpid()) + "-" + hex;
}

/// How a connection ended, when the process goes on.
struct connection_end {
  std::optional<int> exit; ///< Set: leave with this code.
  bool immediate = false;  ///< Reconnect at once (resync), not after a backoff.
  bool was_synced = false; ///< A snapshot arrived: the backoff starts over.
};

class operator_loop {
public:
  operator_loop(const cli_options& options, loop_timing timing)
      : options_(options), timing_(timing), session_(make_settings(options)), input_(STDIN_FILENO),
        read_input_(options.mode == run_mode::interactive || options.json),
        prompt_(options.mode == run_mode::interactive && ::isatty(STDIN_FILENO) != 0),
        jitter_(std::random_device{}()) {
    if (options.exit_after) deadline_ = steady::now() + *options.exit_after;
  }

  int run() {
    int attempt = 0;
    bool ever_connected = false;
    auto failing_since = steady::now();
    for (;;) {
      if (time_up()) return exit_ok;
      net::websocket_client ws;
      auto timeout = options_.connect_timeout;
      if (deadline_)
        timeout = std::clamp(std::chrono::duration_cast<milliseconds>(*deadline_ - steady::now()),
                             milliseconds{1}, timeout);
      if (auto ec = ws.connect(options_.where.host, options_.where.port, options_.where.target,
                               timeout)) {
        auto status = ws.http_status();
        if (status == 401 || status == 403)
          return refused("the server answered HTTP " + std::to_string(status));
        std::string why =
            status > 0 && status != 101 ? "HTTP " + std::to_string(status) : ec.message();
        if (!ever_connected) {
          error("cannot connect to " + options_.url + " (" + options_.where.target + "): " + why);
          return exit_no_connect;
        }
        if (steady::now() - failing_since >= timing_.give_up_after) {
          error("cannot reconnect to " + options_.url + " (" + why + "): giving up");
          return exit_no_connect;
        }
        if (auto code = pause(backoff(attempt++))) return *code;
        continue;
      }
      ever_connected = true;
      note("connected to " + options_.url);
      auto end = serve(ws);
      session_.on_close();
      if (end.exit) return *end.exit;
      failing_since = steady::now();
      if (end.was_synced) attempt = 0;
      if (auto code = pause(end.immediate ? milliseconds{0} : backoff(attempt++))) return *code;
    }
  }

private:
  /// With an automatic mode, --max-decisions or --exit-after deciding the end, stdin closing
  /// (a script's </dev/null) must not stop a load run.
  static bool stops_on_input_end(const cli_options& o) {
    bool other_end = o.mode == run_mode::approve_all || o.mode == run_mode::reject_all ||
                     o.max_decisions || o.exit_after;
    return o.mode == run_mode::interactive || !other_end;
  }

  static session_settings make_settings(const cli_options& o) {
    session_settings s;
    s.mode = o.mode;
    s.json = o.json;
    s.token = o.token;
    s.last_seq = o.last_seq;
    s.reject_reason = o.reject_reason;
    s.max_decisions = o.max_decisions;
    s.stop_on_input_end = stops_on_input_end(o);
    s.action_id_prefix = action_id_prefix();
    return s;
  }

  connection_end serve(net::websocket_client& ws) {
    connection_end end;
    if (auto ec = ws.send_text(session_.on_open())) {
      note("could not send hello: " + ec.message() + "; reconnecting");
      return end;
    }
    for (;;) {
      end.was_synced = end.was_synced || session_.queue().synced();
      if (auto code = check_stop()) {
        ws.close(1000);
        end.exit = code;
        return end;
      }
      std::string text;
      session_effects fx;
      auto ec = ws.receive_text(text, timing_.turn);
      if (!ec) {
        session_.on_frame(text, wall_ms(), fx);
      } else if (ec != std::errc::timed_out) {
        auto code = ws.close_code();
        if (code == close_policy_violation) {
          end.exit = refused("the server closed the connection (1008)");
          return end;
        }
        if (code == close_try_again) {
          note("the server closed with 1013 (this client fell behind): resyncing");
          end.immediate = true;
          return end;
        }
        note("connection lost (" + (code ? "close code " + std::to_string(*code) : ec.message()) +
             "); reconnecting");
        return end;
      }
      poll_input(0, fx);
      for (const auto& frame : fx.send) {
        if (auto send_ec = ws.send_text(frame)) {
          note("send failed (" + send_ec.message() + "); reconnecting");
          print(fx);
          return end;
        }
      }
      print(fx);
      if (fx.done) {
        ws.close(1000);
        end.exit = exit_ok;
        return end;
      }
      if (fx.resync) {
        ws.close(1000);
        end.immediate = true;
        return end;
      }
    }
  }

  /// Waits `delay` between connections, still reading input (queued actions wait for the
  /// next snapshot). An exit code when the session ends meanwhile.
  std::optional<int> pause(milliseconds delay) {
    auto until = steady::now() + delay;
    for (;;) {
      if (auto code = check_stop()) return code;
      auto left = std::chrono::duration_cast<milliseconds>(until - steady::now());
      if (left.count() <= 0) return std::nullopt;
      session_effects fx;
      auto wait = std::min(left, timing_.turn);
      if (!poll_input(static_cast<int>(wait.count()), fx)) std::this_thread::sleep_for(wait);
      if (!fx.send.empty())
        note("not connected: " + std::to_string(fx.send.size()) + " frame(s) dropped");
      fx.send.clear();
      print(fx);
      if (fx.done) return exit_ok;
    }
  }

  /// False when input is not read now: none expected, ended, or no snapshot yet (commands
  /// name reviews by the numbers the first snapshot gives them, so they wait for it).
  bool poll_input(int timeout_ms, session_effects& fx) {
    ever_synced_ = ever_synced_ || session_.queue().synced();
    if (!read_input_ || input_.at_end() || !ever_synced_) return false;
    std::vector<std::string> lines;
    input_.read_available(lines, timeout_ms);
    for (const auto& line : lines)
      session_.on_input(line, wall_ms(), fx);
    if (input_.at_end()) {
      input_ended_ = steady::now();
      session_.on_input_closed(fx);
    }
    return true;
  }

  /// The deadline passed, or input ended and its acks did not come in time.
  std::optional<int> check_stop() {
    if (time_up()) return exit_ok;
    if (input_ended_ && stops_on_input_end(options_) &&
        steady::now() - *input_ended_ >= timing_.drain_after_input) {
      error(std::to_string(session_.actions().outstanding().size()) +
            " action(s) still unacknowledged at the end of input");
      return exit_ok;
    }
    return std::nullopt;
  }

  bool time_up() const { return deadline_ && steady::now() >= *deadline_; }

  milliseconds backoff(int attempt) {
    auto base = timing_.first_backoff * (1LL << std::min(attempt, 10));
    auto capped = std::min<milliseconds>(base, timing_.max_backoff);
    std::uniform_real_distribution<double> spread{0.8,
                                                  1.2}; // Operators must not reconnect in step.
    return milliseconds{
        static_cast<int64_t>(static_cast<double>(capped.count()) * spread(jitter_))};
  }

  int refused(const std::string& how) {
    error("token refused: " + how + ". Check --token or CRM_OPERATOR_TOKEN.");
    return exit_token_refused;
  }

  void print(const session_effects& fx) {
    for (const auto& frame : fx.frames)
      write_line(stdout, frame);
    for (const auto& line : fx.notes)
      note(line);
    if (prompt_ && !fx.notes.empty()) {
      std::fputs("> ", stdout);
      std::fflush(stdout);
    }
  }

  /// Human text: stdout, except under --json where stdout carries only frames.
  void note(const std::string& line) { write_line(options_.json ? stderr : stdout, line); }
  void error(const std::string& line) { write_line(stderr, "crm-operator: " + line); }

  const cli_options& options_;
  loop_timing timing_;
  operator_session session_;
  line_reader input_;
  bool read_input_;
  bool prompt_;
  bool ever_synced_ = false;
  std::minstd_rand jitter_;
  std::optional<steady::time_point> deadline_;
  std::optional<steady::time_point> input_ended_;
};

} // namespace

int run_operator(const cli_options& options, loop_timing timing) {
  return operator_loop{options, timing}.run();
}

} // namespace crm::op
