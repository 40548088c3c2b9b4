#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "engine/network/network.hpp"
#include "engine/population/modes.hpp"
#include "engine/traffic/transit_network.hpp"
#include "engine/traffic/transit_state.hpp"

namespace ogan::traffic {

struct TrafficOptions {
  double dt_s = 1.0;             // time step
  double interval_s = 900.0;     // statistics interval
  int intervals = 96;            // statistics cover 24 h; later traffic counts in the last one
  double end_s = 30 * 3600.0;    // vehicles still driving then are counted en route
  double stuck_time_s = 300.0;   // a vehicle blocked this long moves on regardless of space
  bool seepage = true;           // motorcycles pass vehicles still traversing the link
  int seepage_lookahead = 4;     // how far behind the head a motorcycle may be
  double sample_rate = 1.0;      // flow and storage capacities are scaled by it
  double min_activity_s = 60.0;  // shortest stay between two trips of a person
  std::uint64_t seed = 1;
  // The day's per-second loops over nodes and links go to the threads in chunks of this many; a
  // smaller loop runs on the calling thread, and 0 keeps them all there. 0 by default: a step
  // moves about 50 vehicles, and on the 2-core machine of docs/performance.md every chunk size
  // made the OKU day slower on two threads than on one (the link records travel between the
  // cores' caches at every step). Small on purpose in the thread tests, which must exercise the
  // parallel path on hand-made networks; results never depend on it.
  int parallel_chunk = 0;
  // For tests: every link with vehicles, and every link with vehicles waiting to enter it, is
  // looked at in every step, instead of only when something may move (the reference the day's
  // calendar of links must equal; not a scenario key).
  bool look_every_step = false;
  // Public transport lines: angkot trips ride their vehicles instead of driving (transit_day.hpp).
  std::shared_ptr<const TransitNetwork> transit;
};

// The day's trips as the traffic model needs them, ordered by person then sequence.
struct TripTable {
  std::vector<std::int32_t> person;
  std::vector<pop::Mode> mode;
  std::vector<double> planned_depart_s;
  std::vector<double> teleport_time_s;  // for trips that do not use the network
  std::vector<double> distance_m;       // for teleported trips
  std::vector<net::LinkId> origin_link;
  std::vector<net::LinkId> dest_link;
  std::vector<std::int32_t> service_facility;  // a queueing facility visited, -1 otherwise
  std::vector<std::uint8_t> cancelled;         // 1: not made (its origin or destination is closed)
  std::size_t size() const { return person.size(); }
};

// What keys trip k's own random draws (its service time, whether it replans, whether an angkot
// rider re-chooses): the person and the trip's place in the person's day. Adding or removing
// other persons' trips (a higher trip rate, a policy) then leaves every other trip's draws as they
// were: common random numbers between scenarios and between calibration candidates. A global trip
// index shifted every later trip's draws. Trips of a person are contiguous.
std::vector<std::uint64_t> trip_rng_keys(const TripTable& t);
// The key of trip k; a trip added after the keys were made (a crowd event) is keyed by its index.
inline std::uint64_t trip_rng_key(const std::vector<std::uint64_t>& keys, std::size_t k) {
  return k < keys.size() ? keys[k] : (std::uint64_t{1} << 63) | k;
}

// Called when a visitor reaches a queueing facility, in time order (ties by trip id); returns
// when the visitor leaves it. The traffic model then sends them on their next trip.
using ServiceHook =
    std::function<double(std::int32_t trip, std::int32_t facility, double arrival_s)>;

// Routes per trip: links of trip k are links[offset[k] .. offset[k+1]) (origin link first,
// destination link last); empty for trips that do not use the network.
struct Routes {
  std::vector<std::uint32_t> offset{0};
  std::vector<net::LinkId> links;
};

enum class TripStatus : std::uint8_t { NotStarted, EnRoute, Arrived, Teleported, Cancelled };

struct TripResult {
  std::vector<double> depart_s;
  std::vector<double> arrival_s;  // -1 if not arrived
  std::vector<TripStatus> status;
  std::vector<std::uint8_t> stuck;  // forced past a blocked link at least once
  std::vector<double> route_length_m;
  std::vector<double> free_time_s;  // along the route at free flow (vehicle's speed cap)
  // Time a vehicle waited at its origin for room on its first link (depart_s is when it entered).
  std::vector<double> departure_delay_s;
};

// Per interval and link, row-major [T][L] (volume by mode: [T][L][M] with the network modes).
struct LinkStats {
  int intervals = 0;
  std::size_t links = 0;
  std::vector<std::uint32_t> volume_veh;  // [T][L][4]: motorcycle, car, angkot, ojek
  std::vector<float> volume_pcu;
  std::vector<double> travel_time_sum_s;  // of vehicles leaving the link in the interval
  std::vector<std::uint32_t> exits;
  std::vector<float> queue_pcu;  // waiting at the link's end, at the interval's end
};

struct SimulationReport {
  std::int64_t departed = 0;  // network trips that entered the network
  std::int64_t arrived = 0;
  std::int64_t en_route = 0;    // still driving at end_s
  std::int64_t teleported = 0;  // walk, bicycle, passenger and unroutable trips
  std::int64_t cancelled = 0;   // trips not made: the person stays where they are for the day
  std::int64_t stuck_events = 0;
  std::int64_t link_traversals = 0;
  std::int64_t steps = 0;
  std::int64_t rerouted = 0;  // vehicles and trips given a new route by a closure during the day
  std::int64_t stranded =
      0;  // vehicles that found no open way and ended their trip where they were
  std::int64_t waiting_at_origin =
      0;  // vehicles still waiting for room on their first link at end_s
};

struct SimulationOutput {
  TripResult trips;
  LinkStats links;
  SimulationReport report;
  TransitStats transit;  // empty without lines
};

// Index of a network mode in LinkStats::volume_veh, -1 for modes that do not use the network.
int network_mode_index(pop::Mode m);
inline constexpr int kNetworkModes = 4;

// The mesoscopic queue simulation of one day (docs/traffic-model.md). Deterministic for any
// thread count: nodes move vehicles in parallel but each writes only what it owns, and links
// apply their arrivals in a second phase.
SimulationOutput simulate(const net::Network& net, const TripTable& trips, const Routes& routes,
                          const TrafficOptions& options, const ServiceHook& services = {});

}  // namespace ogan::traffic
