// Public transport in the day: a hand-made corridor served by one line, with passengers whose
// waits, denied boardings and arrivals have analytic values.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "engine/metrics/transit.hpp"
#include "engine/traffic/day_simulation.hpp"
#include "engine/traffic/transit_day.hpp"
#include "engine/traffic/transit_feedback.hpp"
#include "engine/traffic/transit_network.hpp"

using namespace ogan;
using namespace ogan::traffic;

namespace {

constexpr int kNodes = 11;  // 10 links of 200 m each way

// A straight two-way corridor: link 2i runs from node i to i+1, link 2i+1 back; wide enough
// never to congest.
net::Network corridor() {
  net::Network n;
  for (int i = 0; i < kNodes; ++i) {
    n.node_x.push_back(i * 200.0);
    n.node_y.push_back(0);
  }
  auto add = [&n](int a, int b) {
    n.from.push_back(a);
    n.to.push_back(b);
    n.length_m.push_back(200);
    n.lanes.push_back(1);
    n.free_speed_mps.push_back(10);
    n.capacity_pcu_h.push_back(3600);
    n.storage_pcu.push_back(100);
    n.road_class.push_back(0);
    n.pkji_type.push_back(0);
    n.oneway.push_back(0);
    n.bridge.push_back(0);
    n.motor.push_back(1);
    n.name_id.push_back(-1);
    n.source_fid.push_back(-1);
    n.reverse.push_back(-1);
    for (int v : {a, b}) {
      n.geom_x.push_back(n.node_x[v]);
      n.geom_y.push_back(n.node_y[v]);
    }
    n.geom_offset.push_back(static_cast<std::uint32_t>(n.geom_x.size()));
  };
  for (int i = 0; i + 1 < kNodes; ++i) {
    add(i, i + 1);
    add(i + 1, i);
  }
  n.build_adjacency();
  return n;
}

// One line from node 0 to node 10 and back; walks at 1 m/s straight-line (speed 1.3, detour
// 1.3), so a walk's seconds are its metres.
TransitNetwork line(const net::Network& net, double start_s, double end_s, double headway_s,
                    int fleet, int capacity, double max_wait_s = 1e6, double dwell_s = 0,
                    std::vector<net::NodeId> waypoints = {0, kNodes - 1}) {
  TransitLineSpec s;
  s.id = "C1";
  s.name = "corridor";
  s.kind = "angkot";
  s.waypoints = std::move(waypoints);
  s.fleet = fleet;
  s.headways = {{0, headway_s}};
  s.capacity = capacity;
  s.start_s = start_s;
  s.end_s = end_s;
  s.stop_spacing_m = 200;
  s.pcu = 1.0;
  s.dwell_per_passenger_s = dwell_s;
  s.layover_s = 60;
  TransitOptions o;
  o.max_access_m = 1000;
  o.walk_speed_mps = 1.3;
  o.walk_detour = 1.3;
  o.max_wait_s = max_wait_s;
  return build_transit_network(net, {s}, o);
}

// One angkot trip per departure, each by a person of its own, from the corridor's first link
// (its middle 100 m before node 1) to its last but one (100 m after node 9).
TripTable passengers(const std::vector<double>& depart_s) {
  TripTable t;
  for (std::size_t i = 0; i < depart_s.size(); ++i) {
    t.person.push_back(static_cast<std::int32_t>(i));
    t.mode.push_back(pop::Mode::Angkot);
    t.planned_depart_s.push_back(depart_s[i]);
    t.teleport_time_s.push_back(300);
    t.distance_m.push_back(1800);
    t.origin_link.push_back(0);
    t.dest_link.push_back(18);
    t.service_facility.push_back(-1);
    t.cancelled.push_back(0);
  }
  return t;
}

Routes no_routes(std::size_t n) {
  Routes r;
  r.offset.assign(n + 1, 0);
  return r;
}

TrafficOptions options(const TransitNetwork& tn) {
  TrafficOptions o;
  o.end_s = 24 * 3600.0;
  o.transit = std::make_shared<const TransitNetwork>(tn);
  return o;
}

std::vector<double> uniform(double from_s, int n, double every_s) {
  std::vector<double> d;
  for (int i = 0; i < n; ++i) d.push_back(from_s + i * every_s);
  return d;
}

std::int64_t sum(const std::vector<std::uint32_t>& v) {
  std::int64_t s = 0;
  for (auto x : v) s += x;
  return s;
}
double sum(const std::vector<double>& v) {
  double s = 0;
  for (auto x : v) s += x;
  return s;
}

}  // namespace

