#include "actors/calibration.hpp"

#include <algorithm>

namespace crm {

calibration_report calibrate(const std::vector<store::review_row>& reviews, double target_rate,
                             uint64_t min_samples) {
  calibration_report report;
  for (int low = 0; low <= 90; low += 10)
    report.buckets.push_back({low, 0, 0, 0});
  for (const auto& row : reviews) {
    auto index = static_cast<size_t>(std::min(std::clamp(row.confidence, 0, 100) / 10, 9));
    auto& bucket = report.buckets[index];
    if (row.state == "approved")
      ++bucket.approved_unchanged;
    else if (row.state == "edited")
      ++bucket.edited;
    else if (row.state == "rejected")
      ++bucket.rejected;
    else
      continue; // pending or expired: no human verdict
    ++report.decided;
  }
  // Walk thresholds from the top down, accumulating the reviews at or above each.
  uint64_t total = 0, changed = 0;
  for (auto it = report.buckets.rbegin(); it != report.buckets.rend(); ++it) {
    total += it->total();
    changed += it->edited + it->rejected;
    if (total >= min_samples &&
        static_cast<double>(changed) <= target_rate * static_cast<double>(total))
      report.recommended_threshold = it->low;
  }
  return report;
}

} // namespace crm
