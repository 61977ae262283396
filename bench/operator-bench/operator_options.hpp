#pragma once

// crm-operator-bench's command line: every knob with its default. Parsing returns an error
// sentence instead of throwing or exiting.

#include <cstdint>
#include <string>
#include <vector>

namespace crm::bench {

/// Bounds on the knobs: a typo must not open 10^6 sockets or run for a day.
inline constexpr unsigned kMaxOperatorConnections = 20000;
inline constexpr unsigned kMaxOperatorThreads = 2;

struct operator_options {
  std::string host = "127.0.0.1";         ///< from --url (loopback only)
  std::uint16_t port = 0;                 ///< from --url
  std::string path = "/ws";               ///< from --url
  std::string tokens_file;                ///< --tokens: one operator token per line, used in turn
  unsigned connections = 1000;            ///< --connections
  unsigned threads = 1;                   ///< --threads (1..2)
  unsigned connect_concurrency = 100;     ///< --connect-concurrency: handshakes in flight at once
  std::int64_t warmup_ns = 2'000'000'000; ///< --warmup after the first review frame
  std::int64_t duration_ns = 10'000'000'000;        ///< --duration: reviews created in it count
  std::int64_t drain_ns = 3'000'000'000;            ///< --drain: wait for late frames
  std::int64_t connect_timeout_ns = 60'000'000'000; ///< --connect-timeout: all connected
  std::int64_t first_frame_timeout_ns = 120'000'000'000; ///< --first-frame-timeout
  bool help = false;
};

struct operator_options_result {
  operator_options options;
  std::string error; ///< Empty on success, else a sentence for stderr.
  bool ok() const { return error.empty(); }
};

/// Parses `args` (without the program name). Accepts `--name value` and `--name=value`.
operator_options_result parse_operator_options(const std::vector<std::string>& args);

/// Reads the token file: one token per line, blank lines skipped. Empty on error.
std::vector<std::string> read_tokens(const std::string& path, std::string& error);

std::string operator_usage();

} // namespace crm::bench