TEST(TransitNetwork, RoutesBothDirectionsWithAStopAtEveryLinkEndAndRunsByHeadway) {
  const auto net = corridor();
  const auto tn = line(net, 6 * 3600.0, 7 * 3600.0, 600, 20, 12);
  ASSERT_EQ(tn.patterns.size(), 2u);
  EXPECT_EQ(tn.patterns[0].links.size(), 10u);
  EXPECT_EQ(tn.patterns[0].links.front(), 0);
  EXPECT_EQ(tn.patterns[1].links.front(), 19);
  // A stop at the end of every link (spacing 200 m; the first link counts half).
  EXPECT_EQ(tn.patterns[0].stops.size(), 10u);
  EXPECT_EQ(tn.stops[tn.patterns[0].stops[0]].node, 1);
  // 06:00 to 07:00 every 10 minutes from node 0 (7 runs) and from 06:05 from node 10 (6).
  EXPECT_EQ(tn.runs.size(), 13u);
  EXPECT_EQ(tn.skipped_departures, 0);
}

// A waypoint past the turn (node 6 between 0, 4 and 10) made the line drive on to it and turn
// back: 0-6, 6-4, 4-10 routed as 14 links with U-turns at 6 and 4. The angkot passes by: the
// loop 4-6-4 (800 m) is cut, and the route is the corridor's 10 links, each node once.
TEST(TransitNetwork, AWaypointPastTheTurnIsPassedByNotDrivenToAndBack) {
  const auto net = corridor();
  const auto tn = line(net, 6 * 3600.0, 7 * 3600.0, 600, 20, 12, 1e6, 0, {0, 6, 4, 10});
  ASSERT_EQ(tn.patterns.size(), 2u);
  for (const auto& p : tn.patterns) {
    ASSERT_EQ(p.links.size(), 10u);
    for (std::size_t i = 0; i + 1 < p.links.size(); ++i) {
      EXPECT_EQ(net.to[p.links[i]], net.from[p.links[i + 1]]);
      EXPECT_NE(net.to[p.links[i + 1]], net.from[p.links[i]]) << "U-turn at " << i;
    }
  }
  EXPECT_EQ(tn.patterns[0].links.front(), 0);
  EXPECT_EQ(tn.patterns[0].links.back(), 18);
  EXPECT_DOUBLE_EQ(tn.patterns[0].length_m, 1800);  // half of the first and of the last link
}

// A loop longer than twice the walking reach is the line's own: with a reach of 1,000 m the
// line from 0 out to 10 and back to 4 keeps its turn at 10 (the loop 4-10-4 is 2,400 m) and ends
// at 4, 16 links.
TEST(TransitNetwork, ALoopLongerThanTwiceTheWalkingReachIsKept) {
  const auto net = corridor();
  const auto tn = line(net, 6 * 3600.0, 7 * 3600.0, 600, 20, 12, 1e6, 0, {0, 10, 4});
  EXPECT_EQ(tn.patterns[0].links.size(), 16u);
  EXPECT_EQ(tn.patterns[0].links[9], 18);
  EXPECT_EQ(tn.patterns[0].links[10], 19);
}

TEST(TransitNetwork, ASmallFleetSkipsTheDeparturesNoVehicleCanTake) {
  const auto net = corridor();
  // One vehicle per terminal; a run takes 1.3 x 200 s + 60 s layover = 320 s, so with a 60 s
  // headway a vehicle is back at a terminal for every sixth departure from it at best.
  const auto tn = line(net, 6 * 3600.0, 7 * 3600.0, 60, 2, 12);
  EXPECT_GT(tn.skipped_departures, 0);
  EXPECT_EQ(static_cast<std::int64_t>(tn.runs.size()) + tn.skipped_departures, 61 + 60);
}

