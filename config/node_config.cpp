#include "config/node_config.hpp"

#include "config/host_port.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <optional>
#include <sstream>
#include <string_view>
#include <type_traits>

namespace crm::config {

namespace {

// -- the registry ---------------------------------------------------------------------------------

/// How a key's value is spelled in the TOML file. Flags and the environment are always text.
enum class toml_kind { integer, string, string_list };

/// One key: its name, documentation, parsing and validation. The flag is `--` + key with `_`
/// spelled `-`, so the two names cannot diverge.
struct key_spec {
  std::string_view key;
  std::string_view value_name; ///< Placeholder in `--help`: `HOST:PORT`, `N`, ...
  toml_kind kind = toml_kind::string;
  std::string description; ///< Ends with the accepted range where there is one.
  /// Validates `text` and stores it; returns an error sentence, or empty on success.
  std::function<std::string(std::string_view text, node_config& config)> assign;
  /// The value as text (for the defaults in `--help` and the docs).
  std::function<std::string(const node_config& config)> show;
};

constexpr std::string_view admin_token_env = "CRMD_ADMIN_TOKEN";
/// Error messages quote offending values up to this length (a stray file is not echoed whole).
constexpr size_t max_quoted_chars = 64;

std::string flag_of(std::string_view key) {
  std::string flag = "--";
  for (char c : key)
    flag += c == '_' ? '-' : c;
  return flag;
}

std::string quote(std::string_view text) {
  if (text.size() > max_quoted_chars)
    return "\"" + std::string{text.substr(0, max_quoted_chars)} + "...\"";
  return "\"" + std::string{text} + "\"";
}

template <class M>
constexpr bool is_duration = requires {
  typename M::rep;
  typename M::period;
};

/// An unsigned integer key stored in `member` (an integer or a std::chrono duration).
template <class M>
key_spec number_key(std::string_view key, std::string_view value_name, M node_config::*member,
                    uint64_t min, uint64_t max, std::string_view description) {
  key_spec spec;
  spec.key = key;
  spec.value_name = value_name;
  spec.kind = toml_kind::integer;
  spec.description =
      std::string{description} + " Range " + std::to_string(min) + "-" + std::to_string(max) + ".";
  spec.assign = [=](std::string_view text, node_config& config) -> std::string {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min ||
        value > max)
      return "Expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
             ", got " + quote(text) + ".";
    if constexpr (is_duration<M>)
      config.*member = M{static_cast<typename M::rep>(value)};
    else
      config.*member = static_cast<M>(value);
    return {};
  };
  spec.show = [=](const node_config& config) {
    if constexpr (is_duration<M>)
      return std::to_string((config.*member).count());
    else
      return std::to_string(config.*member);
  };
  return spec;
}

/// A string key; `check` returns an error sentence or empty.
key_spec string_key(std::string_view key, std::string_view value_name,
                    std::string node_config::*member, std::string_view description,
                    std::function<std::string(std::string_view)> check) {
  key_spec spec;
  spec.key = key;
  spec.value_name = value_name;
  spec.description = std::string{description};
  spec.assign = [=](std::string_view text, node_config& config) -> std::string {
    if (auto detail = check(text); !detail.empty()) return detail;
    config.*member = std::string{text};
    return {};
  };
  spec.show = [=](const node_config& config) { return config.*member; };
  return spec;
}

std::string expect_host_port(std::string_view text) {
  if (parse_host_port(text)) return {};
  return "Expected HOST:PORT with a port from 0 to 65535 (IPv6 as [::1]:PORT), got " + quote(text) +
         ".";
}

std::string check_non_empty(std::string_view text) {
  return text.empty() ? "Must not be empty." : std::string{};
}

std::string check_anything(std::string_view) {
  return {};
}

std::string check_admin_token(std::string_view text) {
  // Never echo the token: error messages end up in logs.
  if (text.size() > 256) return "Expected at most 256 characters.";
  for (unsigned char c : text)
    if (c <= 0x20 || c >= 0x7f)
      return "Expected printable ASCII without spaces (it is sent as a Bearer token).";
  return {};
}

std::string check_node_id(std::string_view text) {
  bool ok = !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
  return ok ? std::string{}
            : "Expected 1-64 characters of [A-Za-z0-9_.-], got " + quote(text) + ".";
}

std::string check_log_level(std::string_view text) {
  for (auto level : {"trace", "debug", "info", "warn", "error"})
    if (text == level) return {};
  return "Expected one of trace, debug, info, warn, error; got " + quote(text) + ".";
}

/// Cluster sizes are small; the cap keeps a typo (a pasted file) from becoming a connect storm.
constexpr size_t max_peers = 256;

key_spec listen_key() {
  key_spec spec;
  spec.key = "listen";
  spec.value_name = "HOST:PORT";
  spec.description =
      "HTTP address: webhooks, API, operator WebSocket, metrics and console. Port 0 picks a free "
      "port.";
  spec.assign = [](std::string_view text, node_config& config) -> std::string {
    auto endpoint = parse_host_port(text);
    if (!endpoint) return expect_host_port(text);
    config.listen_host = endpoint->host;
    config.listen_port = endpoint->port;
    return {};
  };
  spec.show = [](const node_config& config) {
    return to_string(host_port{config.listen_host, config.listen_port});
  };
  return spec;
}

key_spec peers_key() {
  key_spec spec;
  spec.key = "peers";
  spec.value_name = "HOST:PORT,...";
  spec.kind = toml_kind::string_list;
  spec.description = "Cluster peers to connect to (at most " + std::to_string(max_peers) +
                     "). In the file, a list of strings or one comma-separated string.";
  spec.assign = [](std::string_view text, node_config& config) -> std::string {
    std::vector<std::string> peers;
    for (size_t begin = 0; begin <= text.size() && !text.empty();) {
      auto end = std::min(text.find(',', begin), text.size());
      auto peer = text.substr(begin, end - begin);
      if (auto detail = expect_host_port(peer); !detail.empty())
        return "Peer " + std::to_string(peers.size() + 1) + ": " + detail;
      peers.emplace_back(peer);
      begin = end + 1;
    }
    if (peers.size() > max_peers)
      return "Expected at most " + std::to_string(max_peers) + " peers, got " +
             std::to_string(peers.size()) + ".";
    config.peers = std::move(peers);
    return {};
  };
  spec.show = [](const node_config& config) {
    std::string out;
    for (const auto& peer : config.peers) {
      out += out.empty() ? "" : ",";
      out += peer;
    }
    return out;
  };
  return spec;
}

const std::vector<key_spec>& registry() {
  using namespace std::chrono;
  static const std::vector<key_spec> keys{
      listen_key(),
      string_key("data_dir", "DIR", &node_config::data_dir,
                 "Data directory (the LMDB environment); created if missing.", check_non_empty),
      string_key("admin_token", "TOKEN", &node_config::admin_token,
                 "Bearer token of the /admin endpoints; empty refuses them. Env CRMD_ADMIN_TOKEN "
                 "sets it unless the flag is given.",
                 check_admin_token),
      string_key("cluster_listen", "HOST:PORT", &node_config::cluster_listen,
                 "Cluster (CAF middleman) address; empty: no cluster.",
                 [](std::string_view text) {
                   return text.empty() ? std::string{} : expect_host_port(text);
                 }),
      peers_key(),
      string_key("node_id", "NAME", &node_config::node_id,
                 "This node's name in the cluster and in logs: 1-64 chars of [A-Za-z0-9_.-].",
                 check_node_id),
      number_key("io_threads", "N", &node_config::io_threads, 1, 256,
                 "HTTP I/O threads (Beast io_context)."),
      number_key("actor_threads", "N", &node_config::actor_threads, 1, 256,
                 "Actor scheduler threads (CAF)."),
      string_key("log_level", "LEVEL", &node_config::log_level,
                 "Log level: trace, debug, info, warn or error.", check_log_level),
      number_key("max_body_bytes", "BYTES", &node_config::max_body_bytes, 1'024, 1ull << 30,
                 "Largest HTTP request body; larger ones get 413 (Meta sends up to 3 MB)."),
      number_key("header_limit_bytes", "BYTES", &node_config::header_limit_bytes, 1'024, 1ull << 20,
                 "Largest HTTP request header block."),
      number_key("read_timeout_ms", "MS", &node_config::read_timeout, 100, 3'600'000,
                 "Time a client has to send a whole request."),
      number_key("idle_timeout_ms", "MS", &node_config::idle_timeout, 100, 86'400'000,
                 "Idle keep-alive connections are closed after this."),
      number_key("max_connections", "N", &node_config::max_connections, 1, 1'000'000,
                 "Concurrent HTTP connections; more are refused."),
      number_key("ingress_credits", "N", &node_config::ingress_credits, 1, 10'000'000,
                 "Messages accepted but not yet durable and finished; beyond it webhooks get 503 "
                 "and ingest 429."),
      number_key("dedupe_retention_s", "SECONDS", &node_config::dedupe_retention, 60,
                 365 * 24 * 3600,
                 "How long message ids are remembered to drop redeliveries (Meta retries for 7 "
                 "days)."),
      number_key("conversation_idle_s", "SECONDS", &node_config::conversation_idle, 1, 86'400,
                 "Idle conversations are passivated after this."),
      number_key("max_batch_records", "N", &node_config::max_batch_records, 1, 65'536,
                 "Most records in one group commit."),
      number_key("llm_queue_per_tenant", "N", &node_config::llm_queue_per_tenant, 0, 1'000'000,
                 "LLM requests of one tenant that may wait for one of its llm.max_in_flight "
                 "slots; past it a message goes to review as llm_overloaded at once."),
      number_key("llm_max_attempts", "N", &node_config::llm_max_attempts, 1, 10,
                 "Tries per LLM request (connect errors, 5xx and 429 are retried with jittered "
                 "backoff, within the tenant's llm.timeout_ms)."),
      string_key("web_root", "DIR", &node_config::web_root,
                 "Built operator console; empty: <exe dir>/../../web/dist if present.",
                 check_anything),
  };
  return keys;
}

const key_spec* find_key(std::string_view key) {
  for (const auto& spec : registry())
    if (spec.key == key) return &spec;
  return nullptr;
}

const key_spec* find_flag(std::string_view flag) {
  for (const auto& spec : registry())
    if (flag_of(spec.key) == flag) return &spec;
  return nullptr;
}

// -- sources --------------------------------------------------------------------------------------

std::string where(const std::string& file, const toml::node& node) {
  return file + ":" + std::to_string(node.source().begin.line);
}

/// The TOML value as the text `assign` takes, or an error sentence.
std::optional<std::string> toml_text(const key_spec& spec, const toml::node& node,
                                     std::string& detail) {
  switch (spec.kind) {
  case toml_kind::integer:
    if (auto value = node.value_exact<int64_t>()) return std::to_string(*value);
    detail = "Expected an integer.";
    return std::nullopt;
  case toml_kind::string:
    if (auto value = node.value_exact<std::string>()) return *value;
    detail = "Expected a string.";
    return std::nullopt;
  case toml_kind::string_list:
    if (auto value = node.value_exact<std::string>()) return *value;
    if (const auto* array = node.as_array()) {
      std::string joined;
      for (size_t i = 0; i < array->size(); ++i) {
        auto item = (*array)[i].value_exact<std::string>();
        if (!item) {
          detail = "Expected a list of strings.";
          return std::nullopt;
        }
        joined += i ? "," : "";
        joined += *item;
      }
      return joined;
    }
    detail = "Expected a list of strings.";
    return std::nullopt;
  }
  return std::nullopt;
}

void read_tenants(const std::string& file, const toml::node& node, parse_result& result) {
  const auto* tenants = node.as_table();
  if (!tenants) {
    result.errors.push_back({"tenants", where(file, node) + ": Expected a table of tenants."});
    return;
  }
  for (const auto& [id_key, tenant_node] : *tenants) {
    std::string id{id_key.str()};
    auto key = "tenants." + id;
    if (!valid_tenant_id(id)) {
      result.errors.push_back(
          {key, where(file, tenant_node) + ": Tenant ids are 1-64 chars of [a-z0-9_-]."});
      continue;
    }
    const auto* table = tenant_node.as_table();
    if (!table) {
      result.errors.push_back({key, where(file, tenant_node) + ": Expected a table."});
      continue;
    }
    // One schema for both spellings: the TOML table goes through the JSON parser.
    std::ostringstream json;
    json << toml::json_formatter{*table};
    field_error error;
    if (auto tenant = parse_tenant_config(json.str(), error))
      result.config.tenants.emplace_back(id, std::move(*tenant));
    else
      result.errors.push_back({error.field.empty() ? key : key + "." + error.field,
                               where(file, tenant_node) + ": " + error.detail});
  }
}

void read_file(const std::string& file, parse_result& result) {
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    result.errors.push_back({"config", file + ":" + std::to_string(begin.line) + ":" +
                                           std::to_string(begin.column) + ": " +
                                           std::string{e.description()}});
    return;
  }
  // toml::table is sorted by key; errors read better in the file's order.
  std::vector<std::pair<std::string, const toml::node*>> entries;
  for (const auto& [name, node] : root)
    entries.emplace_back(name.str(), &node);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.second->source().begin.line < b.second->source().begin.line;
  });
  for (const auto& [key, node_pointer] : entries) {
    const auto& node = *node_pointer;
    if (key == "tenants") {
      read_tenants(file, node, result);
      continue;
    }
    const auto* spec = find_key(key);
    if (!spec) {
      result.errors.push_back({key, where(file, node) + ": Unknown key " + quote(key) + "."});
      continue;
    }
    std::string detail;
    if (auto text = toml_text(*spec, node, detail)) detail = spec->assign(*text, result.config);
    if (!detail.empty()) result.errors.push_back({key, where(file, node) + ": " + detail});
  }
}

