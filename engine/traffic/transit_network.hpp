#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/network/network.hpp"

namespace ogan::traffic {

// A public-transport line (trayek) as the engine routes it: its waypoints already resolved to
// network nodes (the scenario layer reads data/transit/lines.yaml; data/transit/README.md).
struct TransitLineSpec {
  std::string id, name, kind;          // kind: "angkot" (town) or "minibus" (rural)
  std::vector<net::NodeId> waypoints;  // at least two; the first and last are the terminals
  int fleet = 1;                       // vehicles on the line
  struct Headway {
    double from_s = 0;  // from this time of day on
    double headway_s = 600;
  };
  std::vector<Headway> headways;  // sorted by from_s, the first from 0
  int capacity = 12;              // passengers, seated + standing
  double start_s = 5.5 * 3600;    // first departure from a terminal
  double end_s = 18 * 3600;       // last departure from a terminal
  double stop_spacing_m = 400;    // between stops along the route
  double pcu = 1.0;               // road space of one vehicle
  double dwell_per_passenger_s = 3.0;
  double layover_s = 300;  // at a terminal between two runs (planned)
};

struct TransitOptions {
  double max_access_m = 1000;  // straight-line walk to or from a stop
  double walk_speed_mps = 1.3;
  double walk_detour = 1.3;  // walked distance over straight-line distance
  double max_wait_s = 1800;  // a passenger waiting longer gives up and takes an ojek from the stop
};

// One direction of a line: the links from one terminal to the other and its stops.
struct TransitPattern {
  std::int32_t line = 0;
  std::vector<net::LinkId> links;
  std::vector<std::int32_t> stop_at;  // per route index: the stop at the link's end, or -1
  std::vector<std::int32_t> stops;    // stop ids in travel order
  double length_m = 0;
  double free_time_s = 0;
};

// A stop of one pattern: at the end of link `pattern.links[pos]` (node `node`).
struct TransitStop {
  std::int32_t pattern = 0;
  std::int32_t pos = 0;
  net::NodeId node = 0;
  double x = 0, y = 0;
  double ride_s = 0;  // from the pattern's first stop at free flow, with dwell allowance
};

// A vehicle's run from one terminal to the other, planned.
struct TransitRun {
  std::int32_t vehicle = 0;
  std::int32_t pattern = 0;
  double depart_s = 0;
};

// The lines routed on the network, their stops and the planned runs of their vehicles: static
// for a day (TrafficOptions::transit).
struct TransitNetwork {
  TransitOptions options;
  std::vector<TransitLineSpec> lines;
  std::vector<TransitPattern> patterns;  // 2l: first to last waypoint, 2l+1: back
  std::vector<TransitStop> stops;
  std::vector<TransitRun> runs;  // by vehicle, then time
  std::int32_t vehicles = 0;
  std::vector<std::int32_t> vehicle_line;
  std::int64_t skipped_departures = 0;  // no vehicle of the fleet at the terminal in time

  double headway_s(std::int32_t line, double t) const;
};

// Routes each line through its waypoints (shortest paths on motor links by free-flow time, both
// directions), places stops every stop_spacing_m (and at both terminals), and plans the runs:
// departures from each terminal by headway within the operating hours, each taken by the fleet
// vehicle that is waiting there longest (a run's time: free flow x 1.3 plus the layover);
// departures no vehicle can take are skipped and counted. InputError naming the line if a
// leg cannot be routed.
// Links in `avoid` (closed by a policy at some time of the day) are left out of the routes
// where another way exists: the line runs its detour all day.
TransitNetwork build_transit_network(const net::Network& net, std::vector<TransitLineSpec> lines,
                                     const TransitOptions& options,
                                     const std::vector<net::LinkId>& avoid = {});

}  // namespace ogan::traffic
