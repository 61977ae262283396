#include "actors/admission.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using crm::admission_control;

TEST(admission, grants_credits_until_capacity_then_refuses) {
  admission_control admission{3};
  EXPECT_TRUE(admission.try_acquire(2));
  EXPECT_FALSE(admission.try_acquire(2)); // all or nothing
  EXPECT_TRUE(admission.try_acquire(1));
  EXPECT_FALSE(admission.try_acquire(1));
  admission.release(3);
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST(admission, never_overcommits_under_concurrent_acquires) {
  admission_control admission{1000};
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (admission.try_acquire(1)) ++granted;
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(granted.load(), 1000);
  EXPECT_EQ(admission.in_use(), 1000u);
}
