#include "actors/guardrails/guardrail_registry.hpp"

#include "actors/guardrails/scanner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace crm::guardrails {
namespace {

config::tenant_config with_topics(std::vector<std::string> topics) {
  config::tenant_config tenant;
  tenant.forbidden_topics = std::move(topics);
  return tenant;
}

TEST(guardrail_registry, unknown_tenant_has_no_database) {
  guardrail_registry registry;
  EXPECT_EQ(registry.find("nobody"), nullptr);
  EXPECT_FALSE(registry.erase("nobody"));
}

TEST(guardrail_registry, update_installs_a_compiled_database) {
  guardrail_registry registry;
  ASSERT_FALSE(registry.update("acme", with_topics({"crypto"})));
  auto db = registry.find("acme");
  ASSERT_NE(db, nullptr);
  scanner scan;
  EXPECT_EQ(scan.scan(*db, "crypto tips").verdict, classification::out_of_scope);
  EXPECT_EQ(registry.find("other"), nullptr);
}

TEST(guardrail_registry, a_bad_update_names_the_field_and_keeps_the_old_database) {
  guardrail_registry registry;
  ASSERT_FALSE(registry.update("acme", with_topics({"crypto"})));
  auto before = registry.find("acme");
  auto error = registry.update("acme", with_topics({"gambling", "", "loans"}));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->field, "forbidden_topics[1]");
  auto after = registry.find("acme");
  EXPECT_EQ(after.get(), before.get());
  scanner scan;
  EXPECT_EQ(scan.scan(*after, "crypto tips").verdict, classification::out_of_scope);
  EXPECT_EQ(scan.scan(*after, "gambling tips").verdict, classification::in_scope);
}

TEST(guardrail_registry, a_reader_keeps_its_database_across_a_swap) {
  guardrail_registry registry;
  ASSERT_FALSE(registry.update("acme", with_topics({"crypto"})));
  auto held = registry.find("acme");
  ASSERT_FALSE(registry.update("acme", with_topics({"gambling"})));
  scanner scan;
  EXPECT_EQ(scan.scan(*held, "crypto").verdict, classification::out_of_scope);
  EXPECT_EQ(scan.scan(*registry.find("acme"), "crypto").verdict, classification::in_scope);
  EXPECT_TRUE(registry.erase("acme"));
  EXPECT_EQ(registry.find("acme"), nullptr);
  EXPECT_EQ(scan.scan(*held, "crypto").verdict, classification::out_of_scope);
}

TEST(guardrail_registry, swapping_while_two_threads_scan_gives_old_or_new_results_only) {
  // Database A forbids "alpha", B forbids "beta". A scan sees exactly one of them: "alpha
  // beta" must be flagged with one keyword, never none, never both, never a crash.
  guardrail_registry registry;
  auto a = compile_guard_db(with_topics({"alpha"}));
  auto b = compile_guard_db(with_topics({"beta", "gamma delta", "epsilon"}));
  ASSERT_TRUE(a.db && b.db);
  registry.install("acme", a.db);

  constexpr int swaps = 200;
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::atomic<int> scans{0};
  auto reader = [&] {
    scanner scan;
    while (!done.load(std::memory_order_acquire)) {
      auto db = registry.find("acme");
      screen_result result = scan.scan(*db, "alpha beta");
      if (result.verdict != classification::out_of_scope || result.triggered_keywords.size() != 1)
        ++bad;
      scans.fetch_add(1, std::memory_order_relaxed);
    }
  };
  std::thread first(reader);
  std::thread second(reader);
  int failed_updates = 0;
  for (int i = 0; i < swaps; ++i) {
    // Alternate installs, including freshly compiled databases (new scratch sizes).
    if (i % 10 == 0)
      failed_updates +=
          registry.update("acme", with_topics({i % 20 == 0 ? "beta" : "alpha"})) ? 1 : 0;
    else
      registry.install("acme", i % 2 == 0 ? a.db : b.db);
    std::this_thread::yield();
  }
  // Let both readers finish at least a few scans on the last database.
  int target = scans.load() + 10;
  while (scans.load() < target)
    std::this_thread::yield();
  done = true;
  first.join();
  second.join();
  EXPECT_EQ(failed_updates, 0);
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(scans.load(), 0);
}

} // namespace
} // namespace crm::guardrails
