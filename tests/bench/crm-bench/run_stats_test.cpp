#include "bench/crm-bench/run_stats.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

using namespace crm::bench;

namespace {
constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kBegin = 1000 * kMs;
constexpr std::int64_t kEnd = 2000 * kMs;

std::string field(const std::string& line, const std::string& key) {
  std::istringstream in{line};
  std::string token;
  while (in >> token)
    if (token.rfind(key + "=", 0) == 0) return token.substr(key.size() + 1);
  return "<missing>";
}

bench_options one_second_run() {
  auto o = parse_options({"--duration", "1s", "--rate", "100"}).options;
  return o;
}
} // namespace

TEST(run_stats, only_requests_intended_inside_the_window_are_counted) {
  auto s = std::make_unique<run_stats>();
  s->record_answer(200, kBegin - 1, kBegin + kMs, kBegin, kEnd); // warmup request
  s->record_answer(200, kBegin, kBegin + 2 * kMs, kBegin, kEnd);
  s->record_answer(200, kEnd - 1, kEnd + 5 * kMs, kBegin, kEnd); // answered in the drain
  s->record_answer(200, kEnd, kEnd + kMs, kBegin, kEnd);         // after the window
  EXPECT_EQ(s->ok(), 2u);
  EXPECT_EQ(s->answered_in_window, 2u) << "throughput counts answers arriving in the window";
  s->record_error(error_kind::io, kBegin - 1, kBegin, kEnd);
  s->record_error(error_kind::io, kBegin + 1, kBegin, kEnd);
  EXPECT_EQ(s->error_total(), 1u);
}

TEST(run_stats, non_2xx_answers_are_timed_separately_from_successes) {
  auto s = std::make_unique<run_stats>();
  s->record_answer(200, kBegin, kBegin + 10 * kMs, kBegin, kEnd);
  s->record_answer(503, kBegin, kBegin + kMs / 2, kBegin, kEnd);
  s->record_answer(503, kBegin, kBegin + kMs / 2, kBegin, kEnd);
  EXPECT_EQ(s->ok(), 1u);
  EXPECT_EQ(s->non2xx(), 2u);
  EXPECT_EQ(s->status_counts[503], 2u);
  EXPECT_EQ(s->non2xx_latency.max(), static_cast<std::uint64_t>(kMs / 2));

  const auto report = detail_report(*s, one_second_run());
  EXPECT_NE(report.find("status 200:1 503:2"), std::string::npos) << report;
  EXPECT_NE(report.find("non2xx_latency count=2 p50_ms=0.500"), std::string::npos) << report;
}

TEST(run_stats, summary_line_has_every_field_in_milliseconds) {
  auto s = std::make_unique<run_stats>();
  for (int i = 1; i <= 1000; ++i)
    s->record_answer(200, kBegin, kBegin + i * kMs / 100, kBegin, kEnd); // 0.01 .. 10 ms
  s->record_error(error_kind::timeout, kBegin, kBegin, kEnd);
  s->late = 3;
  const auto line = summary_line(*s, one_second_run());
  EXPECT_EQ(line.rfind("crm-bench scenario=webhook ", 0), 0u) << line;
  EXPECT_EQ(field(line, "rate"), "100");
  EXPECT_EQ(field(line, "achieved_rps"), "1000");
  EXPECT_EQ(field(line, "ok"), "1000");
  EXPECT_EQ(field(line, "non2xx"), "0");
  EXPECT_EQ(field(line, "errors"), "1");
  EXPECT_NEAR(std::stod(field(line, "p50_ms")), 5.0, 0.05);
  EXPECT_NEAR(std::stod(field(line, "p99_ms")), 9.9, 0.1);
  EXPECT_NEAR(std::stod(field(line, "p999_ms")), 9.99, 0.1);
  EXPECT_EQ(field(line, "max_ms"), "10.000");
  EXPECT_EQ(field(line, "late"), "3");
}

TEST(run_stats, without_successes_latencies_read_nan_not_zero) {
  auto s = std::make_unique<run_stats>();
  const auto line = summary_line(*s, one_second_run());
  EXPECT_EQ(field(line, "p99_ms"), "nan");
  EXPECT_EQ(field(line, "max_ms"), "nan");
}

TEST(run_stats, merged_stats_add_up) {
  auto a = std::make_unique<run_stats>();
  auto b = std::make_unique<run_stats>();
  a->record_answer(200, kBegin, kBegin + kMs, kBegin, kEnd);
  b->record_answer(404, kBegin, kBegin + kMs, kBegin, kEnd);
  b->record_connect_error();
  a->late = 1;
  b->late = 2;
  b->max_backlog_seen = 9;
  a->merge(*b);
  EXPECT_EQ(a->ok(), 1u);
  EXPECT_EQ(a->non2xx(), 1u);
  EXPECT_EQ(a->status_counts[404], 1u);
  EXPECT_EQ(a->error_total(), 1u);
  EXPECT_EQ(a->late, 3u);
  EXPECT_EQ(a->max_backlog_seen, 9u);
  EXPECT_EQ(a->answered_in_window, 2u);
}
