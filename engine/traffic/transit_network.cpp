#include "engine/traffic/transit_network.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/network/dijkstra.hpp"
#include "engine/population/modes.hpp"

namespace ogan::traffic {

namespace {

// A run's planned time is its free-flow time times this: stops, boardings and some congestion.
constexpr double kRunTimeFactor = 1.3;
// Ride-time allowance per stop passed, for the passengers' choice of stops.
constexpr double kStopAllowance_s = 5.0;

double angkot_time_s(const net::Network& net, net::LinkId l) {
  const double cap = pop::mode_info(pop::Mode::Angkot).max_speed_mps;
  return net.length_m[l] / std::min(net.free_speed_mps[l], cap);
}

std::vector<net::LinkId> route_through(const net::Network& net, const std::vector<double>& cost,
                                       const std::vector<std::uint8_t>& allowed,
                                       const std::vector<std::uint8_t>& open_or_closed,
                                       const std::vector<net::NodeId>& way,
                                       const std::string& line) {
  std::vector<net::LinkId> links;
  for (std::size_t i = 0; i + 1 < way.size(); ++i) {
    if (way[i] == way[i + 1]) continue;
    auto leg = net::path_to(net, net::dijkstra(net, cost, way[i], allowed), way[i + 1]);
    if (leg.empty() && &allowed != &open_or_closed) {
      // A closure cuts the line: it keeps its usual road there (and waits, as other traffic).
      spdlog::warn("transit line '{}': no way around the closed roads from waypoint {} to {}", line,
                   i + 1, i + 2);
      leg = net::path_to(net, net::dijkstra(net, cost, way[i], open_or_closed), way[i + 1]);
    }
    if (leg.empty())
      throw InputError(fmt::format(
          "transit line '{}': no road from waypoint {} to waypoint {} (nodes {} and {})", line,
          i + 1, i + 2, way[i], way[i + 1]));
    links.insert(links.end(), leg.begin(), leg.end());
  }
  if (links.empty())
    throw InputError(fmt::format("transit line '{}': its waypoints are all at one node", line));
  return links;
}

}  // namespace

double TransitNetwork::headway_s(std::int32_t line, double t) const {
  const auto& h = lines[static_cast<std::size_t>(line)].headways;
  double v = h.front().headway_s;
  for (const auto& p : h)
    if (p.from_s <= t) v = p.headway_s;
  return v;
}

TransitNetwork build_transit_network(const net::Network& net, std::vector<TransitLineSpec> lines,
                                     const TransitOptions& options,
                                     const std::vector<net::LinkId>& avoid) {
  TransitNetwork tn;
  tn.options = options;
  std::vector<double> cost(net.num_links());
  const std::vector<std::uint8_t> motor(net.motor.begin(), net.motor.end());
  std::vector<std::uint8_t> allowed = motor;
  for (auto l : avoid) allowed[static_cast<std::size_t>(l)] = 0;
  for (std::size_t l = 0; l < net.num_links(); ++l)
    cost[l] = angkot_time_s(net, static_cast<net::LinkId>(l));
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const auto& spec = lines[li];
    if (spec.waypoints.size() < 2 || spec.headways.empty() || spec.fleet < 1 || spec.capacity < 1)
      throw InternalError("transit line '" + spec.id + "' is incomplete");
    for (int dir = 0; dir < 2; ++dir) {
      auto way = spec.waypoints;
      if (dir == 1) std::reverse(way.begin(), way.end());
      TransitPattern p;
      p.line = static_cast<std::int32_t>(li);
      p.links = route_through(net, cost, allowed, motor, way, spec.id);
      p.stop_at.assign(p.links.size(), -1);
      const auto pi = static_cast<std::int32_t>(tn.patterns.size());
      double along = 0, last_stop = -1e300, ride = 0;
      for (std::size_t i = 0; i < p.links.size(); ++i) {
        const auto l = p.links[i];
        const double share = (i == 0 || i + 1 == p.links.size()) ? 0.5 : 1.0;
        along += share * net.length_m[l];
        ride += share * angkot_time_s(net, l);
        const bool terminal = i == 0 || i + 1 == p.links.size();
        if (terminal || along - last_stop >= spec.stop_spacing_m) {
          TransitStop s;
          s.pattern = pi;
          s.pos = static_cast<std::int32_t>(i);
          s.node = net.to[l];
          s.x = net.node_x[s.node];
          s.y = net.node_y[s.node];
          s.ride_s = ride;
          ride += kStopAllowance_s;
          p.stop_at[i] = static_cast<std::int32_t>(tn.stops.size());
          p.stops.push_back(p.stop_at[i]);
          tn.stops.push_back(s);
          last_stop = along;
        }
      }
      p.length_m = along;
      for (std::size_t i = 0; i < p.links.size(); ++i)
        p.free_time_s +=
            ((i == 0 || i + 1 == p.links.size()) ? 0.5 : 1.0) * angkot_time_s(net, p.links[i]);
      tn.patterns.push_back(std::move(p));
    }
  }
  tn.lines = std::move(lines);

  // Runs: departures from each terminal by headway, taken by the vehicle waiting there longest.
  std::vector<std::vector<TransitRun>> per_vehicle;
  for (std::size_t li = 0; li < tn.lines.size(); ++li) {
    const auto& spec = tn.lines[li];
    const auto line = static_cast<std::int32_t>(li);
    struct Dep {
      double t;
      int dir;
    };
    std::vector<Dep> deps;
    for (int dir = 0; dir < 2; ++dir) {
      // The second terminal starts half a headway later, so the two directions interleave.
      double t = spec.start_s + (dir == 1 ? 0.5 * tn.headway_s(line, spec.start_s) : 0.0);
      while (t <= spec.end_s) {
        deps.push_back({t, dir});
        t += tn.headway_s(line, t);
      }
    }
    std::stable_sort(deps.begin(), deps.end(), [](const Dep& a, const Dep& b) {
      return a.t != b.t ? a.t < b.t : a.dir < b.dir;
    });
    // Vehicles: half wait at each terminal at the start of the day.
    std::vector<std::int32_t> at(static_cast<std::size_t>(spec.fleet));
    std::vector<double> free_from(static_cast<std::size_t>(spec.fleet), 0.0);
    const auto first = static_cast<std::int32_t>(per_vehicle.size());
    for (int v = 0; v < spec.fleet; ++v) {
      at[static_cast<std::size_t>(v)] = v % 2;
      per_vehicle.emplace_back();
      tn.vehicle_line.push_back(line);
    }
    for (const auto& d : deps) {
      int best = -1;
      for (int v = 0; v < spec.fleet; ++v) {
        const auto vi = static_cast<std::size_t>(v);
        if (at[vi] != d.dir || free_from[vi] > d.t) continue;
        if (best < 0 || free_from[vi] < free_from[static_cast<std::size_t>(best)]) best = v;
      }
      if (best < 0) {
        ++tn.skipped_departures;
        continue;
      }
      const auto bi = static_cast<std::size_t>(best);
      const auto pattern = 2 * line + d.dir;
      per_vehicle[static_cast<std::size_t>(first + best)].push_back({first + best, pattern, d.t});
      free_from[bi] = d.t +
                      kRunTimeFactor * tn.patterns[static_cast<std::size_t>(pattern)].free_time_s +
                      spec.layover_s;
      at[bi] = 1 - d.dir;
    }
  }
  tn.vehicles = static_cast<std::int32_t>(per_vehicle.size());
  for (const auto& v : per_vehicle) tn.runs.insert(tn.runs.end(), v.begin(), v.end());
  return tn;
}

}  // namespace ogan::traffic
