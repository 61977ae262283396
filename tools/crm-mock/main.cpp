// crm-mock: stands in for an OpenAI-compatible LLM server and Meta's WhatsApp Graph API in crmd's
// end-to-end tests and benchmarks. Runs until SIGTERM or SIGINT.
// Exit codes: 0 clean stop or --help, 1 start-up failure, 2 usage error.

#include "cli_options.hpp"
#include "mock_server.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

/// One JSON object a line on stderr, like crmd's logs; tests read the port from the start line.
void log_line(boost::json::object line) {
  auto text = boost::json::serialize(line) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

/// A benchmark holds one connection per simulated customer (1,000+): the usual soft limit of
/// 1,024 descriptors would refuse some of them.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace

int main(int argc, char** argv) {
  using namespace crm::mock;
  cli_options options;
  std::string error;
  if (!parse_cli({argv + 1, argv + argc}, options, error)) {
    std::cerr << "crm-mock: " << error << "\n\n" << usage_text();
    return 2;
  }
  if (options.help) {
    std::cout << usage_text();
    return 0;
  }

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  raise_descriptor_limit();

  auto chat = options.chat;
  mock_server server{options.server, std::move(options.chat), std::move(options.graph)};
  if (auto ec = server.start()) {
    log_line({{"msg", "mock_start_failed"},
              {"listen", options.server.address + ":" + std::to_string(options.server.port)},
              {"error", ec.message()}});
    return 1;
  }
  boost::json::array modules;
  for (auto& name : server.module_names())
    modules.push_back(boost::json::string_view{name});
  log_line({{"msg", "mock_started"},
            {"port", server.port()},
            {"listen", options.server.address + ":" + std::to_string(server.port())},
            {"pid", ::getpid()},
            {"modules", std::move(modules)},
            {"latency_ms", chat.latency_ms},
            {"jitter_ms", chat.jitter_ms},
            {"rules", chat.script.rule_count()},
            {"require_api_key", !chat.api_key.empty()}});

  int received = 0;
  sigwait(&stop_signals, &received);
  auto stats = server.stats();
  server.stop();
  log_line({{"msg", "mock_stopped"},
            {"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"},
            {"stats", std::move(stats)}});
  return 0;
}
