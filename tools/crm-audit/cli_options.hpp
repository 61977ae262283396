#pragma once

// crm-audit's command line: `crm-audit <command> [--flag value | --flag=value]...`.

#include "store/records.hpp"

#include <string>
#include <vector>

namespace crm::audit_tool {

/// Exit codes shared by every command.
enum exit_code : int {
  exit_ok = 0,
  exit_tampered = 1, ///< verify only: the chain does not verify.
  exit_failure = 2,  ///< usage errors, unreadable data dirs, unreachable nodes.
};

struct cli_options {
  std::string command;     ///< verify | query | export
  std::string data_dir;    ///< Local mode: the node's data dir (opened read-only).
  std::string url;         ///< Remote mode: http://host:port of a running crmd.
  std::string admin_token; ///< Remote mode; defaults to $CRMD_ADMIN_TOKEN.
  std::string out;         ///< export: output file (stdout when empty).
  store::audit_filter filter;
  bool help = false;
};

/// Parses argv[1..]; false with a one-line `error` on anything unexpected.
bool parse_cli(const std::vector<std::string>& args, cli_options& out, std::string& error);

/// The usage text printed by --help and after usage errors.
const char* usage_text();

} // namespace crm::audit_tool
