// Routing between street ends: a vehicle mid-way along a two-way street may leave in either
// direction and park on either side; AltRouter::route_between picks the best pair.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/network/alt_router.hpp"
#include "engine/network/builder.hpp"

using namespace ogan;
using namespace ogan::net;

namespace {

Road street(std::vector<std::pair<double, double>> pts) {
  Road r;
  for (auto [x, y] : pts) {
    r.x.push_back(x);
    r.y.push_back(y);
  }
  r.road_class = *road_class_id("residential");
  const auto& d = road_class(r.road_class);
  r.lanes_total = d.lanes_total;
  r.speed_kmh = d.speed_kmh;
  r.lane_width_m = d.lane_width_m;
  r.friction = d.friction;
  return r;
}

LinkId link(const Network& n, double x0, double y0, double x1, double y1) {
  for (std::size_t l = 0; l < n.num_links(); ++l)
    if (std::hypot(n.node_x[n.from[l]] - x0, n.node_y[n.from[l]] - y0) < 1e-6 &&
        std::hypot(n.node_x[n.to[l]] - x1, n.node_y[n.to[l]] - y1) < 1e-6)
      return static_cast<LinkId>(l);
  return -1;
}

BuildOptions keep_all() {
  BuildOptions o;
  o.keep_largest_component = false;
  return o;
}

TEST(AltRouter, RouteBetweenLeavesTheStreetTowardsTheDestination) {
  // Home on the street (0,0)-(100,0); the destination on the street (0,0)-(0,100). Heading east
  // the vehicle would turn back at the street's end; it pulls out westwards instead.
  const auto net = build_network({street({{0, 0}, {100, 0}}), street({{0, 0}, {0, 100}}),
                                  street({{100, 0}, {100, 500}, {0, 500}, {0, 100}})},
                                 keep_all());
  const TravelTimes tt(net, 900, 4, 30);
  const AltRouter router(net, tt.free_times(), 2);
  auto ws = router.workspace();
  const LinkId east = link(net, 0, 0, 100, 0), west = link(net, 100, 0, 0, 0);
  const LinkId north = link(net, 0, 0, 0, 100), south = link(net, 0, 100, 0, 0);
  ASSERT_GE(east, 0);
  ASSERT_GE(north, 0);
  const AltRouter::Source src[] = {{net.to[east], 0.0}, {net.to[west], 0.0}};
  const AltRouter::Target dst[] = {{net.from[north], 0.0}, {net.from[south], 0.0}};
  const auto r = router.route_between(src, dst, tt, ws);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.source, 1);  // westwards: it is already at (0,0)
  EXPECT_EQ(r.target, 0);  // and parks heading north
  EXPECT_TRUE(r.links.empty());
  EXPECT_EQ(r.arrival_s, 0.0);

  // Only eastwards allowed: to the street's end and back, a U-turn and 100 m more.
  const auto back = router.route_between({src, 1}, dst, tt, ws);
  ASSERT_TRUE(back.found);
  EXPECT_EQ(back.target, 0);
  ASSERT_EQ(back.links.size(), 1u);
  EXPECT_EQ(back.links[0], west);
  EXPECT_NEAR(back.arrival_s, tt.free(west), 1e-9);
  EXPECT_GT(back.arrival_s, 10.0);
}

// The potentials of the free-flow table (every node to every node) and of landmarks alone.
class AltRouterPotentials : public ::testing::TestWithParam<std::size_t> {};

