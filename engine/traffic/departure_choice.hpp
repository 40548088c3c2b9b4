#pragma once

#include <cstddef>

#include "engine/network/travel_times.hpp"
#include "engine/traffic/simulation.hpp"

namespace ogan::traffic {

// Departure-time choice after Vickrey (1969) and Small (1982): a trip to an activity with a
// start time weighs its travel time against arriving early or late. Cost of leaving at t with
// travel time T(t) for a preferred arrival a*:
//   T(t) + early_weight * max(0, a* - t - T(t)) + late_weight * max(0, t + T(t) - a*).
// Small's estimates for commuters are 0.61 and 2.38 times the value of travel time.
struct DepartureChoiceOptions {
  bool enabled = false;
  double early_weight = 0.6;
  double late_weight = 2.4;
  double earliest_shift_s = -3600;  // candidates from the planned departure ...
  double latest_shift_s = 1800;     // ... to this, every step
  double step_s = 300;
};

// The cost of trip k's route when leaving at `depart` under `tt` (the router's rule: half the
// first link, then each link at the time the vehicle reaches it, the destination link not).
double route_cost(const Routes& r, std::size_t k, double depart, const net::TravelTimes& tt);

// The schedule cost of leaving at `depart` on trip k's route (see above).
double schedule_cost(const Routes& r, std::size_t k, double depart, double preferred_arrival_s,
                     const net::TravelTimes& tt, const DepartureChoiceOptions& o);

// The candidate departure (planned + a multiple of the step within the window, never before
// midnight) with the least schedule cost; the planned time itself wins ties, then the smaller
// shift, so a trip moves only when moving pays.
double best_departure(const Routes& r, std::size_t k, double planned_s, double preferred_arrival_s,
                      const net::TravelTimes& tt, const DepartureChoiceOptions& o);

}  // namespace ogan::traffic
