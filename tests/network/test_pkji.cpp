#include <gtest/gtest.h>

#include "engine/network/capacity_pkji.hpp"

using namespace ogan::net;

// Hand-computed from the PKJI 2014 / MKJI 1997 tables (docs/network-model.md).
TEST(Pkji, UrbanTwoLaneUndividedInBaturaja) {
  PkjiInput in;  // 2/2TT, 3.5 m lanes (7 m), 50-50, medium friction, 0.5 m shoulder
  const auto c = pkji_capacity(in);
  EXPECT_DOUBLE_EQ(c.c0, 2900);
  EXPECT_DOUBLE_EQ(c.f_width, 1.00);
  EXPECT_DOUBLE_EQ(c.f_split, 1.00);
  EXPECT_DOUBLE_EQ(c.f_friction, 0.89);
  EXPECT_DOUBLE_EQ(c.f_city, 0.90);                     // 143,006 people: 0.1-0.5 million
  EXPECT_NEAR(c.road_pcu_h, 2900 * 0.89 * 0.90, 1e-9);  // 2322.9
  EXPECT_NEAR(c.direction_pcu_h, 1161.45, 1e-9);
}

TEST(Pkji, UrbanDividedFourLane) {
  PkjiInput in{.type = PkjiRoadType::Divided,
               .lanes = 2,
               .lane_width_m = 3.25,
               .friction = SideFriction::VeryLow,
               .shoulder_m = 2.0,
               .city_population = 1.5e6};
  const auto c = pkji_capacity(in);
  EXPECT_NEAR(c.road_pcu_h, 1650 * 2 * 0.96 * 1.03 * 1.00, 1e-9);  // 3263.04
  EXPECT_DOUBLE_EQ(c.direction_pcu_h, c.road_pcu_h);  // one carriageway = one direction
}

TEST(Pkji, OneWayNarrowHighFrictionSmallTown) {
  PkjiInput in{.type = PkjiRoadType::OneWay,
               .lanes = 2,
               .lane_width_m = 3.0,
               .friction = SideFriction::High,
               .shoulder_m = 1.0,
               .city_population = 50000};
  EXPECT_NEAR(pkji_capacity(in).direction_pcu_h, 1650 * 2 * 0.92 * 0.86 * 0.86, 1e-9);
}

TEST(Pkji, WidthFactorIsInterpolatedBetweenTableRows) {
  PkjiInput in{.lane_width_m = 2.75};  // 5.5 m carriageway, halfway between 5 m and 6 m
  EXPECT_NEAR(pkji_capacity(in).f_width, (0.56 + 0.87) / 2, 1e-12);
}

TEST(Pkji, DirectionalSplitReducesUndividedCapacity) {
  PkjiInput in{.split_major = 0.6};
  EXPECT_DOUBLE_EQ(pkji_capacity(in).f_split, 0.94);
}

TEST(Pkji, InterurbanTwoLaneHasNoCitySizeFactor) {
  PkjiInput in{
      .environment = PkjiEnvironment::Interurban, .friction = SideFriction::Low, .shoulder_m = 1.0};
  const auto c = pkji_capacity(in);
  EXPECT_DOUBLE_EQ(c.f_city, 1.0);
  EXPECT_NEAR(c.road_pcu_h, 3100 * 0.95, 1e-9);
}

TEST(Pkji, RoadTypeFromAttributes) {
  EXPECT_EQ(pkji_type_for(true, 2, false), PkjiRoadType::OneWay);
  EXPECT_EQ(pkji_type_for(false, 2, false), PkjiRoadType::TwoLaneUndivided);
  EXPECT_EQ(pkji_type_for(false, 4, false), PkjiRoadType::MultiLaneUndivided);
  EXPECT_EQ(pkji_type_for(false, 4, true), PkjiRoadType::Divided);
}
