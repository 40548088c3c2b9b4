// Departure-time choice (Vickrey): the trip leaves when travel time plus the cost of arriving
// early or late is least, worked out by hand on a three-link road with a peak.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/traffic/departure_choice.hpp"

using namespace ogan;
using namespace ogan::traffic;

namespace {

// Three 1 km links in a row at 10 m/s: 100 s each at free flow.
net::Network road() {
  net::Network n;
  for (int i = 0; i <= 3; ++i) {
    n.node_x.push_back(i * 1000.0);
    n.node_y.push_back(0);
  }
  for (int i = 0; i < 3; ++i) {
    n.from.push_back(i);
    n.to.push_back(i + 1);
    n.length_m.push_back(1000);
    n.lanes.push_back(1);
    n.free_speed_mps.push_back(10);
    n.capacity_pcu_h.push_back(1000);
    n.storage_pcu.push_back(100);
    n.road_class.push_back(0);
    n.pkji_type.push_back(0);
    n.oneway.push_back(1);
    n.bridge.push_back(0);
    n.motor.push_back(1);
    n.name_id.push_back(-1);
    n.source_fid.push_back(-1);
    n.reverse.push_back(-1);
    n.geom_x.insert(n.geom_x.end(), {i * 1000.0, (i + 1) * 1000.0});
    n.geom_y.insert(n.geom_y.end(), {0.0, 0.0});
    n.geom_offset.push_back(static_cast<std::uint32_t>(n.geom_x.size()));
  }
  n.build_adjacency();
  return n;
}

Routes one_route() {
  Routes r;
  r.links = {0, 1, 2};
  r.offset = {0, 3};
  return r;
}

constexpr double kH = 3600;

}  // namespace

TEST(DepartureChoice, RouteCostIsHalfTheFirstLinkThenEachLinkAtTheTimeItIsReached) {
  const auto net = road();
  net::TravelTimes tt(net, 900, 96, 100);
  tt.set(1, 28, 1200);  // 07:00-07:15
  const auto r = one_route();
  EXPECT_DOUBLE_EQ(route_cost(r, 0, 6 * kH, tt), 150);
  // Reaches link 1 at 06:59:10 + 50 s = 07:00:00: the peak value applies.
  EXPECT_DOUBLE_EQ(route_cost(r, 0, 7 * kH - 50, tt), 1250);
  EXPECT_DOUBLE_EQ(route_cost(r, 0, 7 * kH - 51, tt), 150);
}

TEST(DepartureChoice, ALateArrivalInThePeakMovesTheTripToJustBeforeThePeak) {
  const auto net = road();
  net::TravelTimes tt(net, 900, 96, 100);
  for (int k = 30; k < 32; ++k) tt.set(1, k, 1200);  // 07:30-08:00: link 1 takes 20 min
  const auto r = one_route();
  DepartureChoiceOptions o;
  o.enabled = true;
  const double want = 7.75 * kH;  // be there at 07:45
  // Planned 07:35: 1,250 s of travel, 650 s late: 1250 + 2.4 * 650 = 2810.
  EXPECT_NEAR(schedule_cost(r, 0, 7 * kH + 35 * 60, want, tt, o), 2810, 1e-9);
  // 07:25 reaches link 1 at 07:25:50, before the peak: 150 s, 1,050 s early: 150 + 0.6 * 1050.
  EXPECT_NEAR(schedule_cost(r, 0, 7 * kH + 25 * 60, want, tt, o), 780, 1e-9);
  // Every earlier candidate is earlier still, every later one is in the peak.
  EXPECT_DOUBLE_EQ(best_departure(r, 0, 7 * kH + 35 * 60, want, tt, o), 7 * kH + 25 * 60);
}

TEST(DepartureChoice, ATripOnTimeOnAnEmptyRoadKeepsItsPlan) {
  const auto net = road();
  net::TravelTimes tt(net, 900, 96, 100);
  const auto r = one_route();
  DepartureChoiceOptions o;
  const double planned = 7 * kH;
  EXPECT_DOUBLE_EQ(best_departure(r, 0, planned, planned + 150, tt, o), planned);
}

TEST(DepartureChoice, TheWindowAndTheStepBoundTheCandidates) {
  const auto net = road();
  net::TravelTimes tt(net, 900, 96, 100);
  for (int k = 24; k < 36; ++k) tt.set(1, k, 3000);  // 06:00-09:00
  const auto r = one_route();
  DepartureChoiceOptions o;
  o.earliest_shift_s = -1800;  // only back to 07:00 from 07:30: still in the peak
  o.step_s = 600;
  const double t = best_departure(r, 0, 7.5 * kH, 7.5 * kH + 150, tt, o);
  EXPECT_GE(t, 7 * kH);
  EXPECT_EQ(std::fmod(t - 7.5 * kH, 600.0), 0.0);
  // Late is dearer than early, and every candidate in the window takes 3,050 s: the earliest.
  EXPECT_DOUBLE_EQ(t, 7 * kH);
}