struct flag_value {
  const key_spec* spec;
  std::string value;
};

} // namespace

parse_result parse_node_config(int argc, const char* const* argv) {
  parse_result result;
  std::optional<std::string> config_file;
  std::vector<flag_value> flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      result.help_requested = true;
      continue;
    }
    if (arg == "--help-markdown") {
      result.help_markdown_requested = true;
      continue;
    }
    if (!arg.starts_with("--")) {
      result.errors.push_back(
          {std::string{arg}, "Unexpected argument " + quote(arg) + "; flags start with --."});
      continue;
    }
    auto equals = arg.find('=');
    auto name = arg.substr(0, equals);
    const auto* spec = name == "--config" ? nullptr : find_flag(name);
    if (name != "--config" && !spec) {
      result.errors.push_back(
          {std::string{name}, "Unknown flag " + std::string{name} + "; see --help."});
      // Skip its value too, so one typo is one error.
      if (equals == std::string_view::npos && i + 1 < argc && argv[i + 1][0] != '-') ++i;
      continue;
    }
    std::string value;
    if (equals != std::string_view::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      result.errors.push_back(
          {spec ? std::string{spec->key} : "config", std::string{name} + " needs a value."});
      continue;
    }
    if (spec)
      flags.push_back({spec, std::move(value)});
    else
      config_file = std::move(value);
  }
  if (result.help_requested || result.help_markdown_requested) return result;

  if (config_file) read_file(*config_file, result);

  bool token_flag = std::any_of(flags.begin(), flags.end(),
                                [](const flag_value& f) { return f.spec->key == "admin_token"; });
  if (const char* token = std::getenv(std::string{admin_token_env}.c_str()); token && !token_flag)
    if (auto detail = find_key("admin_token")->assign(token, result.config); !detail.empty())
      result.errors.push_back({"admin_token", std::string{admin_token_env} + ": " + detail});

  for (const auto& flag : flags)
    if (auto detail = flag.spec->assign(flag.value, result.config); !detail.empty())
      result.errors.push_back(
          {std::string{flag.spec->key}, flag_of(flag.spec->key) + ": " + detail});
  return result;
}

