#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>

#include "engine/network/builder.hpp"
#include "engine/services/service_system.hpp"
#include "engine/traffic/day_simulation.hpp"
#include "engine/traffic/simulation.hpp"

using namespace ogan;
using namespace ogan::traffic;

namespace {

// A chain of links 0 -> 1 -> 2 ... built by hand so capacities and lengths are exact.
net::Network chain(const std::vector<double>& length_m, const std::vector<double>& capacity_pcu_h,
                   const std::vector<double>& storage_pcu, double speed_mps = 10.0) {
  net::Network n;
  const std::size_t k = length_m.size();
  for (std::size_t i = 0; i <= k; ++i) {
    n.node_x.push_back(static_cast<double>(i) * 100);
    n.node_y.push_back(0);
  }
  for (std::size_t i = 0; i < k; ++i) {
    n.from.push_back(static_cast<net::NodeId>(i));
    n.to.push_back(static_cast<net::NodeId>(i + 1));
    n.length_m.push_back(length_m[i]);
    n.lanes.push_back(1);
    n.free_speed_mps.push_back(speed_mps);
    n.capacity_pcu_h.push_back(capacity_pcu_h[i]);
    n.storage_pcu.push_back(storage_pcu[i]);
    n.road_class.push_back(0);
    n.pkji_type.push_back(0);
    n.oneway.push_back(1);
    n.bridge.push_back(0);
    n.motor.push_back(1);
    n.name_id.push_back(-1);
    n.source_fid.push_back(-1);
    n.reverse.push_back(-1);
    n.geom_x.push_back(static_cast<double>(i) * 100);
    n.geom_y.push_back(0);
    n.geom_x.push_back(static_cast<double>(i + 1) * 100);
    n.geom_y.push_back(0);
    n.geom_offset.push_back(static_cast<std::uint32_t>(n.geom_x.size()));
  }
  n.build_adjacency();
  return n;
}

// n cars leaving link 0 for the last link, one every `headway` seconds, each a separate person.
std::pair<TripTable, Routes> cars(int n, double headway, const std::vector<net::LinkId>& route,
                                  pop::Mode mode = pop::Mode::Car) {
  TripTable t;
  Routes r;
  for (int i = 0; i < n; ++i) {
    t.person.push_back(i);
    t.mode.push_back(mode);
    t.planned_depart_s.push_back(i * headway);
    t.teleport_time_s.push_back(0);
    t.distance_m.push_back(0);
    t.origin_link.push_back(route.front());
    t.dest_link.push_back(route.back());
    r.links.insert(r.links.end(), route.begin(), route.end());
    r.offset.push_back(static_cast<std::uint32_t>(r.links.size()));
  }
  return {t, r};
}

TEST(Traffic, BottleneckQueueAndDischargeMatchThePointQueue) {
  // Link 0 discharges 1,800 pcu/h = 0.5 car/s; cars arrive at 1/s for 600 s. Point queue:
  // exits E(t) = 0.5 (t - t0), so the last of 600 cars leaves link 0 at about t0 + 1200 s,
  // and at t = 600 s about 300 cars are still queued.
  const auto net = chain({100, 100, 100}, {1800, 1e6, 1e6}, {1e6, 1e6, 1e6});
  auto [trips, routes] = cars(600, 1.0, {0, 1, 2});
  TrafficOptions o;
  o.seepage = false;
  o.interval_s = 300;
  o.intervals = 288;
  const auto out = simulate(net, trips, routes, o);
  EXPECT_EQ(out.report.arrived, 600);
  // Exits of link 0 per 300-s interval: 150 each while the queue lasts (0.5 /s).
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(out.links.exits[static_cast<std::size_t>(k) * 3 + 0], 150, 2) << "interval " << k;
  }
  // Queue at t = 600 s (end of interval 1): 600 arrived - ~300 left, minus the 5 s of free flow.
  EXPECT_NEAR(out.links.queue_pcu[1 * 3 + 0], 300, 5);
  // The last car gets out about 1,200 s after the first.
  const double last_exit =
      out.trips.arrival_s[599] - 10 - 5;  // minus free time of links 1 and 2 (half)
  EXPECT_NEAR(last_exit, 1200, 10);
}

