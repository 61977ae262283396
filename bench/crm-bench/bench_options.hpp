#pragma once

// crm-bench's command line: every knob with its default, parsed into a plain struct. Parsing
// returns an error sentence instead of throwing or exiting, so tests can feed it bad input.

#include <cstdint>
#include <string>
#include <vector>

#include "bench/crm-bench/target_url.hpp"

namespace crm::bench {

enum class scenario {
  webhook, ///< POST /webhook/whatsapp/{tenant}: signed Cloud API body, unique wamid each.
  ingest,  ///< POST /v1/messages with a Bearer ingest key, unique message_id each.
  seed,    ///< POST /webhook: the seed stack's fixed body.json, signed (drives the seed peer).
};

/// Bounds on the knobs: a typo must not open 10^6 sockets or run for a day.
inline constexpr unsigned kMaxConnections = 10000;
inline constexpr unsigned kMaxThreads = 2;
inline constexpr std::int64_t kMaxDurationNs = std::int64_t{3600} * 1'000'000'000;
inline constexpr double kMaxRate = 10'000'000;

struct bench_options {
  target_url url;                             ///< --url (loopback only)
  enum scenario scenario = scenario::webhook; ///< --scenario
  std::string path;               ///< --path; empty = URL path or the scenario's default
  std::string tenant = "default"; ///< --tenant
  std::string text = "Hello, I would like to know the opening hours of your shop."; ///< --text
  std::string app_secret = "test-secret";          ///< --app-secret (webhook and seed signatures)
  std::string ingest_key;                          ///< --ingest-key (required for ingest)
  std::string phone_number_id = "106540352242922"; ///< --phone-number-id in webhook bodies
  std::string body_file;     ///< --body-file: seed body (default: built-in body.json)
  double rate = 0;           ///< --rate requests/s; 0 = closed loop
  unsigned connections = 64; ///< --connections
  unsigned threads = 1;      ///< --threads (1..2)
  std::int64_t duration_ns = 10'000'000'000; ///< --duration (measured part)
  std::int64_t warmup_ns = 2'000'000'000;    ///< --warmup (runs, excluded from stats)
  std::int64_t drain_ns = 5'000'000'000;     ///< --drain: wait for in-flight answers after the end
  std::uint64_t max_backlog = 0; ///< --max-backlog; 0 = one second of arrivals (at least 1000)
  unsigned customers = 1000;     ///< --customers: distinct sender ids rotated through
  bool help = false;             ///< --help

  /// The request path this run uses (--path, else the URL's, else the scenario's default).
  std::string request_path() const;
  /// The backlog bound after defaults are applied.
  std::uint64_t effective_max_backlog() const;
};

struct options_result {
  bench_options options;
  std::string error; ///< Empty on success, else a sentence for stderr.
  bool ok() const { return error.empty(); }
};

/// Parses `args` (without the program name). Accepts `--name value` and `--name=value`.
options_result parse_options(const std::vector<std::string>& args);

/// Parses `10s`, `250ms`, `2m`, `1.5s`, `500us` or a bare number of seconds; -1 on error.
std::int64_t parse_duration_ns(const std::string& text);

/// `--help` text.
std::string usage();

/// Scenario name as printed in the summary.
const char* to_string(enum scenario s);

} // namespace crm::bench