// -- rendering ------------------------------------------------------------------------------------

namespace {

/// Width of `--help`.
constexpr size_t help_columns = 100;
/// Joins words that must stay on one line ("Default: 4194304.") while wrapping.
constexpr char glue = '\x1f';

std::string shown_default(const key_spec& spec) {
  auto value = spec.show(node_config{});
  return value.empty() ? "(none)" : value;
}

std::string escape_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

} // namespace

std::string render_help() {
  struct line {
    std::string left, right;
  };
  std::vector<line> lines{
      {"-h, --help", "Print this help and exit."},
      {"--help-markdown", "Print the configuration reference (docs/config.md) and exit."},
      {"--config FILE", "TOML file of the keys below (flags win over it)."},
  };
  for (const auto& spec : registry())
    lines.push_back(
        {flag_of(spec.key) + " " + std::string{spec.value_name},
         spec.description + " Default:" + std::string{glue} + shown_default(spec) + "."});
  size_t width = 0;
  for (const auto& l : lines)
    width = std::max(width, l.left.size());
  std::string out = "Usage: crmd [--config FILE] [--FLAG VALUE | --FLAG=VALUE]...\n\n"
                    "Runs a crmd node. Every flag is also a key of the config file, spelled with\n"
                    "underscores (--data-dir is data_dir).\n\n";
  // Descriptions wrap in their column so the help reads in an 100-column terminal.
  size_t indent = 2 + width + 2;
  size_t room = help_columns > indent + 20 ? help_columns - indent : 20;
  for (const auto& l : lines) {
    out += "  " + l.left + std::string(width - l.left.size() + 2, ' ');
    size_t used = 0;
    std::istringstream words{l.right};
    for (std::string word; words >> word;) {
      if (used > 0 && used + 1 + word.size() > room) {
        out += "\n" + std::string(indent, ' ');
        used = 0;
      } else if (used > 0) {
        out += ' ';
        ++used;
      }
      used += word.size();
      std::replace(word.begin(), word.end(), glue, ' ');
      out += word;
    }
    out += "\n";
  }
  out += "\nEnvironment:\n  " + std::string{admin_token_env} +
         " sets --admin-token unless the flag is given.\n";
  return out;
}

