#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "engine/traffic/simulation.hpp"

namespace ogan::traffic {

// A new route for a vehicle that must avoid closed links: the links from node `from` to the
// destination link `dest` (dest last), leaving at `t`; empty when no open way exists.
using Rerouter =
    std::function<std::vector<net::LinkId>(net::NodeId from, net::LinkId dest, double t)>;

// Everything a day needs to continue from its clock, as plain arrays (written to and read from
// state files by engine/run; docs/twin.md). Between two steps nothing else is in flight.
struct DayState {
  std::uint64_t step = 0;           // the next step to run; the clock is step * dt_s
  std::uint64_t planned_trips = 0;  // trips of the plans; those after them were added (crowds)
  int next_interval = 1;            // the next interval end at which queues are recorded
  TripTable trips;
  // Routes: trip k uses route_links[route_begin[k] .. + route_len[k]) (re-routes are appended).
  std::vector<net::LinkId> route_links;
  std::vector<std::uint64_t> route_begin;
  std::vector<std::int32_t> route_len;
  // Per trip.
  std::vector<std::int32_t> pos;
  std::vector<double> exit_t, enter_t, blocked_since;
  TripResult results;
  // Per link: the vehicles on it in order (CSR), pcu, the outflow accumulator, capacities.
  std::vector<std::uint64_t> queue_offset;
  std::vector<std::int32_t> queue_vehicles;
  std::vector<double> occ, accum, accum_t, cap_step, storage;
  std::vector<std::uint8_t> closed;
  std::vector<double> free_time;  // [mode][link], seconds
  // Departures and teleported arrivals still to come: (step, trip) in bucket order.
  std::vector<std::uint64_t> departure_step, arrival_step;
  std::vector<std::int32_t> departure_trip, arrival_trip;
  std::vector<net::LinkId> active;  // links with vehicles, in the order the day keeps them
  // Vehicles waiting at their origin for room on their first link (CSR by link, in FIFO order),
  // and when each trip became ready to leave.
  std::vector<std::uint64_t> origin_wait_offset;
  std::vector<std::int32_t> origin_wait_vehicles;
  std::vector<double> ready_t;
  LinkStats links;
  SimulationReport report;
  TransitState transit;  // public transport (empty without lines)
};

// The mesoscopic queue simulation of one day (docs/traffic-model.md) as an object with a clock:
// advance_to(t) runs the one-second steps before t, events change links between steps, and the
// state can be taken out and put back bit for bit. Deterministic for any thread count: nodes
// move vehicles in parallel but each writes only what it owns, and links apply their arrivals in
// a second phase.
class DaySimulation {
 public:
  DaySimulation(const net::Network& net, TripTable trips, const Routes& routes,
                const TrafficOptions& options, ServiceHook services = {}, Rerouter reroute = {});
  // Continues a day from a state taken by state() (same network and options).
  DaySimulation(const net::Network& net, DayState state, const TrafficOptions& options,
                ServiceHook services = {}, Rerouter reroute = {});
  ~DaySimulation();
  DaySimulation(DaySimulation&&) noexcept;
  DaySimulation& operator=(DaySimulation&&) noexcept;

  double now() const;  // every step before it has run
  double end() const;  // the end of the simulated period (TrafficOptions::end_s)
  bool done() const;
  // Runs every step before t (at most to the end of the period).
  void advance_to(double t);
  // Runs the rest of the period and hands over the day's outputs; the object is spent.
  SimulationOutput finish();

  // Events, applied at now(). Closing links re-routes every vehicle whose remaining route uses
  // one (at its next node; a vehicle with no open way ends its trip where it is) and every trip
  // not yet started (a trip starting or ending on a closed link is cancelled when it is due).
  void close_links(const std::vector<net::LinkId>& links);
  void reopen_links(const std::vector<net::LinkId>& links);
  void set_capacity(const std::vector<net::LinkId>& links, double capacity_pcu_h);
  void set_free_speed(const std::vector<net::LinkId>& links, double speed_mps);
  // Adds trips of new persons (ids above every person's so far), their first trips departing as
  // planned; returns the id of the first added trip. They take road space like any other, and
  // are counted in the report, but finish() returns per-trip results of the planned trips only.
  std::int32_t add_trips(const TripTable& trips, const Routes& routes);
  // Moves the departure of trip k (not started) to t (a visit that ends earlier or later).
  void reschedule(std::int32_t trip, double depart_s);

  // Reading the day at now().
  const TripTable& trips() const;
  const TripResult& trip_results() const;
  const LinkStats& link_stats() const;  // intervals so far
  const SimulationReport& report() const;
  std::int32_t vehicles_on(net::LinkId l) const;
  double pcu_on(net::LinkId l) const;
  double queue_pcu(net::LinkId l) const;  // vehicles that could leave but have not
  bool closed(net::LinkId l) const;
  double capacity_pcu_h(net::LinkId l) const;  // at full scale
  std::int64_t rerouted() const;               // vehicles given a new route by closures
  // How many times a link was looked at for vehicles to move, so far: the work of the day's
  // calendar of links (for tests and benchmarks; not part of the state).
  std::int64_t link_looks() const;
  // The links of trip k's current route.
  std::vector<net::LinkId> route(std::int32_t trip) const;

  DayState state() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ogan::traffic