TEST(Traffic, MotorcyclesUseAQuarterOfTheCapacity) {
  const auto net = chain({100, 100}, {1800, 1e6}, {1e6, 1e6});
  auto [trips, routes] = cars(800, 0.5, {0, 1}, pop::Mode::Motorcycle);
  TrafficOptions o;
  o.interval_s = 300;
  o.intervals = 288;
  const auto out = simulate(net, trips, routes, o);
  EXPECT_EQ(out.report.arrived, 800);
  // 0.5 pcu/s = 2 motorcycles per second, from the first exit at 5 s (half the free time).
  EXPECT_NEAR(out.links.exits[0], 2 * (300 - 5), 3);
}

// A link is looked at only when one of its vehicles may leave: with seepage, that is also when a
// motorcycle just behind a slower head may pass it, not only when the head may leave.
TEST(Traffic, AMotorcycleSeepsPastASlowerVehicleAheadWhenItsOwnTimeComes) {
  const auto net = chain({1000, 1000, 100}, {1e6, 1e6, 1e6}, {1e6, 1e6, 1e6}, 20.0);
  TripTable t;
  Routes r;
  for (int i = 0; i < 2; ++i) {
    t.person.push_back(i);
    t.mode.push_back(i == 0 ? pop::Mode::Angkot : pop::Mode::Motorcycle);  // 40 and 60 km/h
    t.planned_depart_s.push_back(i);
    t.teleport_time_s.push_back(0);
    t.distance_m.push_back(0);
    t.origin_link.push_back(0);
    t.dest_link.push_back(2);
    r.links.insert(r.links.end(), {0, 1, 2});
    r.offset.push_back(static_cast<std::uint32_t>(r.links.size()));
  }
  TrafficOptions o;
  o.interval_s = 300;
  o.intervals = 288;
  const auto out = simulate(net, t, r, o);
  ASSERT_EQ(out.report.arrived, 2);
  // The motorcycle leaves at 1 s, behind the angkot: half of link 0 (30 s), link 1 (60 s), half
  // of link 2 (3 s), each ended at the next whole second. Without seepage it stays behind the
  // angkot on links 0 and 1 (leaving them at 45 s and 135 s).
  EXPECT_NEAR(out.trips.arrival_s[1], 1 + 30 + 60 + 3, 3);
  EXPECT_NEAR(out.trips.arrival_s[0], 45 + 90 + 4.5, 3);
  o.seepage = false;
  const auto held = simulate(net, t, r, o);
  EXPECT_NEAR(held.trips.arrival_s[1], 45 + 90 + 3, 3);
}

TEST(Traffic, SpillbackAFullLinkBlocksItsUpstreamLink) {
  // Link 1 holds 5 cars and discharges 360 pcu/h (1 car per 10 s). Once it is full, link 0 can
  // only let cars in as fast as link 1 lets them out, not at its own 3,600 pcu/h.
  const auto net = chain({100, 37.5, 100, 100}, {3600, 360, 3600, 1e6}, {1e6, 5, 1e6, 1e6});
  auto [trips, routes] = cars(200, 1.0, {0, 1, 2, 3});
  TrafficOptions o;
  o.seepage = false;
  o.interval_s = 300;
  o.intervals = 288;
  const auto out = simulate(net, trips, routes, o);
  EXPECT_EQ(out.report.arrived + out.report.en_route, 200);
  // Interval 1 (300-600 s): link 0 lets through about 30 cars (link 2's 1 per 10 s).
  const double link0 = out.links.exits[1 * 4 + 0];
  const double link1 = out.links.exits[1 * 4 + 1];
  EXPECT_NEAR(link0, 30, 3);
  EXPECT_NEAR(link1, 30, 3);
  // Without the small storage of link 1, link 0 would have passed all 200 in interval 0.
  EXPECT_LT(out.links.exits[0], 50);
  EXPECT_GT(out.links.queue_pcu[1 * 4 + 0], 50);  // the queue has moved upstream
  EXPECT_EQ(out.report.stuck_events, 0);
}

TEST(Traffic, ConservationEveryDepartedVehicleArrivesOrIsEnRoute) {
  const auto net = chain({100, 100, 100}, {600, 600, 600}, {3, 3, 3});
  auto [trips, routes] = cars(500, 0.5, {0, 1, 2});
  TrafficOptions o;
  o.end_s = 1800;  // too short for all of them
  const auto out = simulate(net, trips, routes, o);
  EXPECT_GT(out.report.en_route, 0);
  // Every car was ready to leave; those the full first link could not take still wait.
  EXPECT_GT(out.report.waiting_at_origin, 0);
  EXPECT_EQ(out.report.departed + out.report.waiting_at_origin, 500);
  EXPECT_EQ(out.report.arrived + out.report.en_route, out.report.departed);
  std::int64_t arrived = 0;
  for (auto s : out.trips.status) arrived += s == TripStatus::Arrived;
  EXPECT_EQ(arrived, out.report.arrived);
}

