// crm-audit: verify, query and export a crmd audit log, from a data dir (read-only, safe while
// the node runs) or from a running node's admin API.

#include "audit_source.hpp"
#include "cli_options.hpp"
#include "commands.hpp"
#include "screen_eval_command.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  using namespace crm::audit_tool;
  // stdout carries the JSON answer; the store's diagnostics must not land in it.
  spdlog::set_default_logger(spdlog::stderr_color_st("crm-audit"));
  // screen-eval reads a labelled corpus, not a store: it has its own arguments.
  if (argc > 1 && std::string_view(argv[1]) == "screen-eval")
    return run_screen_eval(argc - 1, argv + 1);
  std::vector<std::string> args(argv + 1, argv + argc);
  cli_options options;
  std::string error;
  if (!parse_cli(args, options, error)) {
    std::cerr << "crm-audit: " << error << "\n" << usage_text();
    return exit_failure;
  }
  if (options.help) {
    std::cout << usage_text();
    return exit_ok;
  }
  auto source = make_source(options, error);
  if (!source) {
    std::cerr << "crm-audit: " << error << '\n';
    return exit_failure;
  }
  if (options.command == "verify") return run_verify(*source, std::cout, std::cerr);
  if (options.command == "query") return run_query(*source, options, std::cout, std::cerr);
  return run_export(*source, options, std::cout, std::cerr);
}
