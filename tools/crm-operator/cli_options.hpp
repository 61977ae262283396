#pragma once

// crm-operator's command line. Pure: the environment's token and whether stdin is a terminal
// are passed in, so tests decide them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::op {

/// Who decides what happens to reviews.
enum class run_mode {
  interactive, ///< A person at a terminal types commands.
  approve_all, ///< Approves every review it sees (tests, load runs).
  reject_all,  ///< Rejects every review it sees.
  frames,      ///< --json alone: stdin lines are frames, nothing is decided automatically.
};

struct endpoint {
  std::string host;
  uint16_t port = 80;
  std::string target = "/ws";
};

struct cli_options {
  std::string url = "http://127.0.0.1:8000";
  endpoint where;
  std::string token; ///< Secret: never printed.
  run_mode mode = run_mode::interactive;
  bool json = false; ///< Server frames to stdout as JSON lines; stdin lines sent as frames.
  std::string reject_reason;
  std::optional<uint64_t> max_decisions;
  std::optional<std::chrono::milliseconds> exit_after;
  uint64_t last_seq = 0;
  std::chrono::milliseconds connect_timeout{5'000};
  bool help = false;
};

/// Parses argv[1..]; false with a one-line `error` on anything wrong (exit code 2).
/// `env_token` is CRM_OPERATOR_TOKEN (nullptr when unset); --token wins over it.
bool parse_cli(const std::vector<std::string>& args, const char* env_token, bool stdin_is_tty,
               cli_options& out, std::string& error);

/// `http://host:port/base` or `ws://...` to where the WebSocket lives (`/base/ws`).
bool parse_url(const std::string& url, endpoint& out, std::string& error);

/// `5s`, `250ms`, `2m`, `1h`, or a bare number of seconds.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

/// The --help text.
const char* usage_text();

} // namespace crm::op
