#pragma once

#include <tuple>
#include <vector>

#include "engine/network/alt_router.hpp"
#include "engine/population/plans.hpp"
#include "engine/services/service_system.hpp"
#include "engine/traffic/simulation.hpp"

namespace ogan::traffic {

struct AssignmentOptions {
  int iterations = 3;
  double replan_share = 0.2;   // share of trips taking their new best route after an iteration
  double gap_tolerance = 0.0;  // stop early when the relative gap falls below this (0: never)
  int landmarks = 16;
  TrafficOptions traffic;
  // Public services: when set, visitors queue at these facilities as they arrive, and leave
  // when served or turned away.
  const pop::FacilitySites* facilities = nullptr;
  std::vector<std::optional<svc::FacilityParams>> service_params;
  // Links closed for a time window (policies): routes avoid them while they are closed.
  std::vector<std::tuple<net::LinkId, double, double>> closures;
};

struct IterationStats {
  int iteration = 0;
  double mean_travel_time_s = 0;  // network trips that arrived
  double total_delay_h = 0;       // sum of (travel time - free-flow time), scaled to 100 %
  double relative_gap = 0;        // (sum route cost - sum best cost) / sum route cost, after it
  double vehicle_km = 0;          // scaled to 100 %
  double vehicle_h = 0;
  std::int64_t arrived = 0, en_route = 0, stuck = 0, teleported = 0;
  double routing_s = 0, simulation_s = 0;  // wall time
  double link_traversals = 0;
};

struct AssignmentResult {
  TripTable trips;
  Routes routes;
  SimulationOutput last;
  net::TravelTimes travel_times;
  std::vector<IterationStats> iterations;
  svc::ServiceStats services;  // of the last iteration (empty without facilities)
};

TripTable trip_table(const pop::Trips& plans);

// Routes every network trip (parallel over trips; ALT with per-thread workspaces).
Routes route_all(const net::Network& net, const net::AltRouter& router, const TripTable& trips,
                 const net::TravelTimes& tt, const std::vector<double>& depart_s);

// Experienced link travel times by interval from a simulation's link statistics.
void update_travel_times(net::TravelTimes& tt, const LinkStats& stats);

// Iterations of routing, simulation and re-planning on the day's trips.
AssignmentResult assign(const net::Network& net, const pop::Trips& plans,
                        const AssignmentOptions& options);

}  // namespace ogan::traffic
