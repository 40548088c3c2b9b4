// What the assignment reports on hand-made networks, computed by hand: the relative gap, the
// trips a closure cancels, and the network KPIs of the peak hour.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/metrics/kpis.hpp"
#include "engine/traffic/assignment.hpp"
#include "tests/support/trips.hpp"

using namespace ogan;

namespace {

struct HandLink {
  int from, to;
  double length_m, capacity_pcu_h = 1e6, storage_pcu = 1e6;
};

// Links between numbered nodes, 10 m/s (under the motorcycles' 60 km/h cap: free time =
// length / 10), one lane, open to motor traffic.
net::Network network(int nodes, const std::vector<HandLink>& links) {
  net::Network n;
  for (int i = 0; i < nodes; ++i) {
    n.node_x.push_back(i * 100.0);
    n.node_y.push_back((i % 2) * 100.0);
  }
  for (const auto& l : links) {
    n.from.push_back(l.from);
    n.to.push_back(l.to);
    n.length_m.push_back(l.length_m);
    n.lanes.push_back(1);
    n.free_speed_mps.push_back(10.0);
    n.capacity_pcu_h.push_back(l.capacity_pcu_h);
    n.storage_pcu.push_back(l.storage_pcu);
    n.road_class.push_back(0);
    n.pkji_type.push_back(0);
    n.oneway.push_back(1);
    n.bridge.push_back(0);
    n.motor.push_back(1);
    n.name_id.push_back(-1);
    n.source_fid.push_back(-1);
    n.reverse.push_back(-1);
    for (int v : {l.from, l.to}) {
      n.geom_x.push_back(n.node_x[v]);
      n.geom_y.push_back(n.node_y[v]);
    }
    n.geom_offset.push_back(static_cast<std::uint32_t>(n.geom_x.size()));
  }
  n.build_adjacency();
  return n;
}

using test::car_trips;

std::vector<double> every(double first_s, double step_s, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(first_s + i * step_s);
  return v;
}

// Two routes from link 0 to link 4: A = link 1 (1,000 m, 100 s free), B = links 2 + 3
// (1,000 + 500 m, 150 s free); link 5 closes the loop. One statistics interval for the whole day,
// so each link has one experienced travel time.
constexpr double kFreeA = 100, kFreeB = 150, kHalfOrigin = 0.5 * 100 / 10.0;
net::Network two_routes(double capacity_a) {
  return network(
      5,
      {{0, 1, 100}, {1, 2, 1000, capacity_a}, {1, 3, 1000}, {3, 2, 500}, {2, 4, 100}, {4, 0, 100}});
}
traffic::AssignmentOptions one_interval() {
  traffic::AssignmentOptions o;
  o.iterations = 1;
  o.landmarks = 2;
  o.traffic.interval_s = 30 * 3600.0;
  o.traffic.intervals = 1;
  return o;
}
// A link's experienced travel time as the router sees it after the simulation: the mean over
// the vehicles that left it, never under free flow.
double experienced_s(const traffic::LinkStats& s, net::LinkId l, double free_s) {
  return s.exits[l] > 0 ? std::max(free_s, s.travel_time_sum_s[l] / s.exits[l]) : free_s;
}

TEST(RelativeGap, IsTheExcessCostOfTheRoutesTakenOverTheBestRoutesByHand) {
  // 60 cars a second apart into link 1, which lets one through every 10 s: a queue that makes
  // route A slower than B. Everybody took A (the free-flow best): the gap is what B would save.
  const auto net = two_routes(360);
  const auto r = traffic::assign(net, car_trips(0, 4, every(7 * 3600, 1, 60)), one_interval());
  ASSERT_EQ(r.iterations.size(), 1u);
  ASSERT_EQ(r.last.report.arrived, 60);
  for (std::size_t k = 0; k < 60; ++k) {
    ASSERT_EQ(r.routes.offset[k + 1] - r.routes.offset[k], 3u);
    ASSERT_EQ(r.routes.links[r.routes.offset[k] + 1], 1);  // route A
  }
  const double a = kHalfOrigin + experienced_s(r.last.links, 1, kFreeA);
  const double b =
      kHalfOrigin + experienced_s(r.last.links, 2, 100) + experienced_s(r.last.links, 3, 50);
  ASSERT_GT(a, b + 60) << "the queue on A should make B the best route";
  EXPECT_NEAR(b, kHalfOrigin + kFreeB, 1e-9);  // nobody drove B: free flow
  const double expected = (60 * a - 60 * b) / (60 * a);
  EXPECT_NEAR(r.iterations[0].relative_gap, expected, 1e-12);
}

TEST(RelativeGap, IsZeroWhenEveryTripIsOnItsBestRoute) {
  // A few cars far apart: no queue, A stays the best route and everybody is on it.
  const auto net = two_routes(1800);
  const auto r = traffic::assign(net, car_trips(0, 4, every(7 * 3600, 300, 5)), one_interval());
  ASSERT_EQ(r.last.report.arrived, 5);
  ASSERT_LT(kHalfOrigin + experienced_s(r.last.links, 1, kFreeA), kHalfOrigin + kFreeB);
  EXPECT_EQ(r.iterations[0].relative_gap, 0.0);
}

TEST(RelativeGap, CountsOnlyTheTripsThatAreMade) {
  // The congested two routes of the first test, plus five trips to a street (link 7) whose only
  // way in (link 6) is closed all day: those trips are cancelled and drive no route, so the gap
  // is that of the 60 trips made.
  const auto net = network(7, {{0, 1, 100},
                               {1, 2, 1000, 360},
                               {1, 3, 1000},
                               {3, 2, 500},
                               {2, 4, 100},
                               {4, 0, 100},
                               {1, 5, 100},
                               {5, 6, 100},
                               {6, 0, 100}});
  auto plans = car_trips(0, 4, every(7 * 3600, 1, 60));
  plans = car_trips(0, 7, every(7 * 3600, 60, 5), plans);
  auto o = one_interval();
  o.closures = {{6, 0.0, 24 * 3600.0}};
  const auto r = traffic::assign(net, plans, o);
  ASSERT_EQ(r.last.report.cancelled, 5);
  ASSERT_EQ(r.last.report.arrived, 60);
  const double a = kHalfOrigin + experienced_s(r.last.links, 1, kFreeA);
  const double b =
      kHalfOrigin + experienced_s(r.last.links, 2, 100) + experienced_s(r.last.links, 3, 50);
  ASSERT_GT(a, b + 60);
  EXPECT_NEAR(r.iterations[0].relative_gap, (a - b) / a, 1e-12);
}

// Link 1 is the only way into node 2 and the destination link 2; link 3 leads to another
// destination; links 4 and 5 close the loops.
net::Network closable() {
  return network(5,
                 {{0, 1, 100}, {1, 2, 1000}, {2, 3, 100}, {1, 4, 100}, {3, 0, 100}, {4, 0, 100}});
}

TEST(ClosureCancellations, TripsThatWouldNeedAClosedLinkWhileItIsClosedAreCancelledAndCounted) {
  const auto net = closable();
  const std::vector<double> to_closed = {7 * 3600.0,           8 * 3600.0, 8.5 * 3600,
                                         8 * 3600 + 59 * 60.0, 9.5 * 3600, 12 * 3600.0};
  const std::vector<bool> cancelled = {false, true, true, true, false, false};
  auto plans = car_trips(0, 2, to_closed);
  plans = car_trips(0, 3, {8.5 * 3600}, plans);  // elsewhere during the closure
  traffic::AssignmentOptions o;
  o.iterations = 1;
  o.landmarks = 2;
  o.traffic.sample_rate = 0.5;
  o.closures = {{1, 8 * 3600.0, 9 * 3600.0}};
  const auto r = traffic::assign(net, plans, o);
  for (std::size_t k = 0; k < to_closed.size(); ++k) {
    if (cancelled[k]) {
      EXPECT_EQ(r.last.trips.status[k], traffic::TripStatus::Cancelled)
          << "departing at " << to_closed[k] / 3600 << " h";
    } else {
      EXPECT_EQ(r.last.trips.status[k], traffic::TripStatus::Arrived)
          << "departing at " << to_closed[k] / 3600 << " h";
    }
  }
  EXPECT_EQ(r.last.trips.status.back(), traffic::TripStatus::Arrived);
  EXPECT_EQ(r.last.report.cancelled, 3);
  EXPECT_EQ(r.last.report.arrived, 4);
  // The KPI scales the sample's cancellations to the whole population.
  scenario::World w;
  w.network = net;
  pop::PlanOptions po;
  po.sample_rate = 0.5;
  std::map<std::string, double> k;
  for (const auto& x : metrics::traffic_kpis(w, r, po)) k[x.name] = x.value;
  EXPECT_EQ(k.at("cancelled_trips"), 3 / 0.5);
}

TEST(ClosureCancellations, NoTripIsCancelledWhenTheClosureLeavesAnotherWay) {
  // Route B stays open while A is closed: trips take B.
  const auto net = two_routes(1800);
  auto o = one_interval();
  o.traffic.interval_s = 900;
  o.traffic.intervals = 96;
  o.closures = {{1, 8 * 3600.0, 9 * 3600.0}};
  const auto r = traffic::assign(net, car_trips(0, 4, every(8 * 3600, 600, 6)), o);
  EXPECT_EQ(r.last.report.cancelled, 0);
  EXPECT_EQ(r.last.report.arrived, 6);
  for (std::size_t k = 0; k < 6; ++k)
    EXPECT_EQ(r.routes.links[r.routes.offset[k] + 1], 2) << "trip " << k;
}

TEST(TrafficKpis, ThePeakHourIsTheHourWithTheMostLinkKmAndItsSpeedIsLinkKmOverLinkHours) {
  // 07:00: 40 cars a second apart through a 360 pcu/h bottleneck (slow, few km);
  // 12:00: 100 cars 30 s apart at free flow (fast, the most km).
  const auto net = network(4, {{0, 1, 100}, {1, 2, 1000, 360}, {2, 3, 100}, {3, 0, 100}});
  auto plans = car_trips(0, 2, every(7 * 3600, 1, 40));
  plans = car_trips(0, 2, every(12 * 3600, 30, 100), plans);
  traffic::AssignmentOptions o;
  o.iterations = 1;
  o.landmarks = 2;
  const auto r = traffic::assign(net, plans, o);
  ASSERT_EQ(r.last.report.arrived, 140);
  // By hand from the link statistics: link-km and link-hours of vehicles leaving links, by hour.
  const auto& s = r.last.links;
  const int per_hour = static_cast<int>(3600 / o.traffic.interval_s);
  std::vector<double> km(24, 0.0), hours(24, 0.0);
  for (int i = 0; i < s.intervals; ++i) {
    const int h = std::min(23, i / per_hour);
    for (std::size_t l = 0; l < s.links; ++l) {
      const std::size_t c = static_cast<std::size_t>(i) * s.links + l;
      km[h] += s.exits[c] * net.length_m[l] / 1000;
      hours[h] += s.travel_time_sum_s[c] / 3600;
    }
  }
  ASSERT_GT(km[12], km[7]);
  ASSERT_LT(km[7] / hours[7], km[12] / hours[12]);  // 07:00 is slower but carries fewer km
  scenario::World w;
  w.network = net;
  std::map<std::string, double> k;
  for (const auto& x : metrics::traffic_kpis(w, r, pop::PlanOptions{})) k[x.name] = x.value;
  EXPECT_EQ(k.at("peak_hour"), 12);
  EXPECT_NEAR(k.at("peak_hour_mean_speed"), km[12] / hours[12], 1e-9);
  // And the day's totals from the trips.
  double route_km = 0, tt_h = 0, delay_h = 0;
  for (std::size_t t = 0; t < plans.size(); ++t) {
    route_km += r.last.trips.route_length_m[t] / 1000;
    const double tt = r.last.trips.arrival_s[t] - r.last.trips.depart_s[t];
    tt_h += tt / 3600;
    delay_h += std::max(0.0, tt - r.last.trips.free_time_s[t]) / 3600;
  }
  EXPECT_NEAR(k.at("vehicle_km"), route_km, 1e-9);
  EXPECT_NEAR(k.at("vehicle_hours"), tt_h, 1e-9);
  EXPECT_NEAR(k.at("total_delay"), delay_h, 1e-9);
  EXPECT_NEAR(k.at("mean_network_speed"), route_km / tt_h, 1e-9);
  EXPECT_NEAR(k.at("mean_network_travel_time"), tt_h * 60 / 140, 1e-9);
  EXPECT_GT(k.at("total_delay"), 0.1);  // the morning queue
}

}  // namespace
