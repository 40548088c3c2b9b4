#include "engine/traffic/assignment.hpp"

#include <omp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <exception>
#include <optional>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/core/rng.hpp"
#include "engine/traffic/day_simulation.hpp"
#include "engine/traffic/transit_feedback.hpp"

namespace ogan::traffic {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<std::uint8_t> motor_links(const net::Network& net) {
  return {net.motor.begin(), net.motor.end()};
}

std::shared_ptr<const net::AltRouter> router_for(const net::Network& net,
                                                 const AssignmentOptions& o) {
  // Compared by address, without reading through the router's reference: a router built on a
  // network that has since moved away would read freed memory.
  if (o.router && &o.router->network() == &net && o.router->landmark_count() == o.landmarks)
    return o.router;
  return motor_router(net, o.landmarks);
}

// The other direction of a two-way street open to motor vehicles, or -1.
net::LinkId two_way_reverse(const net::Network& net, net::LinkId l) {
  const auto r = net.reverse[static_cast<std::size_t>(l)];
  return r >= 0 && net.motor[static_cast<std::size_t>(r)] ? r : -1;
}

}  // namespace

std::shared_ptr<const net::AltRouter> motor_router(const net::Network& net, int landmarks) {
  const net::TravelTimes tt(net, 3600, 1, pop::mode_info(pop::Mode::Motorcycle).max_speed_mps);
  return std::make_shared<const net::AltRouter>(net, tt.free_times(), landmarks, motor_links(net));
}

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
                 const net::TravelTimes& tt, const std::vector<double>& depart_s,
                 std::span<const std::uint8_t> only) {
  // The trips to route, in order of departure: queries close in time read the same interval's
  // travel times, which then stay in cache (a route does not depend on the order it is computed
  // in). Only those asked for are sorted, by (departure, trip) pairs read without indirection.
  std::vector<std::pair<double, std::int32_t>> when;
  when.reserve(only.empty() ? trips.size()
                            : static_cast<std::size_t>(
                                  std::count(only.begin(), only.end(), std::uint8_t{1})));
  for (std::size_t k = 0; k < trips.size(); ++k)
    if (only.empty() || only[k]) when.emplace_back(depart_s[k], static_cast<std::int32_t>(k));
  std::sort(when.begin(), when.end());
  std::vector<std::int32_t> order(when.size());
  for (std::size_t i = 0; i < when.size(); ++i) order[i] = when[i].second;
  const auto n = static_cast<std::int64_t>(order.size());
  // Each thread appends its routes to its own buffer (no allocation per trip); they are put in
  // trip order afterwards.
  struct Piece {
    std::int32_t trip;
    std::uint32_t begin, size;
  };
  const int threads = omp_get_max_threads();
  std::vector<std::vector<net::LinkId>> buf(static_cast<std::size_t>(threads));
  std::vector<std::vector<Piece>> pieces(static_cast<std::size_t>(threads));
  std::vector<std::uint32_t> size(trips.size() + 1, 0);
#pragma omp parallel num_threads(threads)
  {
    const auto me = static_cast<std::size_t>(omp_get_thread_num());
    auto& mine = buf[me];
    auto ws = router.workspace();
    net::Route r;
#pragma omp for schedule(dynamic, 256)
    for (std::int64_t i = 0; i < n; ++i) {
      const auto k = order[static_cast<std::size_t>(i)];
      if (network_mode_index(trips.mode[k]) < 0) continue;
      const auto o = trips.origin_link[k], d = trips.dest_link[k];
      if (o < 0 || d < 0) continue;
      const auto begin = static_cast<std::uint32_t>(mine.size());
      // Homes and destinations are mid-link: on a two-way street the vehicle may pull out and
      // park in either direction (the link or its reverse), whichever is faster.
      const auto ro = two_way_reverse(net, o), rd = two_way_reverse(net, d);
      if (o == d || o == rd) {
        mine.push_back(o);
      } else {
        const std::array<net::LinkId, 2> first = {o, ro}, last = {d, rd};
        std::array<net::AltRouter::Source, 2> src;
        std::array<net::AltRouter::Target, 2> dst;
        std::size_t ns = 0, nt = 0;
        for (const auto l : first)
          if (l >= 0) src[ns++] = {net.to[l], depart_s[k] + 0.5 * tt.free(l)};
        for (const auto l : last)
          if (l >= 0) dst[nt++] = {net.from[l], 0.5 * tt.free(l)};
        router.route_between({src.data(), ns}, {dst.data(), nt}, tt, ws, r);
        if (!r.found) continue;
        mine.push_back(first[static_cast<std::size_t>(r.source)]);
        mine.insert(mine.end(), r.links.begin(), r.links.end());
        mine.push_back(last[static_cast<std::size_t>(r.target)]);
      }
      const auto len = static_cast<std::uint32_t>(mine.size()) - begin;
      pieces[me].push_back({k, begin, len});
      size[static_cast<std::size_t>(k) + 1] = len;
    }
  }
  Routes routes;
  routes.offset = std::move(size);
  for (std::size_t k = 1; k < routes.offset.size(); ++k) routes.offset[k] += routes.offset[k - 1];
  // Written in trip order from routes found in departure order: scattered (core/huge_pages).
  reserve_huge(routes.links, routes.offset.back());
  routes.links.resize(routes.offset.back());
#pragma omp parallel for num_threads(threads) schedule(static, 1)
  for (int t = 0; t < threads; ++t) {
    const auto& mine = buf[static_cast<std::size_t>(t)];
    for (const auto& p : pieces[static_cast<std::size_t>(t)])
      std::copy_n(mine.begin() + p.begin, p.size,
                  routes.links.begin() + routes.offset[static_cast<std::size_t>(p.trip)]);
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

Assignment::Assignment(const net::Network& net, const pop::Trips& plans, const AssignmentOptions& o)
    : net_(net),
      o_(o),
      res_{trip_table(plans),
           {},
           {},
           net::TravelTimes(net, o.traffic.interval_s, o.traffic.intervals,
                            pop::mode_info(pop::Mode::Motorcycle).max_speed_mps),
           {}},
      router_(router_for(net, o)) {
  services_ = o.facilities != nullptr && !o.service_params.empty();
  if (services_) {
    for (std::size_t k = 0; k < plans.size(); ++k) {
      const auto f = plans.dest_facility[k];
      if (f >= 0 && pop::is_service_visit(plans.purpose[k]) && o.service_params[f])
        res_.trips.service_facility[k] = f;
    }
  }
  trip_keys_ = trip_rng_keys(res_.trips);
  depart_ = res_.trips.planned_depart_s;
  planned_s_ = res_.trips.planned_depart_s;
  preferred_arrival_s_.assign(plans.size(), -1);
  for (std::size_t k = 0; k < plans.size(); ++k) {
    const auto a = plans.purpose[k];
    if (a == pop::Activity::Work || a == pop::Activity::School || a == pop::Activity::University ||
        a == pop::Activity::Escort)
      preferred_arrival_s_[k] = plans.depart_s[k] + plans.free_time_s[k];
  }
  apply_closures(res_.travel_times, o.closures);
  // Trips that would start or end on a closed link (a flooded street) are not made.
  res_.trips.cancelled.assign(res_.trips.size(), 0);
  for (const auto& [l, from, until] : o.closures) {
    for (std::size_t k = 0; k < res_.trips.size(); ++k) {
      const double t = res_.trips.planned_depart_s[k];
      if ((res_.trips.origin_link[k] == l || res_.trips.dest_link[k] == l) && t >= from &&
          t < until)
        res_.trips.cancelled[k] = 1;
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  res_.routes = route_all(net, *router_, res_.trips, res_.travel_times, depart_);
  // No way around a closure (its cost is a week): the trip is not made either.
  if (!o.closures.empty()) {
    for (std::size_t k = 0; k < res_.trips.size(); ++k) {
      if (route_cost(res_.routes, k, depart_[k], res_.travel_times) > 86400)
        res_.trips.cancelled[k] = 1;
    }
  }
  routing_s_ = seconds_since(t0);
}

Assignment::Assignment(const net::Network& net, const AssignmentOptions& o, TripTable trips,
                       Routes routes, net::TravelTimes travel_times,
                       std::vector<IterationStats> iterations, std::vector<double> departures)
    : net_(net),
      o_(o),
      res_{std::move(trips), std::move(routes), {}, std::move(travel_times), std::move(iterations)},
      router_(router_for(net, o)) {
  services_ = o.facilities != nullptr && !o.service_params.empty();
  trip_keys_ = trip_rng_keys(res_.trips);
  depart_ = std::move(departures);
  if (depart_.size() != res_.trips.size())
    throw InputError("assignment state: departures do not match the trips");
}

ServiceHook Assignment::service_hook(svc::ServiceSystem& system) const {
  return [&system, this](std::int32_t trip, std::int32_t f, double t) {
    return system.visit(trip, trip_rng_key(trip_keys_, static_cast<std::size_t>(trip)), f, t);
  };
}

svc::ServiceSystem Assignment::service_system() const {
  const auto& to = o_.traffic;
  return svc::ServiceSystem(*o_.facilities, o_.service_params,
                            {to.sample_rate, to.interval_s, to.intervals, to.seed});
}

IterationStats Assignment::close_day(int it, const SimulationOutput& day, double simulation_s) {
  const auto& to = o_.traffic;
  const double scale = 1.0 / to.sample_rate;
  IterationStats st;
  st.iteration = it;
  st.routing_s = routing_s_;
  st.simulation_s = simulation_s;
  const auto& tr = day.trips;
  double tt_sum = 0, delay = 0, km = 0;
  std::int64_t n = 0;
  for (std::size_t k = 0; k < res_.trips.size(); ++k) {
    if (tr.status[k] != TripStatus::Arrived) continue;
    // Rode public transport: no vehicle of its own (the transit vehicles are not planned trips).
    if (k < day.transit.passenger.size() && day.transit.passenger[k]) continue;
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
  st.arrived = day.report.arrived;
  st.en_route = day.report.en_route;
  // Vehicles, not moves: a vehicle pushed through several full links counts once.
  st.stuck = std::count(tr.stuck.begin(), tr.stuck.end(), std::uint8_t{1});
  st.teleported = day.report.teleported;
  st.link_traversals = static_cast<double>(day.report.link_traversals);
  // New travel times; the departures the gap is measured at.
  update_travel_times(res_.travel_times, day.links);
  apply_closures(res_.travel_times, o_.closures);
  for (std::size_t k = 0; k < res_.trips.size(); ++k) {
    if (tr.depart_s[k] >= 0) depart_[k] = tr.depart_s[k];
  }
  return st;
}

double Assignment::relative_gap(const Routes& best, const Routes* best_rest,
                                std::span<const std::uint8_t> in_best) const {
  // Each trip's two costs (in parallel), summed in trip order: the same gap on any thread count.
  const auto nt = static_cast<std::int64_t>(res_.trips.size());
  std::vector<double> now_k(res_.trips.size(), 0.0), best_k(res_.trips.size(), 0.0);
  std::vector<std::uint8_t> counted(res_.trips.size(), 0);
#pragma omp parallel for schedule(dynamic, 4096)
  for (std::int64_t i = 0; i < nt; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const Routes& b = best_rest != nullptr && !in_best[k] ? *best_rest : best;
    // Cancelled trips are not made: their closure penalty would swamp both sums.
    if (res_.trips.cancelled[k] || res_.routes.offset[k] == res_.routes.offset[k + 1] ||
        b.offset[k] == b.offset[k + 1]) {
      continue;
    }
    counted[k] = 1;
    now_k[k] = route_cost(res_.routes, k, depart_[k], res_.travel_times);
    best_k[k] = route_cost(b, k, depart_[k], res_.travel_times);
  }
  double cost_now = 0, cost_best = 0;
  for (std::size_t k = 0; k < res_.trips.size(); ++k) {
    if (!counted[k]) continue;
    cost_now += now_k[k];
    cost_best += best_k[k];
  }
  return cost_now > 0 ? (cost_now - cost_best) / cost_now : 0;
}

namespace {
void log_iteration(const IterationStats& st) {
  spdlog::info(
      "iteration {}: mean travel time {:.1f} min, delay {:.0f} veh-h, relative gap {:.4f}, "
      "routing {:.1f} s, simulation {:.1f} s",
      st.iteration + 1, st.mean_travel_time_s / 60, st.total_delay_h, st.relative_gap, st.routing_s,
      st.simulation_s);
}
}  // namespace

IterationStats Assignment::close_iteration(int it, const SimulationOutput& day, double simulation_s,
                                           Routes& best) {
  auto st = close_day(it, day, simulation_s);
  // Everybody's best route under the new travel times, and the gap.
  const auto t0 = std::chrono::steady_clock::now();
  best = route_all(net_, *router_, res_.trips, res_.travel_times, depart_);
  routing_s_ = seconds_since(t0);
  st.relative_gap = relative_gap(best);
  log_iteration(st);
  // Not in the iteration's statistics (its routing is the one before its day), yet in a
  // congested day often the larger part of the iteration: benchmarks/scale_population reads it.
  spdlog::info("iteration {}: routing every trip under its travel times for the gap: {:.1f} s",
               st.iteration + 1, routing_s_);
  return st;
}

std::vector<std::uint8_t> Assignment::replanners(int it) const {
  std::vector<std::uint8_t> r(res_.trips.size());
  for (std::size_t k = 0; k < r.size(); ++k) {
    Rng rng(o_.traffic.seed, StreamId::Replanning, trip_keys_[k], static_cast<std::uint32_t>(it));
    r[k] = rng.uniform() < o_.replan_share ? 1 : 0;
  }
  return r;
}

Routes Assignment::next_routes(const std::vector<std::uint8_t>& replan, const Routes& best) const {
  Routes next;
  next.offset.reserve(res_.trips.size() + 1);
  for (std::size_t k = 0; k < res_.trips.size(); ++k) {
    const Routes& src = replan[k] ? best : res_.routes;
    next.links.insert(next.links.end(), src.links.begin() + src.offset[k],
                      src.links.begin() + src.offset[k + 1]);
    next.offset.push_back(static_cast<std::uint32_t>(next.links.size()));
  }
  return next;
}

// The next day of the warm-up, started while the last day's gap is still being computed: its
// service queues and the simulation itself (which holds its own copy of the trips and routes).
struct Assignment::Ahead {
  std::unique_ptr<svc::ServiceSystem> system;
  std::unique_ptr<DaySimulation> sim;
  std::chrono::steady_clock::time_point started;
};

void Assignment::warm_up() {
  const auto& to = o_.traffic;
  std::unique_ptr<Ahead> ahead;
  for (int it = 0; it + 1 < o_.iterations; ++it) {
    SimulationOutput day;
    double sim_s = 0;
    std::unique_ptr<svc::ServiceSystem> system;
    if (ahead) {
      // Started in the last iteration: finished now (a day stepped in pieces is the same day).
      day = ahead->sim->finish();
      sim_s = seconds_since(ahead->started);
      system = std::move(ahead->system);
      ahead.reset();
    } else {
      auto t0 = std::chrono::steady_clock::now();
      if (services_) {
        system = std::make_unique<svc::ServiceSystem>(service_system());
        day = simulate(net_, res_.trips, res_.routes, to, service_hook(*system));
      } else {
        day = simulate(net_, res_.trips, res_.routes, to);
      }
      sim_s = seconds_since(t0);
    }
    // With a second core and another warm-up day to come, that day starts as soon as the trips
    // that replan have their new routes; the other trips' best routes, needed only for the gap,
    // are found on the second core meanwhile. Should the gap stop the warm-up, the started day
    // is dropped. Both ways compute the same things: the results do not depend on it.
    const bool overlap =
        it + 2 < o_.iterations && omp_get_max_threads() >= 2 && to.parallel_chunk == 0;
    if (!overlap) {
      Routes best;
      const auto st = close_iteration(it, day, sim_s, best);
      if (closes_warm_up(st, day, system.get())) return;
      const auto replan = replanners(it);
      if (to.transit)
        log_switched(transit_feedback(res_.trips, day.transit, feedback_options(), it, trip_keys_));
      if (o_.departure_choice.enabled) choose_departures(best, replan, res_.trips);
      res_.routes = next_routes(replan, best);
      continue;
    }
    auto st = close_day(it, day, sim_s);
    const auto replan = replanners(it);
    auto t0 = std::chrono::steady_clock::now();
    const Routes best = route_all(net_, *router_, res_.trips, res_.travel_times, depart_, replan);
    const double replan_s = seconds_since(t0);
    TripTable next_trips = res_.trips;
    std::int64_t switched = 0;
    if (to.transit)
      switched = transit_feedback(next_trips, day.transit, feedback_options(), it, trip_keys_);
    std::int64_t moved = -1;
    if (o_.departure_choice.enabled) moved = choose_departures(best, replan, next_trips, false);
    Routes next = next_routes(replan, best);
    auto ahead_day = std::make_unique<Ahead>();

    const int threads = omp_get_max_threads();
    std::atomic<bool> gap_done{false};
    double gap = 0, rest_s = 0;
    std::exception_ptr failed;
    std::thread second([&] {
      try {
        omp_set_num_threads(threads - 1);
        const auto t1 = std::chrono::steady_clock::now();
        std::vector<std::uint8_t> others(replan.size());
        for (std::size_t k = 0; k < replan.size(); ++k) others[k] = replan[k] ? 0 : 1;
        const Routes rest =
            route_all(net_, *router_, res_.trips, res_.travel_times, depart_, others);
        rest_s = seconds_since(t1);
        gap = relative_gap(best, &rest, replan);
      } catch (...) {
        failed = std::current_exception();
      }
      gap_done = true;
    });
    auto& a = *ahead_day;
    a.started = std::chrono::steady_clock::now();
    try {
      if (services_) a.system = std::make_unique<svc::ServiceSystem>(service_system());
      a.sim = std::make_unique<DaySimulation>(net_, next_trips, next, to,
                                              services_ ? service_hook(*a.system) : ServiceHook{});
      // In pieces, so that a warm-up that stops here does not simulate the whole day.
      const double piece = 1800;
      for (double t = piece; !gap_done && !a.sim->done(); t += piece) a.sim->advance_to(t);
    } catch (...) {
      second.join();
      throw;
    }
    second.join();
    if (failed) std::rethrow_exception(failed);
    routing_s_ = replan_s + rest_s;
    st.relative_gap = gap;
    log_iteration(st);
    if (closes_warm_up(st, day, system.get())) return;
    if (to.transit) log_switched(switched);
    if (moved >= 0) spdlog::info("departure-time choice: {} trips leave at a new time", moved);
    res_.trips = std::move(next_trips);
    res_.routes = std::move(next);
    ahead = std::move(ahead_day);
  }
}

bool Assignment::closes_warm_up(const IterationStats& st, SimulationOutput& day,
                                svc::ServiceSystem* system) {
  res_.iterations.push_back(st);
  if (!(o_.gap_tolerance > 0 && st.relative_gap < o_.gap_tolerance)) return false;
  // Converged: the last day is this day again (same routes, same modes, same draws), so the gap
  // it reports is the one that stopped the iterations. Kept for finish_converged().
  converged_ = true;
  if (system) kept_services_ = system->finish();
  kept_day_ = std::make_unique<SimulationOutput>(std::move(day));
  return true;
}

TransitFeedbackOptions Assignment::feedback_options() const {
  return {o_.replan_share, o_.angkot_wait_s, o_.beta_wait_per_min, o_.traffic.seed};
}

void Assignment::log_switched(std::int64_t n) {
  spdlog::info("public transport: {} angkot trips switch to ojek after their wait", n);
}

std::int64_t Assignment::choose_departures(const Routes& best,
                                           const std::vector<std::uint8_t>& replan,
                                           TripTable& trips, bool log) const {
  const auto n = static_cast<std::int64_t>(trips.size());
  auto& planned = trips.planned_depart_s;
  std::int64_t moved = 0;
#pragma omp parallel for schedule(dynamic, 4096) reduction(+ : moved)
  for (std::int64_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (preferred_arrival_s_[k] < 0 || trips.cancelled[k] || best.offset[k] == best.offset[k + 1])
      continue;
    // The same draw as the route choice: a trip that replans reconsiders both.
    if (!replan[k]) continue;
    const double t = best_departure(best, k, planned_s_[k], preferred_arrival_s_[k],
                                    res_.travel_times, o_.departure_choice);
    if (t != planned[k]) ++moved;
    planned[k] = t;
  }
  if (log) spdlog::info("departure-time choice: {} trips leave at a new time", moved);
  return moved;
}

AssignmentResult Assignment::finish_converged() {
  if (!kept_day_) throw InternalError("Assignment::finish_converged: the warm-up did not converge");
  // The iteration that converged was closed with this day already: its statistics, travel times
  // and departures are those finish() would compute again.
  res_.last = std::move(*kept_day_);
  kept_day_.reset();
  res_.services = std::move(kept_services_);
  return std::move(res_);
}

AssignmentResult Assignment::finish(SimulationOutput day, svc::ServiceStats services,
                                    double simulation_s) {
  kept_day_.reset();
  if (converged_) res_.iterations.pop_back();
  const int it = static_cast<int>(res_.iterations.size());
  Routes best;
  const auto st = close_iteration(it, day, simulation_s, best);
  res_.iterations.push_back(st);
  res_.last = std::move(day);
  res_.services = std::move(services);
  return std::move(res_);
}

AssignmentResult assign(const net::Network& net, const pop::Trips& plans,
                        const AssignmentOptions& o) {
  Assignment a(net, plans, o);
  a.warm_up();
  if (a.has_converged_day()) return a.finish_converged();
  const auto t0 = std::chrono::steady_clock::now();
  SimulationOutput day;
  svc::ServiceStats stats;
  if (a.has_services()) {
    auto system = a.service_system();
    day = simulate(net, a.trips(), a.routes(), o.traffic, a.service_hook(system));
    stats = system.finish();
  } else {
    day = simulate(net, a.trips(), a.routes(), o.traffic);
  }
  return a.finish(std::move(day), std::move(stats), seconds_since(t0));
}

}  // namespace ogan::traffic