TEST(Traffic, DepartingCarsWaitAtTheirOriginUntilTheFirstLinkHasRoom) {
  // Link 0 stores 3 cars and lets one out every 10 s (360 pcu/h); 30 cars are ready at once.
  // The first three enter at 0 and the first leaves at 5 s (half the link: homes are
  // mid-link); car i >= 3 enters when car i - 3 leaves, at 5 + 10 (i - 3) s. Nobody is forced.
  const auto net = chain({100, 100}, {360, 3600}, {3, 1e6});
  auto [trips, routes] = cars(30, 0.0, {0, 1});
  TrafficOptions o;
  o.seepage = false;
  o.stuck_time_s = 1e9;
  o.end_s = 3600;
  DaySimulation day(net, trips, routes, o);
  double most = 0;
  for (int t = 1; t <= 400; ++t) {
    day.advance_to(t);
    most = std::max(most, day.pcu_on(0));
  }
  EXPECT_LE(most, 3.0) << "a departing car never overfills its first link";
  const auto out = day.finish();
  EXPECT_EQ(out.report.arrived, 30);
  EXPECT_EQ(out.report.stuck_events, 0);
  for (int i = 0; i < 30; ++i) {
    const double expected = i < 3 ? 0.0 : 5.0 + 10.0 * (i - 3);
    EXPECT_NEAR(out.trips.departure_delay_s[i], expected, 1.0) << "car " << i;
    EXPECT_NEAR(out.trips.depart_s[i], expected, 1.0) << "car " << i;
  }
}

TEST(Traffic, StuckVehiclesAreForcedOnAfterTheTimeoutAndCounted) {
  // Link 1 holds one car and never lets it out (no capacity: a blocked road). The cars behind
  // wait on link 0; each is pushed on after the stuck time and counted.
  auto net = chain({100, 7.5, 100}, {3600, 0, 3600}, {1e6, 1, 1e6});
  auto [trips, routes] = cars(3, 1.0, {0, 1, 2});
  TrafficOptions o;
  o.stuck_time_s = 60;
  o.end_s = 3600;
  const auto out = simulate(net, trips, routes, o);
  EXPECT_EQ(out.report.arrived, 0);
  EXPECT_EQ(out.report.en_route, 3);
  EXPECT_EQ(out.report.stuck_events, 2);
  EXPECT_EQ(out.trips.stuck[0], 0);
  EXPECT_EQ(out.trips.stuck[1], 1);
}

TEST(Traffic, TeleportedTripsTakeTheirModesTime) {
  const auto net = chain({100}, {3600}, {100});
  TripTable t;
  t.person = {0, 0};
  t.mode = {pop::Mode::Walk, pop::Mode::Walk};
  t.planned_depart_s = {100, 200};
  t.teleport_time_s = {300, 300};
  t.distance_m = {390, 390};
  t.origin_link = {0, 0};
  t.dest_link = {0, 0};
  Routes r;
  r.offset = {0, 0, 0};
  const auto out = simulate(net, t, r, {});
  EXPECT_EQ(out.report.teleported, 2);
  EXPECT_DOUBLE_EQ(out.trips.arrival_s[0], 400);
  // The second trip waits for the first to end, plus the minimum stay of 60 s.
  EXPECT_DOUBLE_EQ(out.trips.depart_s[1], 460);
}

}  // namespace

#include "engine/core/rng.hpp"
#include "engine/network/alt_router.hpp"
#include "engine/traffic/assignment.hpp"
#include "tests/support/trips.hpp"

