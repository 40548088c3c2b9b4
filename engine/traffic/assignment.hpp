#pragma once

#include <memory>
#include <span>
#include <tuple>
#include <vector>

#include "engine/network/alt_router.hpp"
#include "engine/population/plans.hpp"
#include "engine/services/service_system.hpp"
#include "engine/traffic/departure_choice.hpp"
#include "engine/traffic/simulation.hpp"
#include "engine/traffic/transit_feedback.hpp"

namespace ogan::traffic {

struct AssignmentOptions {
  int iterations = 3;
  double replan_share = 0.2;   // share of trips taking their new best route after an iteration
  double gap_tolerance = 0.0;  // stop early when the relative gap falls below this (0: never)
  int landmarks = 16;
  // Trips to activities with a start time (work, school, university, escorting) reconsider
  // when to leave along with their route (departure_choice.hpp).
  DepartureChoiceOptions departure_choice;
  TrafficOptions traffic;
  // The wait the mode choice assumed at an angkot stop and its weight per minute
  // (pop::ModeChoiceModel, from the scenario's assumptions): what the angkot riders' waits of a
  // day are measured against (transit_feedback.hpp).
  double angkot_wait_s = 8 * 60;
  double beta_wait_per_min = -0.12;
  // Public services: when set, visitors queue at these facilities as they arrive, and leave
  // when served or turned away.
  const pop::FacilitySites* facilities = nullptr;
  std::vector<std::optional<svc::FacilityParams>> service_params;
  // Links closed for a time window (policies): routes avoid them while they are closed.
  std::vector<std::tuple<net::LinkId, double, double>> closures;
  // A router built beforehand on the same network (motor_router), shared by the runs of a sweep
  // or a calibration on one world; null, or built with other landmarks: the assignment builds
  // its own.
  std::shared_ptr<const net::AltRouter> router;
};

// The router an assignment uses: motor links, free-flow times at the motorcycle's speed cap.
// It keeps a reference to `net`: build it where the network will stay.
std::shared_ptr<const net::AltRouter> motor_router(const net::Network& net, int landmarks);

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
// `only`: when given, the trips to route (the others get no route).
Routes route_all(const net::Network& net, const net::AltRouter& router, const TripTable& trips,
                 const net::TravelTimes& tt, const std::vector<double>& depart_s,
                 std::span<const std::uint8_t> only = {});

// Experienced link travel times by interval from a simulation's link statistics.
void update_travel_times(net::TravelTimes& tt, const LinkStats& stats);

// Iterations of routing, simulation and re-planning on the day's trips, as phases: warm_up() runs
// every iteration but the last (fewer when the gap tolerance is reached), the caller simulates the
// last day (a DaySimulation from trips(), routes() and travel_times(), which it may step, change
// and save), and finish() closes the last iteration with that day's output.
class Assignment {
 public:
  Assignment(const net::Network& net, const pop::Trips& plans, const AssignmentOptions& options);
  // Continues after the warm-up from a saved state: the trips, routes and travel times of the
  // last day and the statistics of the iterations before it.
  Assignment(const net::Network& net, const AssignmentOptions& options, TripTable trips,
             Routes routes, net::TravelTimes travel_times, std::vector<IterationStats> iterations,
             std::vector<double> departures);

  void warm_up();
  const TripTable& trips() const { return res_.trips; }
  const Routes& routes() const { return res_.routes; }
  // The travel times the last day's routes were chosen under (closures included).
  const net::TravelTimes& travel_times() const { return res_.travel_times; }
  const net::AltRouter& router() const { return *router_; }
  const std::vector<IterationStats>& iterations() const { return res_.iterations; }
  // Each trip's departure in the last day simulated (planned, before the first): the times the
  // relative gap is measured at.
  const std::vector<double>& departures() const { return depart_; }
  bool has_services() const { return services_; }
  // How the day's visitors queue at `system` (which must outlive the hook), each trip's service
  // time drawn with its own key (trip_rng_keys).
  ServiceHook service_hook(svc::ServiceSystem& system) const;
  // A ServiceSystem for one day, when the run has public services.
  svc::ServiceSystem service_system() const;
  // The last iteration's statistics and gap from its day; the result of the whole assignment.
  AssignmentResult finish(SimulationOutput day, svc::ServiceStats services,
                          double simulation_s = 0);
  // When the warm-up stopped at the gap tolerance, the last day is its last day again (same
  // routes, modes and draws): finish_converged() returns the result with that day as it was
  // simulated, without simulating it a second time. Only for a last day that would run straight
  // through as that day did (no events, not stepped, not saved).
  bool has_converged_day() const { return kept_day_ != nullptr; }
  AssignmentResult finish_converged();

 private:
  // The trips that replan after iteration `it` (one draw per trip and iteration).
  std::vector<std::uint8_t> replanners(int it) const;
  // Their best routes, the others' routes as they were.
  Routes next_routes(const std::vector<std::uint8_t>& replan, const Routes& best) const;
  // Replanning trips with a start to keep choose their departure on their new best route
  // (in `trips`); returns how many moved.
  std::int64_t choose_departures(const Routes& best, const std::vector<std::uint8_t>& replan,
                                 TripTable& trips, bool log = true) const;
  // A day's statistics (all but the gap), and the travel times and departures it gives.
  IterationStats close_day(int it, const SimulationOutput& day, double simulation_s);
  // The relative gap of the current routes against `best` (against `best_rest` for the trips
  // that are not `in_best`, when given).
  double relative_gap(const Routes& best, const Routes* best_rest = nullptr,
                      std::span<const std::uint8_t> in_best = {}) const;
  // Records an iteration; true when its gap stops the warm-up (its day is kept as the last).
  bool closes_warm_up(const IterationStats& st, SimulationOutput& day, svc::ServiceSystem* system);
  TransitFeedbackOptions feedback_options() const;
  static void log_switched(std::int64_t n);
  struct Ahead;
  // One iteration's statistics, new travel times and best routes from a day's output.
  IterationStats close_iteration(int it, const SimulationOutput& day, double simulation_s,
                                 Routes& best);

  const net::Network& net_;
  AssignmentOptions o_;
  AssignmentResult res_;
  std::shared_ptr<const net::AltRouter> router_;
  std::vector<double> depart_;
  std::vector<std::uint64_t> trip_keys_;  // trip_rng_keys of the trips
  // Per trip: the planned departure and the preferred arrival (-1: no start to keep).
  std::vector<double> planned_s_, preferred_arrival_s_;
  bool services_ = false;
  bool converged_ = false;  // the warm-up reached the gap tolerance: the last day repeats its day
  std::unique_ptr<SimulationOutput> kept_day_;  // that day, when converged
  svc::ServiceStats kept_services_;
  double routing_s_ = 0;
};

// All the iterations in one call (the last day simulated straight through).
AssignmentResult assign(const net::Network& net, const pop::Trips& plans,
                        const AssignmentOptions& options);

}  // namespace ogan::traffic
