#include <gtest/gtest.h>

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

}  // namespace