TEST_P(AltRouterPotentials, RouteBetweenEqualsTheBestOfAllPairsOfPlainRoutes) {
  // A 6 x 6 lattice of two-way streets with uneven, time-dependent travel times.
  std::vector<Road> roads;
  for (int i = 0; i < 6; ++i) {
    roads.push_back(street({{0, i * 100.0}, {500, i * 100.0}}));
    roads.push_back(street({{i * 100.0, 0}, {i * 100.0, 500}}));
  }
  const auto net = build_network(roads, keep_all());
  TravelTimes tt(net, 900, 4, 30);
  for (std::size_t l = 0; l < net.num_links(); ++l)
    for (int k = 0; k < 4; ++k)
      tt.set(static_cast<LinkId>(l), k,
             tt.free(static_cast<LinkId>(l)) *
                 static_cast<double>(1 + (l * 7 + static_cast<std::size_t>(k)) % 5));
  const AltRouter router(net, tt.free_times(), 4, {}, GetParam());
  ASSERT_EQ(router.exact_potentials(), GetParam() > 0);
  auto ws = router.workspace();
  const auto nn = static_cast<NodeId>(net.num_nodes());
  for (NodeId a = 0; a < nn; a += 3)
    for (NodeId b = 1; b < nn; b += 5) {
      const NodeId a2 = (a + 7) % nn, b2 = (b + 11) % nn;
      const AltRouter::Source src[] = {{a, 100.0}, {a2, 160.0}};
      const AltRouter::Target dst[] = {{b, 30.0}, {b2, 5.0}};
      double best = std::numeric_limits<double>::infinity();
      for (const auto& s : src)
        for (const auto& t : dst) {
          const auto p = router.route(s.node, t.node, s.depart_s, tt, ws);
          if (p.found) best = std::min(best, p.arrival_s + t.extra_s);
        }
      const auto r = router.route_between(src, dst, tt, ws);
      ASSERT_TRUE(r.found);
      EXPECT_NEAR(r.arrival_s, best, 1e-6) << a << " " << b;
      // The links are a path from the chosen source to the chosen target, timed as claimed.
      NodeId v = src[r.source].node;
      double t = src[r.source].depart_s;
      for (const auto l : r.links) {
        ASSERT_EQ(net.from[l], v);
        t += tt.at(l, t);
        v = net.to[l];
      }
      EXPECT_EQ(v, dst[r.target].node);
      EXPECT_NEAR(t + dst[r.target].extra_s, r.arrival_s, 1e-6);
      // Plain time-dependent Dijkstra (no potentials) agrees on every single pair.
      for (const auto& s : src)
        for (const auto& d : dst) {
          const auto fast = router.route(s.node, d.node, s.depart_s, tt, ws);
          const auto ref = router.route(s.node, d.node, s.depart_s, tt, ws, false);
          ASSERT_EQ(fast.found, ref.found);
          EXPECT_NEAR(fast.arrival_s, ref.arrival_s, 1e-6);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(TableAndLandmarks, AltRouterPotentials,
                         ::testing::Values(AltRouter::kTableMaxNodes, std::size_t{0}),
                         [](const auto& p) { return p.param ? "Table" : "Landmarks"; });

TEST(AltRouter, TheTableSettlesOnlyTheRouteAtFreeFlow) {
  // On a lattice at free flow with exact potentials, a query settles the nodes of one fastest
  // path (plus ties) and nothing else; landmarks settle more.
  std::vector<Road> roads;
  // Each street its own speed: no two paths tie.
  for (int i = 0; i < 8; ++i) {
    roads.push_back(street({{0, i * 100.0}, {700, i * 100.0}}));
    roads.back().speed_kmh = 17 + i * 3.1;
    roads.push_back(street({{i * 100.0, 0}, {i * 100.0, 700}}));
    roads.back().speed_kmh = 19 + i * 2.3;
  }
  const auto net = build_network(roads, keep_all());
  const TravelTimes tt(net, 900, 4, 30);
  const AltRouter table(net, tt.free_times(), 4), landmarks(net, tt.free_times(), 4, {}, 0);
  ASSERT_TRUE(table.exact_potentials());
  ASSERT_FALSE(landmarks.exact_potentials());
  auto ws = table.workspace();
  const auto nn = static_cast<NodeId>(net.num_nodes());
  std::size_t extra_table = 0, extra_landmarks = 0, routes = 0;
  for (NodeId a = 0; a < nn; a += 5)
    for (NodeId b = 2; b < nn; b += 7) {
      const auto r = table.route(a, b, 0, tt, ws);
      const std::size_t settled = ws.settled;
      const auto l = landmarks.route(a, b, 0, tt, ws);
      ASSERT_EQ(r.found, l.found);
      if (!r.found) continue;  // a street's dead end
      ++routes;
      extra_table += settled - (r.links.size() + 1);
      EXPECT_EQ(l.arrival_s, r.arrival_s);
      extra_landmarks += ws.settled - (l.links.size() + 1);
    }
  EXPECT_GT(routes, 30u);
  EXPECT_EQ(extra_table, 0u);
  EXPECT_GT(extra_landmarks, 0u);
}

}  // namespace
