#include "engine/traffic/assignment.hpp"

#include <omp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "engine/core/rng.hpp"

namespace ogan::traffic {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<std::uint8_t> motor_links(const net::Network& net) {
  return {net.motor.begin(), net.motor.end()};
}

// The cost of a given route when leaving at `depart` under `tt` (the same rule as the router).
double route_cost(const net::Network& net, const Routes& r, std::size_t k, double depart,
                  const net::TravelTimes& tt) {
  const auto b = r.offset[k], e = r.offset[k + 1];
  if (b == e) return 0;
  double t = depart + 0.5 * tt.free(r.links[b]);
  for (auto i = b + 1; i + 1 < e; ++i) t += tt.at(r.links[i], t);
  (void)net;
  return t - depart;
}
}  // namespace

TripTable trip_table(const pop::Trips& p) {
  TripTable t;
  t.person = p.person;
  t.mode = p.mode;
  t.planned_depart_s = p.depart_s;
  t.teleport_time_s = p.free_time_s;
  t.distance_m = p.distance_m;
  t.origin_link = p.origin_link;
  t.dest_link = p.dest_link;
  t.service_facility.assign(p.size(), -1);
  return t;
}

Routes route_all(const net::Network& net, const net::AltRouter& router, const TripTable& trips,
                 const net::TravelTimes& tt, const std::vector<double>& depart_s) {
  const auto n = static_cast<std::int64_t>(trips.size());
  std::vector<std::vector<net::LinkId>> per(trips.size());
#pragma omp parallel
  {
    auto ws = router.workspace();
#pragma omp for schedule(dynamic, 256)
    for (std::int64_t k = 0; k < n; ++k) {
      if (network_mode_index(trips.mode[k]) < 0) continue;
      const auto o = trips.origin_link[k], d = trips.dest_link[k];
      if (o < 0 || d < 0) continue;
      if (o == d) {
        per[k] = {o};
        continue;
      }
      const double t0 = depart_s[k] + 0.5 * tt.free(o);
      const auto r = router.route(net.to[o], net.from[d], t0, tt, ws);
      if (!r.found) continue;
      auto& v = per[k];
      v.reserve(r.links.size() + 2);
      v.push_back(o);
      v.insert(v.end(), r.links.begin(), r.links.end());
      v.push_back(d);
    }
  }
  Routes routes;
  routes.offset.reserve(trips.size() + 1);
  for (const auto& v : per) {
    routes.links.insert(routes.links.end(), v.begin(), v.end());
    routes.offset.push_back(static_cast<std::uint32_t>(routes.links.size()));
  }
  return routes;
}

void update_travel_times(net::TravelTimes& tt, const LinkStats& s) {
  for (int k = 0; k < s.intervals; ++k) {
    for (std::size_t l = 0; l < s.links; ++l) {
      const std::size_t c = static_cast<std::size_t>(k) * s.links + l;
      const auto lid = static_cast<net::LinkId>(l);
      if (s.exits[c] > 0) {
        tt.set(lid, k, s.travel_time_sum_s[c] / s.exits[c]);
      } else if (s.queue_pcu[c] > 0) {
        // Nobody got out in the whole interval: at least that long.
        tt.set(lid, k, tt.interval_s());
      } else {
        tt.set(lid, k, tt.free(lid));
      }
    }
  }
}

namespace {
// A closed link costs a week: no route uses it while any other way exists.
void apply_closures(net::TravelTimes& tt,
                    const std::vector<std::tuple<net::LinkId, double, double>>& closures) {
  for (const auto& [l, from, to] : closures) {
    for (int k = 0; k < tt.intervals(); ++k) {
      const double a = k * tt.interval_s(), b = a + tt.interval_s();
      if (from < b && a < to) tt.set(l, k, 7 * 86400.0);
    }
  }
}
}  // namespace

