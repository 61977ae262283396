#include "actors/tokens.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

TEST(tokens, event_tokens_are_version_7_uuids) {
  auto token = crm::new_event_token();
  ASSERT_EQ(token.size(), 36u);
  EXPECT_EQ(token[8], '-');
  EXPECT_EQ(token[13], '-');
  EXPECT_EQ(token[14], '7');                                         // version nibble
  EXPECT_NE(std::string{"89ab"}.find(token[19]), std::string::npos); // variant 10xx
}

TEST(tokens, tokens_minted_later_sort_after_earlier_ones_so_lmdb_appends) {
  auto earlier = crm::new_event_token();
  std::this_thread::sleep_for(std::chrono::milliseconds{2});
  auto later = crm::new_event_token();
  EXPECT_LT(earlier, later);
}

TEST(tokens, event_tokens_do_not_repeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i)
    EXPECT_TRUE(seen.insert(crm::new_event_token()).second);
}

TEST(tokens, secret_tokens_carry_their_prefix_and_32_random_bytes) {
  auto a = crm::new_secret_token("crm_ik_");
  auto b = crm::new_secret_token("crm_ik_");
  EXPECT_EQ(a.rfind("crm_ik_", 0), 0u);
  EXPECT_EQ(a.size(), 7u + 64u);
  EXPECT_NE(a, b);
}
