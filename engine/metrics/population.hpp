#pragma once

// Population and plan outputs derived from the synthetic population and its plans.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/scenario/demand.hpp"

namespace ogan::metrics {

struct PopulationMetrics {
  std::vector<std::int64_t> zone_persons, zone_households;  // [Z] synthesised residents, households
  std::vector<std::int32_t> person_zone;                    // [P] home zone row
  std::vector<std::uint8_t> person_age_band;                // [P] 0 = 0-4, ..., 15 = 75+
  std::vector<std::int8_t> person_first_trip_mode;  // [P] mode of the day's first trip; -1 none
  // [kActivities][kModes][24]: planned trips by purpose, mode and departure hour, scaled by
  // 1 / sample_rate.
  std::vector<double> trips_by_purpose_mode_hour;
};

PopulationMetrics population_metrics(std::size_t zones, const scenario::Demand& demand,
                                     double sample_rate);

}  // namespace ogan::metrics