TEST(Transit, PassengersArrivingUniformlyWaitHalfTheHeadway) {
  const auto net = corridor();
  const double H = 600;
  const auto tn = line(net, 6 * 3600.0, 10 * 3600.0, H, 40, 100);
  // Two hours of passengers, one every 10 s: at their stop 100 s after leaving.
  const auto table = passengers(uniform(7 * 3600.0, 720, 10));
  DaySimulation day(net, table, no_routes(table.size()), options(tn));
  const auto out = day.finish();
  const auto& st = out.transit;
  EXPECT_EQ(st.passengers, 720);
  EXPECT_EQ(st.boarded, 720);
  EXPECT_EQ(sum(st.denied), 0);
  const double mean_wait = sum(st.wait_sum_s) / static_cast<double>(st.boarded);
  EXPECT_NEAR(mean_wait, H / 2, 0.05 * H);
  // Everybody arrives: walk 100 s, wait, ride 8 links of 20 s, walk 100 s.
  for (std::size_t k = 0; k < table.size(); ++k) {
    ASSERT_EQ(out.trips.status[k], TripStatus::Arrived) << k;
    const double tt = out.trips.arrival_s[k] - out.trips.depart_s[k];
    EXPECT_GE(tt, 100 + 160 + 100 - 1);
    EXPECT_LE(tt, 100 + H + 160 + 100 + 20);
  }
  // The vehicles are on the road as angkot: one per run on the first link of its direction.
  std::int64_t first_link = 0;
  for (int k = 0; k < out.links.intervals; ++k)
    first_link +=
        out.links
            .volume_veh[(static_cast<std::size_t>(k) * net.num_links() + 0) * kNetworkModes + 2];
  std::int64_t forward_runs = 0;
  for (const auto& r : tn.runs) forward_runs += r.pattern == 0;
  EXPECT_EQ(first_link, forward_runs);
  EXPECT_EQ(st.runs_started, static_cast<std::int64_t>(tn.runs.size()));
}

TEST(Transit, DemandAboveCapacityTimesFrequencyIsDeniedByTheAnalyticExcess) {
  const auto net = corridor();
  // Three runs from node 0 (06:00, 06:10, 06:20) of 12 places; 50 passengers already waiting.
  const auto tn = line(net, 6 * 3600.0, 6 * 3600.0 + 1200, 600, 6, 12);
  const auto table = passengers(uniform(5.5 * 3600, 50, 1));
  DaySimulation day(net, table, no_routes(table.size()), options(tn));
  const auto out = day.finish();
  const auto& st = out.transit;
  EXPECT_EQ(st.boarded, 36);
  // Left behind by each vehicle in turn: 50 - 12, 50 - 24, 50 - 36.
  EXPECT_EQ(sum(st.denied), 38 + 26 + 14);
  EXPECT_EQ(st.denied_passengers, 38);
  EXPECT_EQ(*std::max_element(st.max_load.begin(), st.max_load.end()), 12u);
  // First come, first served: the first 36 to reach the stop ride, the last 14 still wait.
  for (std::size_t k = 0; k < table.size(); ++k) {
    EXPECT_EQ(out.trips.status[k], k < 36 ? TripStatus::Arrived : TripStatus::EnRoute) << k;
  }
  EXPECT_EQ(out.report.en_route, 14);
}

TEST(Transit, EveryPassengerWhoStartsArrivesOrIsStillOnTheWay) {
  const auto net = corridor();
  // Small vehicles and a short patience: denials, give-ups and riders at the end of the day.
  const auto tn = line(net, 6 * 3600.0, 9 * 3600.0, 900, 4, 5, 1200);
  const auto table = passengers(uniform(6.5 * 3600, 400, 20));
  DaySimulation day(net, table, no_routes(table.size()), options(tn));
  day.advance_to(8 * 3600);
  {
    const auto mid = day.state();
    std::int64_t waiting = static_cast<std::int64_t>(mid.transit.stop_trips.size());
    std::int64_t riding = static_cast<std::int64_t>(mid.transit.vehicle_trips.size());
    std::int64_t walking = static_cast<std::int64_t>(mid.transit.walk_trip.size());
    std::int64_t arrived = 0, started = 0;
    for (std::size_t k = 0; k < table.size(); ++k) {
      started += mid.results.status[k] != TripStatus::NotStarted;
      arrived += mid.results.status[k] == TripStatus::Arrived;
    }
    // Arrivals are booked when a passenger leaves the vehicle or the stop: those still walking
    // to their destination count as arrived with a later time.
    EXPECT_EQ(started, arrived + waiting + riding + walking);
    EXPECT_EQ(mid.transit.stats.boarded - mid.transit.stats.alighted, riding);
  }
  const auto out = day.finish();
  const auto& st = out.transit;
  EXPECT_GT(sum(st.denied), 0);
  EXPECT_GT(st.gave_up, 0);
  std::int64_t arrived = 0, en_route = 0;
  for (std::size_t k = 0; k < table.size(); ++k) {
    arrived += out.trips.status[k] == TripStatus::Arrived;
    en_route += out.trips.status[k] == TripStatus::EnRoute;
  }
  EXPECT_EQ(st.passengers, 400);
  EXPECT_EQ(arrived, st.alighted + st.gave_up);
  EXPECT_EQ(arrived + en_route, 400);
}

