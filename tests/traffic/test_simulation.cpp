#include <gtest/gtest.h>
#include <omp.h>

#include "engine/network/builder.hpp"
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
  const double last_exit = out.trips.arrival_s[599] - 10 - 5;  // minus free time of links 1 and 2 (half)
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
  EXPECT_EQ(out.report.departed, 500);
  EXPECT_EQ(out.report.arrived + out.report.en_route, out.report.departed);
  std::int64_t arrived = 0;
  for (auto s : out.trips.status) arrived += s == TripStatus::Arrived;
  EXPECT_EQ(arrived, out.report.arrived);
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
