// crm-operator: review crmd's AI drafts live over the operator WebSocket, at a terminal or
// scripted (tests, load runs). See docs/operator-cli.md.
// Exit codes: 0 done, 2 bad usage, 3 token refused, 4 cannot connect.

#include "cli_options.hpp"
#include "connection_loop.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

int main(int argc, char** argv) {
  using namespace crm::op;
  cli_options options;
  std::string error;
  if (!parse_cli({argv + 1, argv + argc}, std::getenv("CRM_OPERATOR_TOKEN"),
                 ::isatty(STDIN_FILENO) != 0, options, error)) {
    std::cerr << "crm-operator: " << error << "\n\n" << usage_text();
    return exit_usage;
  }
  if (options.help) {
    std::cout << usage_text();
    return exit_ok;
  }
  std::signal(SIGPIPE, SIG_IGN); // A closed stdout or socket shows up as an error value instead.
  return run_operator(options);
}
