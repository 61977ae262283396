#include "cli_options.hpp"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>

namespace crm::audit_tool {

namespace {

bool parse_number(const std::string& text, uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

} // namespace

const char* usage_text() {
  return "usage: crm-audit <command> (--data-dir DIR | --url http://HOST:PORT [--admin-token T])\n"
         "commands:\n"
         "  verify   walk the hash chain; prints {\"ok\",\"records\",\"head_hash\"[,"
         "\"first_bad_seq\"]}\n"
         "  query    [--tenant T] [--client-id C] [--event-token E] [--classification X]\n"
         "           [--status S] [--state S] [--since-seq N] [--limit N]\n"
         "           prints {\"records\":[...],\"next_since_seq\":N}\n"
         "  export   [--out FILE]  every record, oldest first, one JSON object a line\n"
         "  screen-eval FILE [--tenant CONFIG.json]  guardrail precision/recall on a labelled\n"
         "           JSONL corpus ({\"id\",\"text\",\"label\",\"category\"})\n"
         "exit codes: 0 ok, 1 chain does not verify, 2 usage or access error\n"
         "the admin token defaults to $CRMD_ADMIN_TOKEN\n";
}

bool parse_cli(const std::vector<std::string>& args, cli_options& out, std::string& error) {
  out = cli_options{};
  if (const char* token = std::getenv("CRMD_ADMIN_TOKEN")) out.admin_token = token;
  auto& f = out.filter;
  std::string since;
  std::string limit;
  const std::map<std::string, std::string*> text_flags = {
      {"--data-dir", &out.data_dir},
      {"--url", &out.url},
      {"--admin-token", &out.admin_token},
      {"--out", &out.out},
      {"--tenant", &f.tenant},
      {"--client-id", &f.client_id},
      {"--event-token", &f.event_token},
      {"--classification", &f.classification},
      {"--status", &f.status},
      {"--state", &f.state},
      {"--since-seq", &since},
      {"--limit", &limit},
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return true;
    }
    if (arg.rfind("--", 0) != 0) {
      if (!out.command.empty()) {
        error = "unexpected argument '" + arg + "'";
        return false;
      }
      out.command = arg;
      continue;
    }
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    auto flag = text_flags.find(name);
    if (flag == text_flags.end()) {
      error = "unknown option '" + name + "'";
      return false;
    }
    if (eq != std::string::npos) {
      *flag->second = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      *flag->second = args[++i];
    } else {
      error = "option '" + name + "' needs a value";
      return false;
    }
  }
  if (out.command != "verify" && out.command != "query" && out.command != "export") {
    error = out.command.empty() ? "no command given" : "unknown command '" + out.command + "'";
    return false;
  }
  if (out.data_dir.empty() == out.url.empty()) {
    error = "give exactly one of --data-dir and --url";
    return false;
  }
  if (!since.empty() && !parse_number(since, f.since_seq)) {
    error = "--since-seq must be a non-negative integer";
    return false;
  }
  uint64_t n = 0;
  if (!limit.empty()) {
    if (!parse_number(limit, n) || n == 0) {
      error = "--limit must be a positive integer";
      return false;
    }
    f.limit = static_cast<size_t>(n);
  }
  return true;
}

} // namespace crm::audit_tool
