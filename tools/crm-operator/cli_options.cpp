#include "cli_options.hpp"

#include <charconv>
#include <limits>

namespace crm::op {

namespace {

bool read_u64(const std::string& text, uint64_t& out) {
  auto end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc{} && ptr == end;
}

bool needs_value(const std::string& flag) {
  return flag == "--url" || flag == "--token" || flag == "--reason" || flag == "--max-decisions" ||
         flag == "--exit-after" || flag == "--last-seq" || flag == "--connect-timeout";
}

/// Picks the mode from the flags; an error when they contradict each other.
bool resolve_mode(cli_options& out, bool interactive, bool approve_all, bool reject_all,
                  bool has_reason, bool stdin_is_tty, std::string& error) {
  if (approve_all && reject_all) {
    error = "--approve-all and --reject-all exclude each other";
    return false;
  }
  if (interactive && (approve_all || reject_all || out.json)) {
    error = "--interactive excludes --approve-all, --reject-all and --json";
    return false;
  }
  if (has_reason && !reject_all) {
    error = "--reason goes with --reject-all (interactively: r N REASON)";
    return false;
  }
  if (approve_all) {
    out.mode = run_mode::approve_all;
  } else if (reject_all) {
    out.mode = run_mode::reject_all;
  } else if (out.json) {
    out.mode = run_mode::frames;
  } else if (interactive || stdin_is_tty) {
    out.mode = run_mode::interactive;
  } else {
    error = "stdin is not a terminal: pass --interactive, --json, --approve-all or --reject-all";
    return false;
  }
  return true;
}

} // namespace

bool parse_url(const std::string& url, endpoint& out, std::string& error) {
  std::string rest;
  uint16_t default_port = 80;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("ws://", 0) == 0) {
    rest = url.substr(5);
  } else if (url.rfind("https://", 0) == 0 || url.rfind("wss://", 0) == 0) {
    error = "TLS URLs are not supported: use http:// (put a TLS proxy in front of crmd)";
    return false;
  } else {
    error = "--url must start with http:// or ws://";
    return false;
  }
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  auto path = slash == std::string::npos ? std::string{} : rest.substr(slash);
  if (auto query = path.find_first_of("?#"); query != std::string::npos) path.resize(query);
  std::string host = authority;
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) {
      error = "bad IPv6 host in --url";
      return false;
    }
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        error = "bad --url";
        return false;
      }
      port_text = authority.substr(close + 2);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  }
  uint64_t port = default_port;
  if (!port_text.empty() && (!read_u64(port_text, port) || port == 0 || port > 65'535)) {
    error = "bad port in --url";
    return false;
  }
  if (host.empty()) {
    error = "--url has no host";
    return false;
  }
  while (!path.empty() && path.back() == '/')
    path.pop_back();
  bool ends_in_ws = path.size() >= 3 && path.compare(path.size() - 3, 3, "/ws") == 0;
  out.host = host;
  out.port = static_cast<uint16_t>(port);
  out.target = ends_in_ws ? path : path + "/ws";
  return true;
}

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  uint64_t value = 0;
  if (!read_u64(text.substr(0, digits), value)) return std::nullopt;
  auto unit = text.substr(digits);
  uint64_t scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1000;
  else if (unit == "ms")
    scale = 1;
  else if (unit == "m")
    scale = 60'000;
  else if (unit == "h")
    scale = 3'600'000;
  else
    return std::nullopt;
  constexpr uint64_t max_ms = uint64_t{365} * 24 * 3'600'000; // A year: past it, a typo.
  if (value > max_ms / scale) return std::nullopt;
  return std::chrono::milliseconds{static_cast<int64_t>(value * scale)};
}

bool parse_cli(const std::vector<std::string>& args, const char* env_token, bool stdin_is_tty,
               cli_options& out, std::string& error) {
  bool interactive = false, approve_all = false, reject_all = false, has_reason = false;
  if (env_token != nullptr) out.token = env_token;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_value = false;
    if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_value = true;
    }
    if (needs_value(flag) && !has_value) {
      if (i + 1 >= args.size()) {
        error = flag + " needs a value";
        return false;
      }
      value = args[++i];
    } else if (!needs_value(flag) && has_value) {
      error = flag + " takes no value";
      return false;
    }
    if (flag == "--help" || flag == "-h")
      out.help = true;
    else if (flag == "--interactive")
      interactive = true;
    else if (flag == "--json")
      out.json = true;
    else if (flag == "--approve-all")
      approve_all = true;
    else if (flag == "--reject-all")
      reject_all = true;
    else if (flag == "--url")
      out.url = value;
    else if (flag == "--token")
      out.token = value;
    else if (flag == "--reason") {
      out.reject_reason = value;
      has_reason = true;
    } else if (flag == "--max-decisions") {
      uint64_t n = 0;
      if (!read_u64(value, n) || n == 0) {
        error = "--max-decisions needs a positive number";
        return false;
      }
      out.max_decisions = n;
    } else if (flag == "--exit-after" || flag == "--connect-timeout") {
      auto d = parse_duration(value);
      if (!d || d->count() == 0) {
        error = flag + " needs a duration like 5s, 500ms or 2m";
        return false;
      }
      if (flag == "--exit-after")
        out.exit_after = *d;
      else
        out.connect_timeout = *d;
    } else if (flag == "--last-seq") {
      if (!read_u64(value, out.last_seq)) {
        error = "--last-seq needs a number";
        return false;
      }
    } else {
      error = "unknown option " + flag;
      return false;
    }
  }
  if (out.help) return true;
  if (!parse_url(out.url, out.where, error)) return false;
  if (out.token.empty()) {
    error = "no operator token: pass --token or set CRM_OPERATOR_TOKEN";
    return false;
  }
  return resolve_mode(out, interactive, approve_all, reject_all, has_reason, stdin_is_tty, error);
}

const char* usage_text() {
  return "usage: crm-operator [--url http://HOST:PORT] [--token TOKEN] [mode] [options]\n"
         "\n"
         "Reviews crmd's AI drafts live over the operator WebSocket (URL + /ws).\n"
         "The token may come from CRM_OPERATOR_TOKEN instead of --token (preferred: argv is\n"
         "visible to other users of the machine).\n"
         "\n"
         "modes (interactive is the default when stdin is a terminal):\n"
         "  --interactive        type commands (h for help)\n"
         "  --approve-all        approve every review seen (snapshot and new ones)\n"
         "  --reject-all         reject every review seen; --reason R gives the reason\n"
         "  --json               print every server frame as a JSON line on stdout; send each\n"
         "                       stdin line as a frame; combines with --approve-all/--reject-all\n"
         "options:\n"
         "  --max-decisions N    exit 0 once N decisions were acknowledged ok\n"
         "  --exit-after D       exit 0 after D (5s, 500ms, 2m)\n"
         "  --last-seq N         seq to resume from in the first hello (default 0)\n"
         "  --connect-timeout D  per connection attempt (default 5s)\n"
         "\n"
         "exit codes: 0 done, 2 bad usage, 3 token refused, 4 cannot connect\n";
}

} // namespace crm::op
