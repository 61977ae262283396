// crm-bench: open-loop (or closed-loop) HTTP load generator for crmd and the seed stack.
// Loopback targets only. See bench_options.cpp's usage() and docs/bench.md ("Load").

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/crm-bench/bench_options.hpp"
#include "bench/crm-bench/load_worker.hpp"
#include "bench/crm-bench/request_factory.hpp"
#include "bench/crm-bench/run_stats.hpp"

namespace {

/// Eight hex digits that keep this run's wamids and message_ids apart from earlier runs'.
std::string make_run_id() {
  std::random_device rd;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
  return buf;
}

} // namespace

int main(int argc, char** argv) {
  using namespace crm::bench;
  const auto parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.ok()) {
    std::cerr << "crm-bench: " << parsed.error << "\n";
    return 2;
  }
  const auto& options = parsed.options;
  if (options.help) {
    std::cout << usage();
    return 0;
  }

  const auto run_id = make_run_id();
  std::vector<std::unique_ptr<load_worker>> workers;
  unsigned connected = 0;
  for (unsigned i = 0; i < options.threads; ++i) {
    auto made = request_factory::create(options, i, options.threads, run_id);
    if (!made.factory) {
      std::cerr << "crm-bench: " << made.error << "\n";
      return 2;
    }
    // Spread connections evenly; the first workers take the remainder.
    const unsigned share =
        options.connections / options.threads + (i < options.connections % options.threads ? 1 : 0);
    workers.push_back(
        std::make_unique<load_worker>(options, i, options.threads, share, std::move(made.factory)));
    connected += workers.back()->connect();
  }
  if (connected == 0) {
    std::cerr << "crm-bench: cannot connect to " << options.url.host_header << "\n";
    return 1;
  }

  // Time zero a little ahead, so every worker starts on the same schedule.
  const auto start = std::chrono::steady_clock::now() + std::chrono::milliseconds(10);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < workers.size(); ++i)
    threads.emplace_back([&w = *workers[i], start] { w.run(start); });
  workers[0]->run(start);
  for (auto& t : threads)
    t.join();

  auto total = std::make_unique<run_stats>();
  for (const auto& w : workers)
    total->merge(w->stats());
  std::cerr << detail_report(*total, options);
  std::cout << summary_line(*total, options) << std::endl;
  return total->ok() > 0 ? 0 : 1;
}
