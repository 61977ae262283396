// Start, stop, restart and crash: nothing acknowledged is ever lost, the chain always verifies.

#include "node_test.hpp"

#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace crm::test;

namespace {

using lifecycle = node_test;

std::string audit_verify(const crmd_process& node, int& code) {
  std::string output;
  code = run_program({CRM_BIN_DIR "/crm-audit", "verify", "--data-dir", node.data_dir().string()},
                     output);
  return output;
}

} // namespace

TEST_F(lifecycle, sigterm_stops_cleanly_and_a_restart_keeps_everything) {
  ASSERT_EQ(post_webhook(node, whatsapp_body({{{"wamid.L1", "42", "hello"}}})).status, 200);
  EXPECT_EQ(node.stop(), 0) << node.log();
  EXPECT_NE(node.log().find("node_stopped"), std::string::npos);
  node.start();
  // Secrets, tenants and messages survived; the redelivery is still a duplicate.
  auto again = post_webhook(node, whatsapp_body({{{"wamid.L1", "42", "hello"}}}));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json_of(again).at("duplicates"), 1);
  EXPECT_EQ(audit("state=received").size(), 1u);
  EXPECT_EQ(json_of(node.admin("GET", "/admin/audit/verify")).at("ok"), true);
}

TEST_F(lifecycle, sigkill_at_random_moments_loses_no_acknowledged_message) {
  std::mt19937 rng{std::random_device{}()};
  std::set<std::string> acknowledged;
  std::mutex mutex;
  std::atomic<int> next_id{0};
  for (int round = 0; round < 4; ++round) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t)
      senders.emplace_back([&] {
        while (!stop) {
          auto id = "wamid.K" + std::to_string(next_id++);
          auto r = post_webhook(node, whatsapp_body({{{id, "7", "crash test"}}}));
          if (r.status == 200) {
            std::lock_guard lock{mutex};
            acknowledged.insert(id);
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds{100 + rng() % 400});
    node.kill_hard();
    stop = true;
    for (auto& s : senders)
      s.join();

    int code = -1;
    auto output = audit_verify(node, code);
    EXPECT_EQ(code, 0) << "round " << round << ": " << output;

    node.start();
    std::multiset<std::string> stored;
    uint64_t since = 0;
    for (;;) {
      auto page = json_of(
          node.admin("GET", "/admin/audit?state=received&client_id=7&limit=1000&since_seq=" +
                                std::to_string(since)));
      auto& list = page.at("records").as_array();
      for (auto& r : list)
        stored.insert(std::string{r.at("message_id").as_string()});
      if (list.empty()) break;
      since = page.at("next_since_seq").to_number<uint64_t>();
    }
    for (auto& id : acknowledged)
      EXPECT_EQ(stored.count(id), 1u) << "round " << round << " lost " << id;
    for (auto& id : stored)
      EXPECT_EQ(stored.count(id), 1u) << "stored twice: " << id;
  }
  EXPECT_GT(acknowledged.size(), 20u); // the test really sent traffic
}
