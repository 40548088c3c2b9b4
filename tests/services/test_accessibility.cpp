#include <gtest/gtest.h>

#include "engine/network/builder.hpp"
#include "engine/network/dijkstra.hpp"
#include "engine/services/accessibility.hpp"

using namespace ogan;

namespace {

net::Road road(double x0, double x1, gis::OneWay ow, const char* cls = "residential") {
  net::Road r;
  r.x = {x0, x1};
  r.y = {0, 0};
  r.road_class = *net::road_class_id(cls);
  r.speed_kmh = 36;  // 10 m/s
  r.oneway = ow;
  return r;
}

// A line of nodes at 0, 1000, 2000, 3000 m: 0-1000 and 1000-2000 two-way, 2000-3000 one-way
// eastbound. A facility on the link 2000 -> 3000.
TEST(Accessibility, TimesToTheNearestFacilityByHand) {
  net::BuildOptions o;
  o.keep_largest_component = false;
  const auto net =
      net::build_network({road(0, 1000, gis::OneWay::No), road(1000, 2000, gis::OneWay::No),
                          road(2000, 3000, gis::OneWay::Forward)},
                         o);
  net::LinkId target = -1;
  net::NodeId n0 = -1, n3 = -1;
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    if (net.node_x[net.from[l]] == 2000 && net.node_x[net.to[l]] == 3000)
      target = static_cast<net::LinkId>(l);
  }
  for (std::size_t n = 0; n < net.num_nodes(); ++n) {
    if (net.node_x[n] == 0) n0 = static_cast<net::NodeId>(n);
    if (net.node_x[n] == 3000) n3 = static_cast<net::NodeId>(n);
  }
  ASSERT_GE(target, 0);
  // By motorcycle (10 m/s here), from x=0: 2000 m to the facility link's start = 200 s.
  const auto moto = svc::time_to_nearest(net, {target}, 100.0, false, true);
  EXPECT_DOUBLE_EQ(moto[n0], 200.0);
  // From x=3000 a vehicle cannot come back against the one-way: unreachable.
  EXPECT_EQ(moto[n3], net::kUnreachable);
  // On foot (1.3 m/s), one-way rules do not apply and either end of the link will do.
  const auto walk = svc::time_to_nearest(net, {target}, 1.3, true, false);
  EXPECT_DOUBLE_EQ(walk[n0], 2000 / 1.3);
  EXPECT_DOUBLE_EQ(walk[n3], 0.0);
  // Close the middle road (both directions, as a closed bridge): x=0 is cut off either way.
  std::vector<std::uint8_t> closed(net.num_links(), 0);
  for (std::size_t l = 0; l < net.num_links(); ++l)
    if (std::min(net.node_x[net.from[l]], net.node_x[net.to[l]]) == 1000) closed[l] = 1;
  EXPECT_EQ(svc::time_to_nearest(net, {target}, 100.0, false, true, closed)[n0], net::kUnreachable);
  EXPECT_EQ(svc::time_to_nearest(net, {target}, 1.3, true, false, closed)[n0], net::kUnreachable);
  EXPECT_DOUBLE_EQ(svc::time_to_nearest(net, {target}, 1.3, true, false, closed)[n3], 0.0);
}

}  // namespace
