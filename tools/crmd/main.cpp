// crmd: the node. Parses its configuration, starts, and runs until SIGTERM or SIGINT, then
// drains and stops cleanly. Exit codes: 0 clean stop or --help, 1 start-up failure, 2 bad config.

#include "actors/logging.hpp"
#include "actors/node.hpp"
#include "config/node_config.hpp"

#include <csignal>
#include <iostream>

int main(int argc, char** argv) {
  auto parsed = crm::config::parse_node_config(argc, argv);
  if (parsed.help_markdown_requested) {
    std::cout << crm::config::render_markdown();
    return 0;
  }
  if (parsed.help_requested) {
    std::cout << crm::config::render_help();
    return 0;
  }
  if (!parsed.ok()) {
    crm::log::init("info");
    for (auto& error : parsed.errors)
      crm::log::error("invalid_config", {{"key", error.key}, {"detail", error.detail}});
    return 2;
  }
  crm::log::init(parsed.config.log_level);

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  crm::node node{parsed.config};
  if (auto ec = node.start()) {
    crm::log::error("start_failed", {{"error", ec.message()}});
    return 1;
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  crm::log::info("stopping", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  node.stop();
  return 0;
}