namespace {

// Two ways from A to B: a short road with little capacity and a longer, wider one. Everybody
// starts on the short road; re-planning must move some to the long one and cut total time.
TEST(Assignment, ReplanningLowersTotalTravelTimeOnACongestedNetwork) {
  std::vector<net::Road> roads;
  auto road = [&](std::vector<std::pair<double, double>> pts, const char* cls, int lanes) {
    net::Road r;
    for (auto [x, y] : pts) {
      r.x.push_back(x);
      r.y.push_back(y);
    }
    r.road_class = *net::road_class_id(cls);
    r.lanes_total = lanes;
    r.speed_kmh = 36;
    r.lane_width_m = 3.5;
    r.oneway = gis::OneWay::Forward;
    roads.push_back(r);
  };
  road({{0, 0}, {100, 0}}, "primary", 4);                              // origin link
  road({{100, 0}, {1100, 0}}, "residential", 1);                       // short, narrow
  road({{100, 0}, {100, 400}, {1100, 400}, {1100, 0}}, "primary", 4);  // long, wide
  road({{1100, 0}, {1200, 0}}, "primary", 4);                          // destination link
  road({{1200, 0}, {1200, -100}, {0, -100}, {0, 0}}, "primary", 4);    // back, so it is connected
  net::BuildOptions bo;
  const auto net = net::build_network(roads, bo);
  net::LinkId origin = -1, dest = -1;
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    if (net.node_x[net.from[l]] == 0 && net.node_y[net.from[l]] == 0 &&
        net.node_x[net.to[l]] == 100)
      origin = static_cast<net::LinkId>(l);
    if (net.node_x[net.from[l]] == 1100 && net.node_y[net.from[l]] == 0 &&
        net.node_x[net.to[l]] == 1200)
      dest = static_cast<net::LinkId>(l);
  }
  ASSERT_GE(origin, 0);
  ASSERT_GE(dest, 0);
  std::vector<double> departures;
  for (int i = 0; i < 3000; ++i) departures.push_back(7 * 3600 + i * 0.6);
  const pop::Trips plans = test::car_trips(origin, dest, departures, {}, 1200, 120);
  traffic::AssignmentOptions o;
  o.iterations = 5;
  o.replan_share = 0.3;
  o.landmarks = 2;
  const auto r = traffic::assign(net, plans, o);
  ASSERT_EQ(r.iterations.size(), 5u);
  EXPECT_LT(r.iterations.back().mean_travel_time_s, 0.8 * r.iterations.front().mean_travel_time_s);
  EXPECT_LT(r.iterations.back().relative_gap, r.iterations.front().relative_gap);
  EXPECT_EQ(r.iterations.back().arrived, 3000);
}

TEST(Router, AltEqualsDijkstraOnAGridWithTimeDependentCosts) {
  std::vector<net::Road> roads;
  for (int i = 0; i <= 10; ++i) {
    for (int j = 0; j < 10; ++j) {
      net::Road h, v;
      h.x = {j * 100.0, (j + 1) * 100.0};
      h.y = {i * 100.0, i * 100.0};
      v.x = {i * 100.0, i * 100.0};
      v.y = {j * 100.0, (j + 1) * 100.0};
      for (auto* r : {&h, &v}) {
        r->road_class = *net::road_class_id("residential");
        r->speed_kmh = 20 + (i * 7 + j * 3) % 30;
        r->oneway = (i + j) % 5 == 0 ? gis::OneWay::Forward : gis::OneWay::No;
        roads.push_back(*r);
      }
    }
  }
  const auto net = net::build_network(roads, {});
  net::TravelTimes tt(net, 900, 96, 100);
  Rng rng(3, StreamId::Traffic, 0);
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    for (int k = 28; k < 36; ++k)
      tt.set(static_cast<net::LinkId>(l), k,
             tt.free(static_cast<net::LinkId>(l)) * (1 + 3 * rng.uniform()));
  }
  const net::AltRouter router(net, tt.free_times(), 4);
  auto ws = router.workspace();
  for (int q = 0; q < 2000; ++q) {
    const auto a = static_cast<net::NodeId>(rng.uniform() * static_cast<double>(net.num_nodes()));
    const auto b = static_cast<net::NodeId>(rng.uniform() * static_cast<double>(net.num_nodes()));
    const double t0 = 7 * 3600 + rng.uniform() * 3600;
    const auto fast = router.route(a, b, t0, tt, ws, true);
    const auto ref = router.route(a, b, t0, tt, ws, false);
    ASSERT_EQ(fast.found, ref.found);
    EXPECT_NEAR(fast.arrival_s, ref.arrival_s, 1e-6) << a << " -> " << b;
  }
}

