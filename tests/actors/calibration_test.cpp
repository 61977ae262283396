#include "actors/calibration.hpp"

#include <gtest/gtest.h>

using namespace crm;

namespace {

void add(std::vector<store::review_row>& rows, int confidence, const std::string& state,
         int count) {
  for (int i = 0; i < count; ++i) {
    store::review_row row;
    row.confidence = confidence;
    row.state = state;
    rows.push_back(row);
  }
}

} // namespace

TEST(calibration, counts_outcomes_by_confidence_bucket_and_skips_undecided_reviews) {
  std::vector<store::review_row> rows;
  add(rows, 95, "approved", 3);
  add(rows, 100, "edited", 1);
  add(rows, 42, "rejected", 2);
  add(rows, 42, "expired", 5);
  add(rows, 42, "pending", 5);
  auto report = calibrate(rows, 0.1, 1);
  ASSERT_EQ(report.buckets.size(), 10u);
  EXPECT_EQ(report.buckets[9].approved_unchanged, 3u);
  EXPECT_EQ(report.buckets[9].edited, 1u);
  EXPECT_EQ(report.buckets[4].rejected, 2u);
  EXPECT_EQ(report.decided, 6u);
}

TEST(calibration, recommends_the_lowest_threshold_that_keeps_the_change_rate_under_target) {
  std::vector<store::review_row> rows;
  add(rows, 95, "approved", 40);
  add(rows, 85, "approved", 30);
  add(rows, 85, "edited", 2);
  add(rows, 75, "approved", 10);
  add(rows, 75, "rejected", 10); // 70s are often wrong
  auto report = calibrate(rows, 0.05, 20);
  ASSERT_TRUE(report.recommended_threshold);
  EXPECT_EQ(*report.recommended_threshold, 80); // 2 of 72 changed at >= 80; 12 of 92 at >= 70
}

TEST(calibration, thin_evidence_recommends_nothing) {
  std::vector<store::review_row> rows;
  add(rows, 95, "approved", 5);
  EXPECT_FALSE(calibrate(rows, 0.1, 20).recommended_threshold);
  EXPECT_FALSE(calibrate({}, 0.1, 1).recommended_threshold);
}
