#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/network/builder.hpp"
#include "engine/network/spatial_index.hpp"

using namespace ogan::net;

namespace {

Road line(double x0, double y0, double x1, double y1, const char* cls) {
  Road r;
  r.x = {x0, x1};
  r.y = {y0, y1};
  r.road_class = *road_class_id(cls);
  r.oneway = ogan::gis::OneWay::Forward;
  return r;
}

TEST(LinkIndex, SnapsToTheNearestLinkWithOffset) {
  BuildOptions o;
  o.keep_largest_component = false;
  auto net =
      build_network({line(0, 0, 1000, 0, "residential"), line(0, 300, 1000, 300, "primary")}, o);
  LinkIndex idx(net, 100.0);
  auto s = idx.nearest(250, 40);
  ASSERT_TRUE(s);
  EXPECT_EQ(net.node_y[net.from[s->link]], 0.0);
  EXPECT_DOUBLE_EQ(s->distance_m, 40.0);
  EXPECT_DOUBLE_EQ(s->x, 250.0);
  EXPECT_DOUBLE_EQ(s->offset_m, 250.0);

  // Only primary roads accepted: the other link, 260 m away.
  auto p = idx.nearest(250, 40, 5000,
                       [&](LinkId l) { return net.road_class[l] == *road_class_id("primary"); });
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->distance_m, 260.0);

  EXPECT_FALSE(idx.nearest(250, 5000, 1000).has_value());
}

TEST(LinkIndex, FarPointsAreFoundAcrossManyCells) {
  BuildOptions o;
  o.keep_largest_component = false;
  auto net = build_network({line(0, 0, 10, 0, "residential")}, o);
  LinkIndex idx(net, 50.0);
  auto s = idx.nearest(5, 3000);
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(s->distance_m, 3000.0);
}

// The search walks only the border cells of each ring, clipped to where links are: it must still
// give exactly the brute-force nearest link, for points inside, beside and far outside the network.
TEST(LinkIndex, EqualsTheBruteForceNearestEverywhere) {
  BuildOptions o;
  o.keep_largest_component = false;
  o.split_at_crossings = false;
  std::vector<Road> roads;
  for (int i = 0; i < 12; ++i) {
    roads.push_back(
        line(i * 370.0, (i * 97) % 500, i * 370.0 + 300, 900 - (i * 53) % 400, "residential"));
  }
  auto net = build_network(roads, o);
  LinkIndex idx(net, 120.0);
  auto brute = [&](double x, double y) {
    double best = 1e300;
    for (std::size_t l = 0; l < net.num_links(); ++l) {
      for (auto g = net.geom_offset[l]; g + 1 < net.geom_offset[l + 1]; ++g) {
        const double ax = net.geom_x[g], ay = net.geom_y[g];
        const double vx = net.geom_x[g + 1] - ax, vy = net.geom_y[g + 1] - ay;
        const double t =
            std::clamp(((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy), 0.0, 1.0);
        best = std::min(best, std::hypot(x - ax - t * vx, y - ay - t * vy));
      }
    }
    return best;
  };
  for (int k = 0; k < 400; ++k) {
    const double x = -3000.0 + (k * 7919 % 10000);
    const double y = -3000.0 + (k * 104729 % 7000);
    const auto s = idx.nearest(x, y, 1e7);
    ASSERT_TRUE(s) << x << ", " << y;
    EXPECT_NEAR(s->distance_m, brute(x, y), 1e-9) << x << ", " << y;
  }
  // 5,000 km away: found with a radius that reaches, nothing (at once) with one that does not.
  const auto far = idx.nearest(0, 5e6, 1e7);
  ASSERT_TRUE(far);
  EXPECT_NEAR(far->distance_m, brute(0, 5e6), 1e-6);
  EXPECT_FALSE(idx.nearest(0, 5e6, 1e6).has_value());
}

}  // namespace