TEST(Transit, TheSameForAnyThreadCountAndAcrossAState) {
  const auto net = corridor();
  const auto tn = line(net, 6 * 3600.0, 10 * 3600.0, 300, 10, 8, 1200);
  const auto table = passengers(uniform(6.5 * 3600, 900, 7));
  auto o = options(tn);
  o.parallel_chunk = 2;  // the corridor's nodes and links go to both threads
  auto run = [&](int threads, double pause_s) {
    omp_set_num_threads(threads);
    DaySimulation day(net, table, no_routes(table.size()), o);
    if (pause_s > 0) {
      day.advance_to(pause_s);
      DaySimulation cont(net, day.state(), o);
      return cont.finish();
    }
    return day.finish();
  };
  const auto a = run(1, 0);
  const auto b = run(2, 0);
  const auto c = run(2, 7.5 * 3600);
  omp_set_num_threads(1);
  for (const auto* x : {&b, &c}) {
    EXPECT_EQ(a.trips.arrival_s, x->trips.arrival_s);
    EXPECT_EQ(a.trips.depart_s, x->trips.depart_s);
    EXPECT_EQ(a.links.volume_veh, x->links.volume_veh);
    EXPECT_EQ(a.transit.boardings, x->transit.boardings);
    EXPECT_EQ(a.transit.denied, x->transit.denied);
    EXPECT_EQ(a.transit.wait_sum_s, x->transit.wait_sum_s);
    EXPECT_EQ(a.transit.load_sum, x->transit.load_sum);
    EXPECT_EQ(a.transit.stop_alightings, x->transit.stop_alightings);
    EXPECT_EQ(a.transit.gave_up, x->transit.gave_up);
    EXPECT_EQ(a.transit.event_run, x->transit.event_run);
    EXPECT_EQ(a.transit.event_t, x->transit.event_t);
    EXPECT_EQ(a.transit.event_dwell_s, x->transit.event_dwell_s);
    EXPECT_EQ(a.transit.run_depart_s, x->transit.run_depart_s);
    EXPECT_EQ(a.transit.run_arrival_s, x->transit.run_arrival_s);
  }
  EXPECT_GT(sum(a.transit.denied), 0);
}

TEST(Transit, TripsWithNoStopWithinTheWalkLimitGoByOjek) {
  const auto net = corridor();
  auto tn = line(net, 6 * 3600.0, 10 * 3600.0, 600, 10, 12);
  // From the corridor's first link to its second: the only forward stop pair is nodes 1 -> 2,
  // and with a 50 m walk limit neither end is in reach.
  tn.options.max_access_m = 50;
  auto table = passengers({7 * 3600.0});
  table.dest_link[0] = 2;
  DaySimulation day(net, table, no_routes(table.size()), options(tn));
  const auto out = day.finish();
  EXPECT_EQ(out.transit.no_line, 1);
  EXPECT_EQ(out.transit.passengers, 0);
  EXPECT_EQ(day.trips().mode[0], pop::Mode::Ojek);
}

