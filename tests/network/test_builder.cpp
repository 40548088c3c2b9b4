#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/network/builder.hpp"
#include "engine/network/connectivity.hpp"

using namespace ogan;
using namespace ogan::net;

namespace {

Road road(std::vector<std::pair<double, double>> pts, const char* cls = "residential",
          gis::OneWay ow = gis::OneWay::No) {
  Road r;
  for (auto [x, y] : pts) {
    r.x.push_back(x);
    r.y.push_back(y);
  }
  r.road_class = *road_class_id(cls);
  const auto& d = road_class(r.road_class);
  r.lanes_total = d.lanes_total;
  r.speed_kmh = d.speed_kmh;
  r.lane_width_m = d.lane_width_m;
  r.friction = d.friction;
  r.oneway = ow;
  return r;
}

int node_at(const Network& n, double x, double y) {
  for (std::size_t i = 0; i < n.num_nodes(); ++i)
    if (std::abs(n.node_x[i] - x) < 1e-6 && std::abs(n.node_y[i] - y) < 1e-6)
      return static_cast<int>(i);
  return -1;
}

BuildOptions keep_all() {
  BuildOptions o;
  o.keep_largest_component = false;
  return o;
}

TEST(Builder, SharedVertexBecomesANodeAndSplitsTheWay) {
  // A T junction: road B ends on a vertex in the middle of road A.
  auto net = build_network({road({{0, 0}, {100, 0}, {200, 0}}), road({{100, 0}, {100, 100}})}, {});
  EXPECT_EQ(net.num_nodes(), 4u);
  EXPECT_EQ(net.num_links(), 6u);  // A in two pieces, B, each both ways
  const int mid = node_at(net, 100, 0);
  ASSERT_GE(mid, 0);
  EXPECT_EQ(net.out_offset[mid + 1] - net.out_offset[mid], 3);
  double total = 0;
  for (double l : net.length_m) total += l;
  EXPECT_DOUBLE_EQ(total, 2 * 300.0);
}

TEST(Builder, CrossingWithoutSharedVertexIsSplitUnlessItIsABridge) {
  std::vector<Road> roads = {road({{0, 0}, {200, 0}}), road({{100, -100}, {100, 100}})};
  BuildReport rep;
  auto net = build_network(roads, {}, &rep);
  EXPECT_EQ(rep.crossings_split, 1);
  EXPECT_EQ(net.num_nodes(), 5u);
  EXPECT_GE(node_at(net, 100, 0), 0);

  roads[1].bridge = true;
  auto bridged = build_network(roads, keep_all(), &rep);
  EXPECT_EQ(rep.crossings_split, 0);
  EXPECT_EQ(bridged.num_nodes(), 4u);
  EXPECT_EQ(node_at(bridged, 100, 0), -1);

  BuildOptions no_split = keep_all();
  no_split.split_at_crossings = false;
  roads[1].bridge = false;
  EXPECT_EQ(build_network(roads, no_split).num_nodes(), 4u);
}

TEST(Builder, OneWayAndReverseOneWay) {
  auto fwd = build_network({road({{0, 0}, {50, 0}, {100, 0}}, "residential", gis::OneWay::Forward)},
                           keep_all());
  ASSERT_EQ(fwd.num_links(), 1u);
  EXPECT_EQ(fwd.node_x[fwd.from[0]], 0.0);
  EXPECT_EQ(fwd.node_x[fwd.to[0]], 100.0);
  EXPECT_EQ(fwd.oneway[0], 1);
  EXPECT_EQ(fwd.reverse[0], -1);

  auto back = build_network(
      {road({{0, 0}, {50, 0}, {100, 0}}, "residential", gis::OneWay::Backward)}, keep_all());
  ASSERT_EQ(back.num_links(), 1u);
  EXPECT_EQ(back.node_x[back.from[0]], 100.0);
  EXPECT_EQ(back.node_x[back.to[0]], 0.0);
  // The geometry runs in the direction of travel too.
  EXPECT_EQ(back.geom_x[back.geom_offset[0]], 100.0);
  EXPECT_EQ(back.geom_x[back.geom_offset[1] - 1], 0.0);

  auto two = build_network({road({{0, 0}, {100, 0}})}, {});
  ASSERT_EQ(two.num_links(), 2u);
  EXPECT_EQ(two.reverse[0], 1);
  EXPECT_EQ(two.reverse[1], 0);
}

TEST(Builder, SnapToleranceMergesNearbyEnds) {
  std::vector<Road> roads = {road({{0, 0}, {100, 0}}), road({{100.3, 0}, {200, 0}})};
  BuildOptions loose = keep_all();
  loose.snap_tolerance_m = 0.5;
  BuildReport rep;
  EXPECT_EQ(build_network(roads, loose, &rep).num_nodes(), 3u);
  EXPECT_EQ(rep.vertices_snapped, 1);
  BuildOptions tight = keep_all();
  tight.snap_tolerance_m = 0.1;
  EXPECT_EQ(build_network(roads, tight).num_nodes(), 4u);
}

TEST(Builder, JoinJunctionsMakesOneNodeOfACrossingDrawnAsACluster) {
  // Four roads meet at the corners of a 4 m square joined by 4 m pieces (a crossing drawn as a
  // cluster of nodes), as generated and OSM data often have; a fifth road starts 30 m away.
  std::vector<Road> roads = {road({{-100, 0}, {0, 0}}),
                             road({{4, 0}, {104, 0}}),
                             road({{0, 4}, {0, 104}}),
                             road({{4, 4}, {104, 104}}),
                             road({{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}),
                             road({{104, 0}, {134, 0}})};
  BuildOptions o = keep_all();
  BuildReport rep;
  const auto plain = build_network(roads, o, &rep);
  EXPECT_EQ(rep.junctions_joined, 0);
  EXPECT_EQ(plain.num_nodes(), 9u);  // four corners, four road ends, the far end at 134

  o.join_junctions_m = 10;
  const auto joined = build_network(roads, o, &rep);
  EXPECT_EQ(rep.junctions_joined, 1);
  EXPECT_EQ(rep.junction_links_removed, 4);  // the four sides of the square
  EXPECT_EQ(joined.num_nodes(), 6u);
  const int centre = node_at(joined, 2, 2);
  ASSERT_GE(centre, 0);
  EXPECT_EQ(joined.out_offset[centre + 1] - joined.out_offset[centre], 4);
  for (std::size_t l = 0; l < joined.num_links(); ++l) EXPECT_GE(joined.length_m[l], 30.0) << l;
  // The 30 m piece is longer than the join distance and stays.
  EXPECT_GE(node_at(joined, 134, 0), 0);
  EXPECT_GE(node_at(joined, 104, 0), 0);

  // A bridge is never shortened into a junction, however short.
  roads[4].bridge = true;
  build_network(roads, o, &rep);
  EXPECT_EQ(rep.junctions_joined, 0);
}

TEST(Builder, KeepsOnlyTheLargestStronglyConnectedComponent) {
  // A two-way square, a one-way spur leaving it (a dead end you cannot come back from), and a
  // separate two-way road far away.
  std::vector<Road> roads = {
      road({{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}}),
      road({{100, 100}, {200, 200}}, "residential", gis::OneWay::Forward),
      road({{1000, 1000}, {1100, 1000}}),
  };
  BuildReport rep;
  auto net = build_network(roads, {}, &rep);
  EXPECT_EQ(rep.components, 3);
  EXPECT_EQ(rep.dropped_links, 3);  // the spur and both directions of the far road
  EXPECT_EQ(rep.dropped_nodes, 3);
  for (std::size_t l = 0; l < net.num_links(); ++l) EXPECT_LE(net.node_x[net.to[l]], 100.0);
  const auto comp = strongly_connected_components(net);
  EXPECT_EQ(largest_component(comp).second, static_cast<int>(net.num_nodes()));
}

TEST(Builder, ClosedLoopIsSplitSoItCanBeRouted) {
  // A roundabout drawn as one closed way with one road attached.
  auto net = build_network(
      {road({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, "residential", gis::OneWay::Forward),
       road({{0, 0}, {-100, 0}})},
      keep_all());
  EXPECT_EQ(net.num_links(), 4u);  // the loop in two halves plus the road both ways
  const auto comp = strongly_connected_components(net);
  EXPECT_EQ(largest_component(comp).second, 3);
}

TEST(Builder, LinkAttributesFromRoadAttributes) {
  Road r = road({{0, 0}, {750, 0}}, "primary");
  r.speed_kmh = 36;
  auto net = build_network({r}, {});
  ASSERT_EQ(net.num_links(), 2u);
  EXPECT_DOUBLE_EQ(net.length_m[0], 750.0);
  EXPECT_DOUBLE_EQ(net.free_speed_mps[0], 10.0);
  EXPECT_FLOAT_EQ(net.lanes[0], 1.0f);
  EXPECT_DOUBLE_EQ(net.storage_pcu[0], 100.0);        // 1 lane x 750 m / 7.5 m per pcu
  EXPECT_NEAR(net.capacity_pcu_h[0], 1161.45, 1e-9);  // 2/2TT, 3.5 m, M friction, Baturaja
  EXPECT_EQ(net.pkji_type[0], static_cast<std::uint8_t>(PkjiRoadType::TwoLaneUndivided));
}

TEST(Builder, EmptyNetworkIsAnInputError) {
  EXPECT_THROW(build_network({}, {}), InputError);
}

TEST(Builder, DeterministicForTheSameInput) {
  std::vector<Road> roads;
  for (int i = 0; i < 20; ++i) {
    roads.push_back(road({{0.0, i * 50.0}, {1000.0, i * 50.0 + 3}}));
    roads.push_back(road({{i * 50.0, -10.0}, {i * 50.0 + 2, 1000.0}}));
  }
  auto a = build_network(roads, {});
  auto b = build_network(roads, {});
  EXPECT_EQ(a.from, b.from);
  EXPECT_EQ(a.to, b.to);
  EXPECT_EQ(a.geom_x, b.geom_x);
  EXPECT_EQ(a.node_x, b.node_x);
}

}  // namespace

namespace {
TEST(Builder, InterurbanRoadsUseTheInterurbanCapacityTables) {
  Road r = road({{0, 0}, {1000, 0}}, "primary");
  r.environment = PkjiEnvironment::Interurban;
  auto net = build_network({r}, {});
  // 2/2TT interurban: 3100 pcu/h both ways x 1.00 width x 0.88 friction (M, 0.5 m), halved.
  EXPECT_NEAR(net.capacity_pcu_h[0], 3100 * 0.88 / 2, 1e-9);
}
}  // namespace
