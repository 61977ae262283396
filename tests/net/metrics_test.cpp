#include "net/metrics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace crm::net;

// -- exposition -----------------------------------------------------------------------------------

TEST(metrics, counter_and_gauge_are_exposed_with_help_and_type) {
  registry r;
  r.get_counter("auto_approved_total", "Drafts sent without review.").inc(3);
  r.get_gauge("operator_connections", "Open operator WebSockets.").set(2);
  EXPECT_EQ(r.expose(), "# HELP auto_approved_total Drafts sent without review.\n"
                        "# TYPE auto_approved_total counter\n"
                        "auto_approved_total 3\n"
                        "# HELP operator_connections Open operator WebSockets.\n"
                        "# TYPE operator_connections gauge\n"
                        "operator_connections 2\n");
}

TEST(metrics, families_are_sorted_by_name_and_children_by_label_values) {
  registry r;
  r.get_counter("zeta_total", "Z.").inc();
  r.get_counter("ai_requests_total", "AI requests.", {{"status", "timeout"}}).inc(2);
  r.get_counter("ai_requests_total", "AI requests.", {{"status", "error"}}).inc();
  r.get_counter("ai_requests_total", "AI requests.", {{"status", "ok"}}).inc(5);
  EXPECT_EQ(r.expose(), "# HELP ai_requests_total AI requests.\n"
                        "# TYPE ai_requests_total counter\n"
                        "ai_requests_total{status=\"error\"} 1\n"
                        "ai_requests_total{status=\"ok\"} 5\n"
                        "ai_requests_total{status=\"timeout\"} 2\n"
                        "# HELP zeta_total Z.\n"
                        "# TYPE zeta_total counter\n"
                        "zeta_total 1\n");
}

TEST(metrics, same_labels_in_any_order_give_the_same_child) {
  registry r;
  auto& a = r.get_counter("drops_total", "Drops.", {{"queue", "outbox"}, {"tenant", "acme"}});
  auto& b = r.get_counter("drops_total", "Drops.", {{"tenant", "acme"}, {"queue", "outbox"}});
  EXPECT_EQ(&a, &b);
  a.inc();
  b.inc(2);
  EXPECT_EQ(a.value(), 3.0);
  EXPECT_NE(r.expose().find("drops_total{queue=\"outbox\",tenant=\"acme\"} 3\n"),
            std::string::npos);
}

TEST(metrics, help_and_label_values_are_escaped) {
  registry r;
  r.get_counter("escapes_total", "Back\\slash and\nnewline, \"quotes\" kept.",
                {{"path", "C:\\dir\n\"x\""}})
      .inc();
  EXPECT_EQ(r.expose(), "# HELP escapes_total Back\\\\slash and\\nnewline, \"quotes\" kept.\n"
                        "# TYPE escapes_total counter\n"
                        "escapes_total{path=\"C:\\\\dir\\n\\\"x\\\"\"} 1\n");
}

TEST(metrics, histogram_buckets_are_cumulative_with_inf_sum_and_count) {
  registry r;
  auto& h = r.get_histogram("request_duration_seconds", "Latency.", {0.5, 1, 2.5});
  for (double v : {0.1, 0.5, 0.7, 1.0, 2.0, 30.0})
    h.observe(v);
  EXPECT_EQ(h.cumulative_counts(), (std::vector<uint64_t>{2, 4, 5, 6}));
  EXPECT_EQ(h.count(), 6u);
  EXPECT_DOUBLE_EQ(h.sum(), 34.3);
  EXPECT_EQ(r.expose(), "# HELP request_duration_seconds Latency.\n"
                        "# TYPE request_duration_seconds histogram\n"
                        "request_duration_seconds_bucket{le=\"0.5\"} 2\n"
                        "request_duration_seconds_bucket{le=\"1\"} 4\n"
                        "request_duration_seconds_bucket{le=\"2.5\"} 5\n"
                        "request_duration_seconds_bucket{le=\"+Inf\"} 6\n"
                        "request_duration_seconds_sum " +
                            format_value(h.sum()) +
                            "\n"
                            "request_duration_seconds_count 6\n");
}

