#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/scenario/day_events.hpp"
#include "engine/scenario/world.hpp"
#include "engine/services/service_system.hpp"
#include "engine/traffic/assignment.hpp"
#include "engine/traffic/day_simulation.hpp"

namespace ogan::run {

// A link at the day's clock.
struct LinkNow {
  net::LinkId link = -1;
  std::int32_t vehicles = 0;
  double pcu = 0;
  double queue_pcu = 0;  // vehicles that could leave but have not
  double storage_pcu = 0;
  double capacity_pcu_h = 0;
  bool closed = false;
  // Vehicles that entered it so far today (all modes), at full scale.
  double volume_today = 0;
};

// A public-service facility at the day's clock (counts at full scale).
struct FacilityNow {
  std::int32_t facility = -1;
  std::string name;
  double waiting = 0;
  double served = 0;
  double arrivals = 0;
  int servers = 0;
};

// An event as it was applied, for the results (/scenario/events) and logs.
struct AppliedEvent {
  double at_s = 0;
  std::string description;
};

// The day of a run: traffic and the public-service queues together, with a clock. Events
// (scenario::DayEvent) are applied when the clock reaches them, before the step at their time.
class Day {
 public:
  // A new day from the assignment's last routes (00:00).
  Day(const scenario::World& world, const traffic::Assignment& assignment,
      const traffic::TrafficOptions& options);
  // A day continued from saved states.
  Day(const scenario::World& world, const traffic::Assignment& assignment,
      const traffic::TrafficOptions& options, traffic::DayState traffic,
      const svc::ServiceState* services, std::vector<AppliedEvent> applied);
  Day(const Day&) = delete;
  Day& operator=(const Day&) = delete;

  double now() const { return sim_->now(); }
  double end() const { return sim_->end(); }
  bool done() const { return sim_->done(); }
  void advance_to(double t);
  // Queues an event at its time (at or after now: now means before the next step).
  void schedule(scenario::DayEvent event);
  const std::vector<scenario::DayEvent>& pending() const { return pending_; }
  const std::vector<AppliedEvent>& applied() const { return applied_; }

  LinkNow link(net::LinkId l) const;
  FacilityNow facility(std::int32_t f) const;

  const traffic::DaySimulation& traffic() const { return *sim_; }
  bool has_services() const { return services_ != nullptr; }
  svc::ServiceState service_state() const;
  // Facility statistics of the visits so far (empty without services).
  svc::ServiceStats service_stats() const;
  traffic::DayState traffic_state() const { return sim_->state(); }

  // Runs the rest of the day; the Day is spent.
  struct Output {
    traffic::SimulationOutput traffic;
    svc::ServiceStats services;
  };
  Output finish();

 private:
  void apply(const scenario::DayEvent& e);
  void add_crowd(const scenario::DayEvent& e);
  // Visitors queue at the facilities as they arrive (none without services).
  traffic::ServiceHook service_hook();
  std::vector<net::LinkId> reroute(net::NodeId from, net::LinkId dest, double t);

  const scenario::World& world_;
  const traffic::Assignment& assignment_;
  traffic::TrafficOptions o_;
  std::unique_ptr<svc::ServiceSystem> services_;
  // Rerouting: the travel times the day was planned under, with links closed by events at a
  // week's cost (the same rule as planned closures).
  std::unique_ptr<net::TravelTimes> tt_;
  std::unique_ptr<net::AltRouter::Workspace> ws_;
  std::unique_ptr<traffic::DaySimulation> sim_;
  std::vector<scenario::DayEvent> pending_;  // by time, then order of arrival
  std::vector<AppliedEvent> applied_;
};

}  // namespace ogan::run
