#include "bench/crm-bench/bench_options.hpp"

#include <gtest/gtest.h>

using namespace crm::bench;

namespace {
options_result parse(std::vector<std::string> args) {
  return parse_options(args);
}
} // namespace

TEST(bench_options, defaults_target_local_crmd_closed_loop) {
  const auto r = parse({});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.url.address, "127.0.0.1");
  EXPECT_EQ(r.options.url.port, 8000);
  EXPECT_EQ(r.options.scenario, scenario::webhook);
  EXPECT_EQ(r.options.rate, 0.0);
  EXPECT_EQ(r.options.connections, 64u);
  EXPECT_EQ(r.options.threads, 1u);
  EXPECT_EQ(r.options.duration_ns, 10'000'000'000);
  EXPECT_EQ(r.options.warmup_ns, 2'000'000'000);
  EXPECT_EQ(r.options.request_path(), "/webhook/whatsapp/default");
}

TEST(bench_options, both_option_spellings_and_a_positional_url_are_accepted) {
  const auto r = parse({"--rate=4000", "--connections", "8", "--threads=2", "--duration", "3s",
                        "--warmup=500ms", "--scenario", "seed", "http://127.0.0.1:18080/webhook"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.rate, 4000.0);
  EXPECT_EQ(r.options.connections, 8u);
  EXPECT_EQ(r.options.threads, 2u);
  EXPECT_EQ(r.options.duration_ns, 3'000'000'000);
  EXPECT_EQ(r.options.warmup_ns, 500'000'000);
  EXPECT_EQ(r.options.url.port, 18080);
  EXPECT_EQ(r.options.request_path(), "/webhook");
}

TEST(bench_options, path_comes_from_option_then_url_then_scenario) {
  EXPECT_EQ(parse({"--scenario", "ingest"}).ok(), false) << "ingest needs a key";
  EXPECT_EQ(parse({"--scenario", "ingest", "--ingest-key", "k"}).options.request_path(),
            "/v1/messages");
  EXPECT_EQ(parse({"--scenario", "seed"}).options.request_path(), "/webhook");
  EXPECT_EQ(parse({"--tenant", "acme"}).options.request_path(), "/webhook/whatsapp/acme");
  EXPECT_EQ(parse({"--url", "http://127.0.0.1:1/a", "--path", "/b"}).options.request_path(), "/b");
  EXPECT_EQ(parse({"--url", "http://127.0.0.1:1/a"}).options.request_path(), "/a");
}

TEST(bench_options, durations_take_units_and_bare_seconds) {
  EXPECT_EQ(parse_duration_ns("10s"), 10'000'000'000);
  EXPECT_EQ(parse_duration_ns("250ms"), 250'000'000);
  EXPECT_EQ(parse_duration_ns("2m"), 120'000'000'000);
  EXPECT_EQ(parse_duration_ns("1.5s"), 1'500'000'000);
  EXPECT_EQ(parse_duration_ns("500us"), 500'000);
  EXPECT_EQ(parse_duration_ns("3"), 3'000'000'000);
  EXPECT_EQ(parse_duration_ns("0"), 0);
  for (const char* bad : {"", "s", "-1s", "10x", "1h", "ms10", "2m30s", "nan", "inf", "61m"})
    EXPECT_EQ(parse_duration_ns(bad), -1) << bad;
}

TEST(bench_options, bad_values_are_refused_with_the_option_named) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--rate", "-5"},
                                             {"--rate", "fast"},
                                             {"--connections", "0"},
                                             {"--connections", "100000"},
                                             {"--threads", "3"},
                                             {"--threads", "2", "--connections", "1"},
                                             {"--duration", "0s"},
                                             {"--warmup", "soon"},
                                             {"--scenario", "carrier-pigeon"},
                                             {"--path", "no-slash"},
                                             {"--bogus", "1"},
                                             {"--rate"},
                                             {"--app-secret", ""},
                                             {"http://127.0.0.1:1", "http://127.0.0.1:2"}}) {
    const auto r = parse(args);
    EXPECT_FALSE(r.ok()) << args.front();
  }
  const auto r = parse({"--connections", "0"});
  EXPECT_NE(r.error.find("--connections"), std::string::npos) << r.error;
}

TEST(bench_options, non_loopback_targets_are_refused) {
  const auto r = parse({"--url", "http://192.168.0.10:8000"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("loopback"), std::string::npos);
}

TEST(bench_options, help_short_circuits) {
  EXPECT_TRUE(parse({"--help", "--bogus"}).options.help);
  EXPECT_NE(usage().find("--rate"), std::string::npos);
}

TEST(bench_options, default_backlog_bound_is_one_second_of_arrivals_but_at_least_1000) {
  auto o = parse({"--rate", "50000"}).options;
  EXPECT_EQ(o.effective_max_backlog(), 50000u);
  o.rate = 10;
  EXPECT_EQ(o.effective_max_backlog(), 1000u);
  o.max_backlog = 7;
  EXPECT_EQ(o.effective_max_backlog(), 7u);
}