AssignmentResult assign(const net::Network& net, const pop::Trips& plans,
                        const AssignmentOptions& o) {
  const auto& to = o.traffic;
  AssignmentResult res{trip_table(plans),
                       {},
                       {},
                       net::TravelTimes(net, to.interval_s, to.intervals,
                                        pop::mode_info(pop::Mode::Motorcycle).max_speed_mps),
                       {}};
  const auto allowed = motor_links(net);
  const net::AltRouter router(net, res.travel_times.free_times(), o.landmarks, allowed);
  const double scale = 1.0 / to.sample_rate;
  std::vector<double> depart = res.trips.planned_depart_s;
  const bool services = o.facilities != nullptr && !o.service_params.empty();
  if (services) {
    for (std::size_t k = 0; k < plans.size(); ++k) {
      const auto f = plans.dest_facility[k];
      if (f >= 0 && pop::is_service_visit(plans.purpose[k]) && o.service_params[f])
        res.trips.service_facility[k] = f;
    }
  }

  apply_closures(res.travel_times, o.closures);
  // Trips that would start or end on a closed link (a flooded street) are not made.
  res.trips.cancelled.assign(res.trips.size(), 0);
  for (const auto& [l, from, until] : o.closures) {
    for (std::size_t k = 0; k < res.trips.size(); ++k) {
      const double t = res.trips.planned_depart_s[k];
      if ((res.trips.origin_link[k] == l || res.trips.dest_link[k] == l) && t >= from && t < until)
        res.trips.cancelled[k] = 1;
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  res.routes = route_all(net, router, res.trips, res.travel_times, depart);
  // No way around a closure (its cost is a week): the trip is not made either.
  if (!o.closures.empty()) {
    for (std::size_t k = 0; k < res.trips.size(); ++k) {
      if (route_cost(net, res.routes, k, depart[k], res.travel_times) > 86400)
        res.trips.cancelled[k] = 1;
    }
  }
  double routing_s = seconds_since(t0);
  for (int it = 0; it < o.iterations; ++it) {
    IterationStats st;
    st.iteration = it;
    t0 = std::chrono::steady_clock::now();
    if (services) {
      svc::ServiceSystem system(*o.facilities, o.service_params,
                                {to.sample_rate, to.interval_s, to.intervals, to.seed});
      res.last = simulate(
          net, res.trips, res.routes, to,
          [&](std::int32_t trip, std::int32_t f, double t) { return system.visit(trip, f, t); });
      res.services = system.finish();
    } else {
      res.last = simulate(net, res.trips, res.routes, to);
    }
    st.simulation_s = seconds_since(t0);
    st.routing_s = routing_s;
    const auto& tr = res.last.trips;
    double tt_sum = 0, delay = 0, km = 0;
    std::int64_t n = 0;
    for (std::size_t k = 0; k < res.trips.size(); ++k) {
      if (tr.status[k] != TripStatus::Arrived) continue;
      const double tt = tr.arrival_s[k] - tr.depart_s[k];
      tt_sum += tt;
      delay += std::max(0.0, tt - tr.free_time_s[k]);
      km += tr.route_length_m[k] / 1000;
      ++n;
    }
    st.mean_travel_time_s = n ? tt_sum / static_cast<double>(n) : 0;
    st.total_delay_h = delay / 3600 * scale;
    st.vehicle_km = km * scale;
    st.vehicle_h = tt_sum / 3600 * scale;
    st.arrived = res.last.report.arrived;
    st.en_route = res.last.report.en_route;
    // Vehicles, not moves: a vehicle pushed through several full links counts once.
    st.stuck = std::count(tr.stuck.begin(), tr.stuck.end(), std::uint8_t{1});
    st.teleported = res.last.report.teleported;
    st.link_traversals = static_cast<double>(res.last.report.link_traversals);

    // New travel times, everybody's best route under them, the gap, and re-planning.
    update_travel_times(res.travel_times, res.last.links);
    apply_closures(res.travel_times, o.closures);
    for (std::size_t k = 0; k < res.trips.size(); ++k) {
      if (tr.depart_s[k] >= 0) depart[k] = tr.depart_s[k];
    }
    t0 = std::chrono::steady_clock::now();
    Routes best = route_all(net, router, res.trips, res.travel_times, depart);
    routing_s = seconds_since(t0);
    double cost_now = 0, cost_best = 0;
    for (std::size_t k = 0; k < res.trips.size(); ++k) {
      // Cancelled trips are not made: their closure penalty would swamp both sums.
      if (res.trips.cancelled[k] || res.routes.offset[k] == res.routes.offset[k + 1] ||
          best.offset[k] == best.offset[k + 1]) {
        continue;
      }
      cost_now += route_cost(net, res.routes, k, depart[k], res.travel_times);
      cost_best += route_cost(net, best, k, depart[k], res.travel_times);
    }
    st.relative_gap = cost_now > 0 ? (cost_now - cost_best) / cost_now : 0;
    res.iterations.push_back(st);
    spdlog::info(
        "iteration {}: mean travel time {:.1f} min, delay {:.0f} veh-h, relative gap {:.4f}, "
        "routing {:.1f} s, simulation {:.1f} s",
        it + 1, st.mean_travel_time_s / 60, st.total_delay_h, st.relative_gap, st.routing_s,
        st.simulation_s);
    const bool last =
        it + 1 == o.iterations || (o.gap_tolerance > 0 && st.relative_gap < o.gap_tolerance);
    if (last) break;
    Routes next;
    next.offset.reserve(res.trips.size() + 1);
    for (std::size_t k = 0; k < res.trips.size(); ++k) {
      Rng rng(to.seed, StreamId::Replanning, k, static_cast<std::uint32_t>(it));
      const Routes& src = rng.uniform() < o.replan_share ? best : res.routes;
      next.links.insert(next.links.end(), src.links.begin() + src.offset[k],
                        src.links.begin() + src.offset[k + 1]);
      next.offset.push_back(static_cast<std::uint32_t>(next.links.size()));
    }
    res.routes = std::move(next);
  }
  return res;
}

}  // namespace ogan::traffic
