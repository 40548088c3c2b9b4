#include "engine/traffic/transit_network.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

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

bool twins(const net::Network& net, net::LinkId a, net::LinkId b) {
  return net.from[a] == net.to[b] && net.to[a] == net.from[b];
}

// Removes the detours that joining shortest legs at waypoints makes: a waypoint snapped to a side
// street or just past a junction made the line drive in and turn back (32 of the 36 patterns of
// the committed lines had a U-turn on the way, some three, and SUMO's replay of the day locked up
// behind them). An angkot passes by instead, and the place stays within walking reach (half the
// detour) of the line:
// - a street driven in and back out (the links between a link and its twin, matched like
//   brackets) is cut when the whole out-and-back is at most max_loop_m; a longer one is the
//   line's own (out to a village and back) and stays as it is;
// - then a loop that brings the route back to a node it passed without turning back on itself
//   (round a block) is cut when it is at most max_loop_m.
std::vector<net::LinkId> without_short_loops(const net::Network& net,
                                             const std::vector<net::LinkId>& links,
                                             double max_loop_m) {
  const auto n = links.size();
  std::vector<std::ptrdiff_t> closing(n, -1);
  std::vector<std::size_t> open;
  for (std::size_t k = 0; k < n; ++k) {
    if (!open.empty() && twins(net, links[open.back()], links[k])) {
      closing[open.back()] = static_cast<std::ptrdiff_t>(k);
      open.pop_back();
    } else {
      open.push_back(k);
    }
  }
  std::vector<net::LinkId> kept;
  for (std::size_t i = 0; i < n;) {
    if (closing[i] < 0) {
      kept.push_back(links[i++]);
      continue;
    }
    const auto c = static_cast<std::size_t>(closing[i]);
    double len = 0;
    for (auto k = i; k <= c; ++k) len += net.length_m[links[k]];
    if (len > max_loop_m) kept.insert(kept.end(), links.begin() + i, links.begin() + c + 1);
    i = c + 1;
  }
  if (kept.empty()) return links;

  std::vector<net::LinkId> out;
  std::vector<double> along{0.0};  // along[i]: distance along out at its i-th node
  std::unordered_map<net::NodeId, std::size_t> at{{net.from[kept.front()], 0}};
  for (const auto l : kept) {
    out.push_back(l);
    along.push_back(along.back() + net.length_m[l]);
    const auto node = net.to[l];
    const auto seen = at.find(node);
    if (seen != at.end() && along.back() - along[seen->second] <= max_loop_m) {
      const auto j = seen->second;
      bool turns_back = false;
      for (auto i = j; i + 1 < out.size(); ++i) turns_back |= twins(net, out[i], out[i + 1]);
      if (!turns_back) {
        for (auto i = j; i < out.size(); ++i) at.erase(net.to[out[i]]);
        out.resize(j);
        along.resize(j + 1);
      }
    }
    at[node] = out.size();
  }
  if (out.empty()) return links;
  // A terminal snapped to the far end of its street: start and end on the street, not with a turn.
  if (out.size() > 2 && twins(net, out[0], out[1])) out.erase(out.begin());
  if (out.size() > 2 && twins(net, out[out.size() - 2], out.back())) out.pop_back();
  return out;
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
      p.links = without_short_loops(net, route_through(net, cost, allowed, motor, way, spec.id),
                                    2 * options.max_access_m);
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
