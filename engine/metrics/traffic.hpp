#pragma once

// Traffic outputs derived from the simulation's per-link, per-interval statistics.

#include <cstddef>
#include <utility>
#include <vector>

#include "engine/traffic/simulation.hpp"

namespace ogan::metrics {

// Per hour of the day: link-km and link-hours of the vehicles that left links in that hour
// (their ratio is the network's mean speed).
std::vector<std::pair<double, double>> hourly_km_hours(const traffic::LinkStats& stats,
                                                       const std::vector<double>& length_m);

// Network mean speed by hour of the day (km/h): link-km over link-hours, 0 in an hour with none.
std::vector<double> mean_speed_by_hour_kmh(const traffic::LinkStats& stats,
                                           const std::vector<double>& length_m);

// Per link and interval, row-major [T][L] (volume_veh [T][L][4]); volumes and queues scaled by
// 1 / sample_rate.
struct LinkIntervalMetrics {
  int intervals = 0;
  std::size_t links = 0;
  std::vector<float> volume_veh;          // vehicles entering, by network mode
  std::vector<float> volume_pcu;          // pcu entering
  std::vector<float> mean_speed_mps;      // of vehicles leaving; 0 if none left
  std::vector<float> mean_travel_time_s;  // of vehicles leaving; 0 if none left
  std::vector<float> queue_pcu;           // waiting at the link's end at the interval's end
  std::vector<float> volume_capacity;     // hourly pcu entering / capacity
};

LinkIntervalMetrics link_interval_metrics(const traffic::LinkStats& stats,
                                          const std::vector<double>& length_m,
                                          const std::vector<double>& capacity_pcu_h,
                                          double sample_rate);

}  // namespace ogan::metrics