TEST(Traffic, IdenticalForOneAndTwoThreads) {
  // A grid with crossing flows, many vehicles, seepage and spillback.
  std::vector<net::Road> roads;
  for (int i = 0; i <= 6; ++i) {
    for (int j = 0; j < 6; ++j) {
      net::Road h, v;
      h.x = {j * 150.0, (j + 1) * 150.0};
      h.y = {i * 150.0, i * 150.0};
      v.x = {i * 150.0, i * 150.0};
      v.y = {j * 150.0, (j + 1) * 150.0};
      for (auto* r : {&h, &v}) {
        r->road_class = *net::road_class_id("residential");
        r->speed_kmh = 30;
        r->lanes_total = 2;
        r->lane_width_m = 2.75;
        roads.push_back(*r);
      }
    }
  }
  const auto net = net::build_network(roads, {});
  pop::Trips plans;
  Rng rng(5, StreamId::Plans, 0);
  for (int i = 0; i < 20000; ++i) {
    plans.person.push_back(i);
    plans.seq.push_back(0);
    plans.purpose.push_back(pop::Activity::Work);
    plans.mode.push_back(i % 4 == 0 ? pop::Mode::Car : pop::Mode::Motorcycle);
    plans.origin_zone.push_back(0);
    plans.dest_zone.push_back(0);
    plans.origin_link.push_back(
        static_cast<net::LinkId>(rng.uniform() * static_cast<double>(net.num_links())));
    plans.dest_link.push_back(
        static_cast<net::LinkId>(rng.uniform() * static_cast<double>(net.num_links())));
    plans.origin_x.push_back(0);
    plans.origin_y.push_back(0);
    plans.dest_x.push_back(0);
    plans.dest_y.push_back(0);
    plans.dest_facility.push_back(-1);
    plans.depart_s.push_back(6 * 3600 + rng.uniform() * 3600);
    plans.duration_s.push_back(0);
    plans.distance_m.push_back(1000);
    plans.free_time_s.push_back(100);
  }
  traffic::AssignmentOptions o;
  o.iterations = 2;
  o.landmarks = 4;
  o.traffic.parallel_chunk = 8;  // the grid's nodes and links go to both threads
  omp_set_num_threads(1);
  const auto one = traffic::assign(net, plans, o);
  omp_set_num_threads(2);
  const auto two = traffic::assign(net, plans, o);
  EXPECT_GT(one.last.report.link_traversals, 50000);
  EXPECT_EQ(one.routes.links, two.routes.links);
  EXPECT_EQ(one.last.trips.arrival_s, two.last.trips.arrival_s);
  EXPECT_EQ(one.last.trips.depart_s, two.last.trips.depart_s);
  EXPECT_EQ(one.last.links.volume_veh, two.last.links.volume_veh);
  EXPECT_EQ(one.last.links.travel_time_sum_s, two.last.links.travel_time_sum_s);
  EXPECT_EQ(one.last.links.queue_pcu, two.last.links.queue_pcu);
  EXPECT_EQ(one.last.report.stuck_events, two.last.report.stuck_events);
}

}  // namespace

TEST(TripKeys, AnotherPersonsExtraTripLeavesEveryOtherTripsDrawsAsTheyWere) {
  TripTable before, after;
  before.person = {0, 0, 1, 1, 1, 2};
  after.person = {0, 0, 0, 1, 1, 1, 2};  // person 0 makes one more trip (a higher trip rate)
  const auto kb = trip_rng_keys(before), ka = trip_rng_keys(after);
  ASSERT_EQ(kb.size(), 6u);
  ASSERT_EQ(ka.size(), 7u);
  // Persons 1 and 2 keep their keys although their trips moved one row down.
  for (std::size_t k = 2; k < 6; ++k) EXPECT_EQ(kb[k], ka[k + 1]) << k;
  EXPECT_EQ(kb[0], ka[0]);
  EXPECT_EQ(kb[1], ka[1]);
  // Every trip has its own key, and so its own service time.
  auto sorted = ka;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  svc::FacilityParams p;
  p.service_mean_s = 600;
  p.service_cv = 0.5;
  EXPECT_EQ(svc::draw_service_time(p, 7, kb[3]), svc::draw_service_time(p, 7, ka[4]));
  EXPECT_NE(svc::draw_service_time(p, 7, kb[3]), svc::draw_service_time(p, 7, kb[4]));
  // A trip added later in the day (a crowd event) is keyed apart from every planned trip.
  EXPECT_EQ(trip_rng_key(kb, 2), kb[2]);
  EXPECT_EQ(std::count(kb.begin(), kb.end(), trip_rng_key(kb, 6)), 0);
}