TEST(metrics, labelled_histogram_puts_le_after_its_labels) {
  registry r;
  r.get_histogram("commit_duration_seconds", "Commits.", {1}, {{"table", "audit"}}).observe(2);
  auto text = r.expose();
  EXPECT_NE(text.find("commit_duration_seconds_bucket{table=\"audit\",le=\"1\"} 0\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("commit_duration_seconds_bucket{table=\"audit\",le=\"+Inf\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("commit_duration_seconds_sum{table=\"audit\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("commit_duration_seconds_count{table=\"audit\"} 1\n"), std::string::npos);
}

TEST(metrics, histogram_ignores_nan_and_counts_infinity_in_the_last_bucket) {
  histogram h{{1, 2}};
  h.observe(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(h.count(), 0u);
  h.observe(std::numeric_limits<double>::infinity());
  h.observe(-5);
  EXPECT_EQ(h.cumulative_counts(), (std::vector<uint64_t>{1, 1, 2}));
}

TEST(metrics, values_are_formatted_as_promtool_reads_them) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(-0.0), "0");
  EXPECT_EQ(format_value(42), "42");
  EXPECT_EQ(format_value(-7), "-7");
  EXPECT_EQ(format_value(1e15), "1000000000000000");
  EXPECT_EQ(format_value(0.1), "0.1");
  EXPECT_EQ(format_value(2.5), "2.5");
  EXPECT_EQ(format_value(1e300), "1e+300");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
  for (double v : {0.1, 1.0 / 3, 123456.789, 5e-324, 1.7976931348623157e308}) {
    auto text = format_value(v);
    double back = 0;
    std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_EQ(back, v) << text;
  }
}

TEST(metrics, gauge_moves_both_ways) {
  gauge g;
  g.set(10);
  g.inc(2.5);
  g.dec();
  EXPECT_EQ(g.value(), 11.5);
}

TEST(metrics, bucket_helpers_build_increasing_bounds) {
  EXPECT_EQ(exponential_buckets(1, 2, 4), (std::vector<double>{1, 2, 4, 8}));
  EXPECT_EQ(linear_buckets(0, 5, 3), (std::vector<double>{0, 5, 10}));
  EXPECT_TRUE(exponential_buckets(1, 2, 0).empty());
}

// -- concurrency ----------------------------------------------------------------------------------

TEST(metrics, concurrent_updates_from_several_threads_add_up_exactly) {
  registry r;
  constexpr int threads = 4;
  constexpr int per_thread = 20'000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&r, t] {
      // Registration races with updates of other threads too.
      auto& shared = r.get_counter("ai_requests_total", "AI requests.", {{"status", "ok"}});
      auto& own = r.get_counter("ai_requests_total", "AI requests.",
                                {{"status", "worker" + std::to_string(t)}});
      auto& in_flight = r.get_gauge("llm_in_flight", "In flight.");
      auto& latency = r.get_histogram("request_duration_seconds", "Latency.", {1, 10});
      for (int i = 0; i < per_thread; ++i) {
        shared.inc();
        own.inc(0.5);
        in_flight.inc();
        in_flight.dec(0.25);
        latency.observe(i % 3 == 0 ? 0.5 : 5);
      }
    });
  for (auto& worker : workers)
    worker.join();
  EXPECT_EQ(r.get_counter("ai_requests_total", "", {{"status", "ok"}}).value(),
            threads * per_thread);
  for (int t = 0; t < threads; ++t)
    EXPECT_EQ(
        r.get_counter("ai_requests_total", "", {{"status", "worker" + std::to_string(t)}}).value(),
        per_thread * 0.5);
  EXPECT_EQ(r.get_gauge("llm_in_flight", "").value(), threads * per_thread * 0.75);
  auto& latency = r.get_histogram("request_duration_seconds", "", {1, 10});
  constexpr uint64_t small = threads * ((per_thread + 2) / 3);
  EXPECT_EQ(latency.cumulative_counts(),
            (std::vector<uint64_t>{small, threads * per_thread, threads * per_thread}));
  EXPECT_EQ(latency.count(), uint64_t{threads * per_thread});
  EXPECT_EQ(latency.sum(), small * 0.5 + (threads * per_thread - small) * 5.0);
}