TEST(TransitFeedback, RidersWhoWaitedLongerThanAssumedSwitchToOjekAsTheRuleSays) {
  auto table = passengers(uniform(7 * 3600.0, 4000, 1));
  TransitStats day;
  day.wait_s.assign(table.size(), 18 * 60.0f);                       // 10 min over the 8 assumed
  for (std::size_t k = 0; k < 1000; ++k) day.wait_s[k] = 5 * 60.0f;  // under: nobody switches
  day.wait_s[1000] = -1;                                             // never reached a stop
  table.mode[1001] = pop::Mode::Car;                                 // not a rider
  TransitFeedbackOptions o;
  o.share = 0.5;
  const auto n = transit_feedback(table, day, o, 0, trip_rng_keys(table));
  // Expected: 3,000 - 2 riders x 0.5 x (1 - exp(-0.12 x 10)).
  const double p = 0.5 * (1 - std::exp(-1.2));
  const double expected = 2998 * p;
  EXPECT_NEAR(static_cast<double>(n), expected, 4 * std::sqrt(2998 * p * (1 - p)));
  std::int64_t ojek = 0;
  for (std::size_t k = 0; k < table.size(); ++k) {
    if (k < 1001) {
      EXPECT_EQ(table.mode[k], pop::Mode::Angkot) << k;
    }
    ojek += table.mode[k] == pop::Mode::Ojek;
  }
  EXPECT_EQ(ojek, n);
  EXPECT_EQ(table.mode[1001], pop::Mode::Car);
  // The same draws again: nothing is random beyond the keyed streams.
  auto again = passengers(uniform(7 * 3600.0, 4000, 1));
  again.mode[1001] = pop::Mode::Car;
  EXPECT_EQ(transit_feedback(again, day, o, 0, trip_rng_keys(again)), n);
  EXPECT_EQ(again.mode, table.mode);
}

TEST(Transit, RunsAreRecordedAsDrivenWithEveryStopServedAndItsDwell) {
  const auto net = corridor();
  const double per_passenger_s = 3;
  const auto tn = line(net, 6 * 3600.0, 8 * 3600.0, 600, 6, 10, 1e6, per_passenger_s);
  const auto table = passengers(uniform(6.5 * 3600, 120, 15));
  DaySimulation day(net, table, no_routes(table.size()), options(tn));
  const auto out = day.finish();
  const auto& st = out.transit;
  const auto runs = tn.runs.size();
  ASSERT_EQ(st.run_depart_s.size(), runs);
  ASSERT_EQ(st.run_ready_s.size(), runs);
  ASSERT_EQ(st.run_arrival_s.size(), runs);
  ASSERT_EQ(st.run_route_offset.size(), runs + 1);
  // Every passenger who alighted and boarded took the line's dwell per passenger, once.
  double dwell = 0;
  for (auto d : st.event_dwell_s) dwell += d;
  EXPECT_GT(st.boarded, 0);
  EXPECT_DOUBLE_EQ(dwell, per_passenger_s * static_cast<double>(st.boarded + st.alighted));
  const auto m = metrics::transit_metrics(tn, st, 1.0);
  ASSERT_EQ(m.run_stop_offset.size(), runs + 1);
  ASSERT_EQ(m.run_stop_offset.back(), st.event_run.size());
  for (std::size_t i = 0; i < runs; ++i) {
    const auto& p = tn.patterns[static_cast<std::size_t>(tn.runs[i].pattern)];
    // No closure: the run drove its line's route, after it was ready, to its last stop.
    const std::vector<net::LinkId> route(st.run_route_links.begin() + st.run_route_offset[i],
                                         st.run_route_links.begin() + st.run_route_offset[i + 1]);
    EXPECT_EQ(route, p.links) << i;
    ASSERT_EQ(st.run_arrival_s[i] >= 0, true) << i;
    EXPECT_GE(st.run_ready_s[i], tn.runs[i].depart_s);
    EXPECT_GE(st.run_depart_s[i], st.run_ready_s[i]);
    // Stops in route order, each between departure and arrival; the last where the run ends.
    const auto b = m.run_stop_offset[i], e = m.run_stop_offset[i + 1];
    ASSERT_GT(e, b) << i;
    for (auto j = b; j < e; ++j) {
      EXPECT_GE(m.stop_time_s[j], st.run_depart_s[i]);
      EXPECT_LE(m.stop_time_s[j] + m.stop_dwell_s[j], st.run_arrival_s[i] + 1e-9);
      EXPECT_EQ(m.stop_link[j], p.links[static_cast<std::size_t>(m.stop_pos[j])]);
      EXPECT_EQ(m.stop_id[j], p.stop_at[static_cast<std::size_t>(m.stop_pos[j])]);
      if (j > b) {
        EXPECT_GT(m.stop_pos[j], m.stop_pos[j - 1]);
      }
    }
    EXPECT_EQ(m.stop_pos[e - 1], static_cast<std::int32_t>(p.links.size()) - 1);
  }
}
