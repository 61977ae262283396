#pragma once

// crm-mock's command line: `crm-mock [--flag value | --flag=value]...`.

#include "llm/chat_module.hpp"
#include "mock_server.hpp"

#include <string>
#include <vector>

namespace crm::mock {

struct cli_options {
  server_settings server;
  llm::chat_settings chat;
  graph::graph_settings graph;
  bool help = false;
};

/// Parses argv[1..] (and reads --script); false with a one-line `error` on anything wrong.
bool parse_cli(const std::vector<std::string>& args, cli_options& out, std::string& error);

/// The --help text.
const char* usage_text();

} // namespace crm::mock