TEST(metrics, label_cardinality_is_capped_per_family) {
  registry r;
  for (int i = 0; i < 10'000; ++i)
    r.get_counter("per_customer_total", "Capped.", {{"customer", std::to_string(i)}}).inc();
  auto& overflow = r.get_counter("per_customer_total", "Capped.", {{"customer", "10000"}});
  overflow.inc(5);
  EXPECT_EQ(overflow.value(), 5);
  auto text = r.expose();
  EXPECT_EQ(text.find("customer=\"10000\""), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2 + 10'000);
  // Existing children are still found.
  EXPECT_EQ(r.get_counter("per_customer_total", "", {{"customer", "42"}}).value(), 1);
}

// -- misuse ---------------------------------------------------------------------------------------

#ifdef NDEBUG
TEST(metrics, misuse_returns_a_detached_metric_and_the_first_registration_wins) {
  registry r;
  r.get_counter("jobs_total", "Jobs.", {{"kind", "a"}}).inc();
  auto& other_type = r.get_gauge("jobs_total", "Jobs.");
  other_type.set(99);
  auto& other_labels = r.get_counter("jobs_total", "Jobs.", {{"queue", "a"}});
  other_labels.inc(7);
  auto& bad_name = r.get_counter("1bad-name", "Bad.");
  bad_name.inc();
  r.get_counter("reserved_total", "Reserved.", {{"__name", "x"}}).inc();
  r.get_histogram("h", "H.", {2, 1}).observe(1);
  r.get_histogram("h2", "H.", {1, 2}, {{"le", "x"}}).observe(1);
  EXPECT_EQ(r.expose(), "# HELP jobs_total Jobs.\n"
                        "# TYPE jobs_total counter\n"
                        "jobs_total{kind=\"a\"} 1\n");
  // Detached metrics work, and repeated misuse shares one per type instead of growing memory.
  EXPECT_GE(other_labels.value(), 7);
  EXPECT_EQ(&other_labels, &bad_name);
}
#else
TEST(metrics, misuse_asserts_in_debug_builds) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  registry r;
  r.get_counter("jobs_total", "Jobs.", {{"kind", "a"}});
  EXPECT_DEATH(r.get_gauge("jobs_total", "Jobs."), "another type");
  EXPECT_DEATH(r.get_counter("jobs_total", "Jobs.", {{"queue", "a"}}), "other label names");
  EXPECT_DEATH(r.get_counter("1bad-name", "Bad."), "invalid metric name");
  EXPECT_DEATH(r.get_counter("x_total", "X.", {{"__name", "x"}}), "invalid label name");
  EXPECT_DEATH(r.get_counter("x_total", "X.", {{"a", "1"}, {"a", "2"}}), "duplicate label");
  EXPECT_DEATH(r.get_histogram("h", "H.", {2, 1}), "strictly increasing");
  EXPECT_DEATH(r.get_histogram("h", "H.", {1}, {{"le", "x"}}), "invalid label name");
}
#endif

// -- promtool -------------------------------------------------------------------------------------

struct promtool_result {
  int exit_code = -1;
  std::string output;
};

/// Runs the real `promtool check metrics` on `exposition`, as Prometheus' own CI would.
promtool_result promtool_check(const std::string& exposition) {
  auto path = std::filesystem::temp_directory_path() /
              ("crm_metrics_" + std::to_string(::getpid()) + ".prom");
  std::ofstream{path, std::ios::binary} << exposition;
  promtool_result result;
  auto command = "/usr/bin/promtool check metrics < '" + path.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (auto n = std::fread(buffer, 1, sizeof buffer, pipe))
    result.output.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(path);
  return result;
}

/// A registry with one of each kind, labels that need escaping and awkward values.
void fill(registry& r) {
  for (auto status : {"ok", "error", "timeout"})
    r.get_counter("ai_requests_total", "AI requests by outcome.", {{"status", status}}).inc(3);
  for (auto type : {"political", "legal", "medical", "injection"})
    r.get_counter("security_violations_total", "Blocked messages by domain.", {{"type", type}})
        .inc();
  r.get_counter("manual_reviews_total", "Drafts sent to human review.").inc(0.5);
  r.get_counter("escaped_total", "Help with \\ and\nnewline.", {{"v", "a\\b\"c\nd"}}).inc();
  r.get_gauge("queue_depth", "Queued items.", {{"queue", "outbox"}}).set(-3);
  r.get_gauge("not_a_number", "NaN gauge.").set(std::numeric_limits<double>::quiet_NaN());
  r.get_gauge("infinite", "Inf gauge.").set(std::numeric_limits<double>::infinity());
  auto& h = r.get_histogram("request_duration_seconds", "Request latency.",
                            exponential_buckets(0.001, 2, 12), {{"route", "webhook"}});
  for (double v : {0.0005, 0.002, 0.1, 3.0, 100.0})
    h.observe(v);
  r.get_histogram("confidence", "Draft confidence.", linear_buckets(10, 10, 10)).observe(85);
}

TEST(metrics, promtool_accepts_the_exposition_without_any_lint) {
  registry r;
  fill(r);
  auto result = promtool_check(r.expose());
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n--- exposition:\n" << r.expose();
  EXPECT_EQ(result.output, "");
}

/// The product brief's names end in `_ms`; promtool parses them fine and lints only the unit
/// ("should not contain abbreviated units", exit code 3). Anything else would be a real error.
TEST(metrics, promtool_parses_the_product_metric_names) {
  registry r;
  fill(r);
  r.get_histogram("request_latency_ms", "End-to-end latency in milliseconds.",
                  exponential_buckets(1, 2, 16))
      .observe(42);
  r.get_gauge("average_latency_ms", "Mean latency in milliseconds.").set(12.5);
  auto result = promtool_check(r.expose());
  EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 3) << result.output;
  std::istringstream lines{result.output};
  std::string line;
  while (std::getline(lines, line))
    EXPECT_NE(line.find("should not contain abbreviated units"), std::string::npos) << line;
}

TEST(metrics, promtool_would_catch_a_broken_exposition) {
  // Guards the two tests above against a promtool that accepts everything.
  auto result = promtool_check("broken{label=\"x} 1\n");
  EXPECT_EQ(result.exit_code, 1) << result.output;
}

} // namespace
