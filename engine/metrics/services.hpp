#pragma once

// Public-service outputs derived from the facility queues' statistics.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/services/facility_params.hpp"
#include "engine/services/service_system.hpp"

namespace ogan::metrics {

// Per facility: [T][F] by arrival interval, [F] over the day, [F][svc::kWaitBins] histogram.
// Visitor counts and queues are scaled by 1 / sample_rate.
struct FacilityMetrics {
  int intervals = 0;
  std::size_t facilities = 0;
  std::vector<float> arrivals, served, turned_away;  // [T][F]
  std::vector<float> queue;                          // [T][F], at the interval's end
  std::vector<float> mean_wait_s;                    // [T][F], of visitors served; 0 if none
  std::vector<float> p95_wait_s;                     // [T][F]
  std::vector<float> utilisation;                    // [T][F]
  std::vector<float> day_arrivals, day_served, day_turned_away, day_mean_wait_s;  // [F]
  std::vector<float> wait_histogram;                                              // [F][kWaitBins]
  std::vector<std::int32_t> servers;  // [F]; 0 for facilities without a queue
};

FacilityMetrics facility_metrics(
    const svc::ServiceStats& stats,
    const std::vector<std::optional<svc::FacilityParams>>& service_params, double sample_rate);

}  // namespace ogan::metrics
