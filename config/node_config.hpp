#pragma once

// The node's own settings: one registry of keys (name, description, default, validation) that
// reads the TOML config file, the environment and the command line (flags win), and renders
// `crmd --help` and docs/config.md from the same table.

#include "config/tenant_config.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crm::config {

struct node_config {
  std::string listen_host = "127.0.0.1"; ///< `listen` = "HOST:PORT"
  uint16_t listen_port = 8000;
  std::string data_dir = "./data";
  std::string admin_token;    ///< Also env CRMD_ADMIN_TOKEN; empty refuses admin endpoints.
  std::string cluster_listen; ///< "HOST:PORT" or empty (no cluster).
  std::vector<std::string> peers;
  std::string node_id = "node-1";
  unsigned io_threads = 2;    ///< Beast io_context threads.
  unsigned actor_threads = 2; ///< CAF scheduler threads.
  std::string log_level = "info";
  size_t max_body_bytes = 4 * 1024 * 1024;
  size_t header_limit_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  size_t max_connections = 10'000;
  /// Admission: messages accepted but not yet durable + not yet finished by their conversation.
  size_t ingress_credits = 10'000;
  std::chrono::seconds dedupe_retention{8 * 24 * 3600}; ///< Meta retries for 7 days.
  std::chrono::seconds conversation_idle{300};          ///< Passivate idle conversations.
  size_t max_batch_records = 4096;                      ///< Upper bound of one group commit.
  size_t llm_queue_per_tenant = 256; ///< LLM requests waiting per tenant beyond max_in_flight.
  unsigned llm_max_attempts = 3;     ///< Tries per LLM request.
  std::string web_root; ///< Built console files; empty: `<exe dir>/../../web/dist` if present.
  /// `[tenants.ID]` tables of the config file, validated by the tenant schema (file only, no
  /// flags). The node decides how to apply them; they are not defaults of `parse_tenant_config`.
  std::vector<std::pair<std::string, tenant_config>> tenants;
};

/// A configuration error that names the key.
struct config_error {
  std::string key;    ///< e.g. `listen`, `--bogus`, `tenants.acme.auto_send_threshold`.
  std::string detail; ///< Human sentence.
};

/// Result of parsing: either a config, an error, or "help was printed, exit 0".
struct parse_result {
  node_config config;
  std::vector<config_error> errors;
  bool help_requested = false;          ///< `-h`/`--help`: print render_help(), exit 0.
  bool help_markdown_requested = false; ///< `--help-markdown`: print render_markdown(), exit 0.
  bool ok() const { return errors.empty(); }
};

/// Reads `--config FILE` (TOML) if given, then the environment (CRMD_ADMIN_TOKEN, only when
/// `--admin-token` is not given), then flags; later sources win. `--flag=value` and
/// `--flag value` both work. Unknown keys and flags are errors, as are values of the wrong type
/// or out of range; all errors are collected. With `--help`/`--help-markdown` nothing else is
/// read.
parse_result parse_node_config(int argc, const char* const* argv);

/// `crmd --help` text, rendered from the registry.
std::string render_help();
/// docs/config.md, rendered from the registry (node keys, then the tenant schema).
std::string render_markdown();
/// The example config file shown in docs/config.md (tests parse it, so it stays valid).
std::string example_config_toml();

} // namespace crm::config
