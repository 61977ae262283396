#include "cli_options.hpp"

#include "graph/status_webhook.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>

namespace crm::mock {

namespace {

bool read_number(const std::string& text, uint64_t max, uint64_t& out) {
  auto end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end && out <= max;
}

/// `host:port`, `[v6]:port` or `:port`.
bool read_listen(const std::string& text, server_settings& out) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  uint64_t port = 0;
  if (!read_number(text.substr(colon + 1), 65'535, port)) return false;
  auto host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  out.address = host.empty() ? "0.0.0.0" : host;
  out.port = static_cast<uint16_t>(port);
  return true;
}

bool read_script(const std::string& path, llm::answer_script& out, std::string& error) {
  std::ifstream in{path};
  if (!in) {
    error = "cannot read --script " + path;
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto value = boost::json::parse(text.str(), ec);
  if (ec) {
    error = "--script " + path + " is not JSON: " + ec.message();
    return false;
  }
  auto parsed = llm::answer_script::parse(value, error);
  if (!parsed) {
    error = "--script " + path + ": " + error;
    return false;
  }
  out = std::move(*parsed);
  return true;
}

/// `sent,delivered`: status names for --graph-auto-status.
bool read_statuses(const std::string& text, std::vector<std::string>& out) {
  out.clear();
  std::string_view rest{text};
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto name = rest.substr(0, comma);
    if (!graph::is_status_name(name)) return false;
    out.emplace_back(name);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return true;
}

} // namespace

bool parse_cli(const std::vector<std::string>& args, cli_options& out, std::string& error) {
  constexpr uint64_t max_u32 = std::numeric_limits<uint32_t>::max();
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_value = false;
    if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      out.help = true;
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        error = flag.rfind("--", 0) == 0 ? flag + " needs a value" : "unexpected argument " + flag;
        return false;
      }
      value = args[++i];
    }
    uint64_t number = 0;
    auto numeric = [&](uint64_t max) {
      if (read_number(value, max, number)) return true;
      error = flag + " wants a number up to " + std::to_string(max) + ", got '" + value + "'";
      return false;
    };
    if (flag == "--listen") {
      if (!read_listen(value, out.server)) {
        error = "--listen wants host:port, got '" + value + "'";
        return false;
      }
    } else if (flag == "--io-threads") {
      if (!numeric(64) || number == 0) {
        if (error.empty()) error = "--io-threads must be 1..64";
        return false;
      }
      out.server.io_threads = static_cast<unsigned>(number);
    } else if (flag == "--latency-ms") {
      if (!numeric(max_u32)) return false;
      out.chat.latency_ms = static_cast<uint32_t>(number);
    } else if (flag == "--jitter-ms") {
      if (!numeric(max_u32)) return false;
      out.chat.jitter_ms = static_cast<uint32_t>(number);
    } else if (flag == "--hang-timeout-ms") {
      if (!numeric(max_u32)) return false;
      out.chat.hang_timeout = std::chrono::milliseconds{number};
    } else if (flag == "--require-api-key") {
      out.chat.api_key = value;
    } else if (flag == "--script") {
      if (!read_script(value, out.chat.script, error)) return false;
    } else if (flag == "--graph-token") {
      out.graph.token = value;
    } else if (flag == "--graph-latency-ms") {
      if (!numeric(max_u32)) return false;
      out.graph.latency_ms = static_cast<uint32_t>(number);
    } else if (flag == "--graph-jitter-ms") {
      if (!numeric(max_u32)) return false;
      out.graph.jitter_ms = static_cast<uint32_t>(number);
    } else if (flag == "--graph-status-url") {
      out.graph.status_url = value;
    } else if (flag == "--graph-app-secret") {
      out.graph.app_secret = value;
    } else if (flag == "--graph-auto-status") {
      if (!read_statuses(value, out.graph.auto_status)) {
        error = "--graph-auto-status wants a comma list of sent, delivered, read, failed";
        return false;
      }
    } else {
      error = "unknown flag " + flag;
      return false;
    }
  }
  out.graph.hang_timeout = out.chat.hang_timeout; // One hang timeout for both stand-ins.
  return true;
}

const char* usage_text() {
  return R"(crm-mock: OpenAI-compatible LLM and WhatsApp Graph API stand-ins for crmd's tests and benchmarks.

Usage: crm-mock [--flag value | --flag=value]...

  --listen HOST:PORT        where to listen (default 127.0.0.1:8089; port 0 picks a free one,
                            logged in the start line {"msg":"mock_started","port":N,...})
  --io-threads N            HTTP io threads (default 2)
  --latency-ms M            answer delay in ms (default 0)
  --jitter-ms J             delay spread: uniform in [M-J, M+J] (default 0)
  --script FILE             JSON answer rules (see docs/mock.md)
  --require-api-key KEY     answer 401 unless `Authorization: Bearer KEY`
  --hang-timeout-ms T       how long a `hang` fault holds its connection (default 300000)
  --graph-token T           Graph API: answer 401 (code 190) unless `Authorization: Bearer T`
                            (unset: any non-empty bearer token)
  --graph-latency-ms M      Graph API answer delay in ms (default 0)
  --graph-jitter-ms J       Graph API delay spread (default 0)
  --graph-status-url URL    where status webhooks go (crmd's /webhook/whatsapp/<channel>)
  --graph-app-secret S      signs status webhooks (X-Hub-Signature-256)
  --graph-auto-status LIST  statuses posted after each successful send, e.g. sent,delivered
  --help                    this text

Serves POST .../chat/completions (any prefix, e.g. /v1/chat/completions) and WhatsApp sends
POST /vNN.N/{phone_number_id}/messages (Graph API; control under /mock/graph/...).
Control API (JSON): GET|PUT /mock/script, GET|PUT /mock/latency, GET|POST|DELETE /mock/faults,
GET|PUT /mock/config, GET|DELETE /mock/requests, GET /mock/stats, POST /mock/reset.
Fault modes: status_500, status_429, hang, malformed_json, prose, fenced, no_usage,
empty_content, close. SIGTERM or SIGINT stop it cleanly (exit 0).
)";
}

} // namespace crm::mock