std::string example_config_toml() {
  return "listen = \"0.0.0.0:8000\"\n"
         "data_dir = \"/var/lib/crmd\"\n"
         "node_id = \"node-1\"\n"
         "cluster_listen = \"10.0.0.1:9000\"\n"
         "peers = [\"10.0.0.2:9000\", \"10.0.0.3:9000\"]\n"
         "log_level = \"info\"\n"
         "ingress_credits = 20000\n"
         "\n"
         "[tenants.acme]\n"
         "name = \"ACME\"\n"
         "forbidden_topics = [\"crypto\"]\n"
         "auto_send_threshold = 90\n"
         "\n"
         "[tenants.acme.llm]\n"
         "base_url = \"http://127.0.0.1:1234/v1\"\n"
         "model = \"qwen2.5-7b-instruct\"\n";
}

std::string render_markdown() {
  std::string out =
      "# Configuration\n\n"
      "<!-- Generated from config/node_config.cpp and config/tenant_config.cpp: regenerate with\n"
      "     `crmd --help-markdown > docs/config.md`; config_tests fails when this file drifts. "
      "-->\n\n"
      "## Node config\n\n"
      "`crmd --config FILE` reads a TOML file of the keys below. Every key is also a flag, and "
      "flags win over the file; `--flag=value` and `--flag value` both work. "
      "`CRMD_ADMIN_TOKEN` in the environment sets `admin_token` unless `--admin-token` is given. "
      "Unknown keys and flags, wrong types and out-of-range values stop the node with an error "
      "naming the key.\n\n"
      "| key | flag | default | description |\n"
      "|---|---|---|---|\n";
  for (const auto& spec : registry()) {
    auto value = spec.show(node_config{});
    out += "| `" + std::string{spec.key} + "` | `" + flag_of(spec.key) + " " +
           std::string{spec.value_name} + "` | " +
           (value.empty() ? std::string{} : "`" + escape_cell(value) + "`") + " | " +
           escape_cell(spec.description) + " |\n";
  }
  out += "\nExample:\n\n```toml\n" + example_config_toml() + "```\n\n" + render_tenant_markdown();
  return out;
}

} // namespace crm::config
