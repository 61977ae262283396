#pragma once

// Calibration: how human reviewers treated drafts, by the confidence the model gave them, and
// the auto-send threshold that evidence supports. A pure function over decided review rows, so
// `GET /admin/tenants/{id}/calibration` and its tests share it.

#include "store/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

struct calibration_bucket {
  int low = 0; ///< Confidences low..low+9 (90..100 for the last).
  uint64_t approved_unchanged = 0;
  uint64_t edited = 0;
  uint64_t rejected = 0;

  uint64_t total() const { return approved_unchanged + edited + rejected; }
};

struct calibration_report {
  std::vector<calibration_bucket> buckets; ///< Ten, lowest first.
  uint64_t decided = 0;                    ///< Reviews counted (expired ones are not).
  /// The lowest threshold (a multiple of 10) at which drafts at or above it were edited or
  /// rejected at most `target_rate` of the time, over at least `min_samples` decided reviews;
  /// nullopt when the evidence is too thin.
  std::optional<int> recommended_threshold;
};

calibration_report calibrate(const std::vector<store::review_row>& reviews, double target_rate,
                             uint64_t min_samples);

} // namespace crm
