#pragma once

#include <cstdint>
#include <deque>
#include <set>
#include <utility>
#include <vector>

#include "engine/traffic/simulation.hpp"
#include "engine/traffic/transit_network.hpp"
#include "engine/traffic/transit_state.hpp"

namespace ogan::traffic {

// Public transport inside one simulated day (docs/traffic-model.md, "Public transport"): the
// passengers of angkot trips walk to a stop of the line they chose, wait in a FIFO queue, board
// the first vehicle of their line with room, ride and alight at their stop, then walk to their
// destination. The vehicles are trips of the day simulation (runs of persons above the
// residents) that stop at each stop; every change happens in the day's serial phase, so the
// result is the same for any thread count.
class TransitDay {
 public:
  TransitDay(const TransitNetwork& tn, const net::Network& net, const TrafficOptions& o);

  // Chooses every angkot trip's stops (access walk + half the headway + ride + egress walk, on
  // the line and direction that minimise it); trips with no stop within the walk limit at both
  // ends become ojek trips. Call once, on the planned trips, before the day starts.
  void plan(TripTable& trips);
  // The vehicles' runs as trips of persons first_person, first_person + 1, ... (one per
  // vehicle), with their fixed routes; to be appended to the day's trips at index first_trip.
  void vehicle_trips(std::int32_t first_person, std::int64_t first_trip, TripTable& add,
                     Routes& routes);

  bool is_passenger(std::int32_t k) const {
    return k >= 0 && static_cast<std::size_t>(k) < s_.board_stop.size() && s_.board_stop[k] >= 0;
  }
  bool is_run(std::int32_t k) const {
    return k >= s_.first_run_trip &&
           k - s_.first_run_trip < static_cast<std::int64_t>(tn_.runs.size());
  }
  // The runs are the day's trips first_run_trip() .. first_run_trip() + runs() - 1.
  std::int64_t first_run_trip() const { return s_.first_run_trip; }
  std::size_t runs() const { return tn_.runs.size(); }
  // Road space of run k's vehicle (the line's pcu, at the run's sample).
  double run_pcu(std::int32_t k) const;
  // Whether run k, at the head of route index pos (link `link`, the last of its route if
  // `last`), has a stop there it has not served yet. Read-only: safe in the parallel phase.
  bool wants_stop(std::int32_t k, std::int32_t pos, net::LinkId link, bool last) const;

  // Passenger trip k leaves at t: false if no vehicle of its line leaves a terminal at that
  // time of day (the trip then goes by ojek), else it walks to its stop.
  bool start_passenger(std::int32_t k, double t);
  // A vehicle run starts.
  void start_run(std::int32_t k);
  // Serial phase: passengers who reached their stop by t join its queue; those who have waited
  // max_wait_s give up and go on by ojek from the stop, reaching their destination after their
  // route's free-flow time (not on the road: appended to `arrivals` like alighted passengers).
  void walkers_arrive(double t, const TripTable& trips, const TripResult& results,
                      std::vector<std::pair<std::int32_t, double>>& arrivals);
  // Anybody walking to, waiting at or riding public transport: the day must keep stepping.
  bool busy() const;
  // Serial phase: run k serves the stop at route index pos at t: passengers alight (all at the
  // end of its route) and those waiting board while there is room. Appends (trip, arrival time
  // at the destination) of those who alighted; returns the dwell time.
  double serve(std::int32_t k, std::int32_t pos, bool last, double t, const TripTable& trips,
               std::vector<std::pair<std::int32_t, double>>& arrivals);

  const TransitStats& stats() const { return s_.stats; }
  // The day's statistics with the passenger flag of each of the first `planned` trips.
  TransitStats finish(std::size_t planned) const;
  TransitState state() const;
  void restore(TransitState st);

 private:
  std::size_t cell(double t, std::int32_t line) const;
  double walk_s(double x0, double y0, double x1, double y1) const;

  const TransitNetwork& tn_;
  const net::Network& net_;
  double interval_s_;
  double sample_rate_;
  TransitState s_;  // the arrays below live here only in state() and restore()
  std::set<std::pair<double, std::int32_t>> walking_;
  std::vector<std::deque<std::int32_t>> waiting_;   // per stop
  std::vector<std::vector<std::int32_t>> onboard_;  // per vehicle
  std::int64_t waiting_count_ = 0;
  std::int64_t last_give_up_minute_ = -1;
};

}  // namespace ogan::traffic
