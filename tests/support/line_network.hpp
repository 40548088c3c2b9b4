#pragma once

// A three-node network for tests and fuzz targets that need a few real links (header only, so
// the fuzz targets use it without the GoogleTest support library).
#include <array>
#include <vector>

#include "engine/network/network.hpp"

namespace ogan::test {

inline constexpr double kX0 = 420000, kY0 = 9547000;  // near Baturaja, UTM 48S

// Nodes 0 (x0, y0), 1 (x0 + 100, y0), 2 (x0 + 200, y0) on a west-east line; links
// 0: 0 -> 1 (east), 1: 1 -> 2 (east, "Jalan Merdeka"), 2: 1 -> 0 (west), 3: 2 -> 1 (west,
// "Jalan Merdeka"); 100 m at 10 m/s (free-flow time 10 s).
inline net::Network line_network() {
  net::Network n;
  for (int i = 0; i < 3; ++i) {
    n.node_x.push_back(kX0 + 100.0 * i);
    n.node_y.push_back(kY0);
  }
  n.names = {"Jalan Merdeka"};
  const std::vector<std::array<int, 4>> links = {
      {0, 1, -1, 2}, {1, 2, 0, 3}, {1, 0, -1, 0}, {2, 1, 0, 1}};  // from, to, name, reverse
  for (const auto& [a, b, name, rev] : links) {
    n.from.push_back(a);
    n.to.push_back(b);
    n.length_m.push_back(100);
    n.lanes.push_back(1);
    n.free_speed_mps.push_back(10);
    n.capacity_pcu_h.push_back(1800);
    n.storage_pcu.push_back(20);
    n.road_class.push_back(0);
    n.pkji_type.push_back(0);
    n.oneway.push_back(0);
    n.bridge.push_back(0);
    n.motor.push_back(1);
    n.name_id.push_back(name);
    n.source_fid.push_back(-1);
    n.reverse.push_back(rev);
    n.geom_x.push_back(n.node_x[static_cast<std::size_t>(a)]);
    n.geom_y.push_back(kY0);
    n.geom_x.push_back(n.node_x[static_cast<std::size_t>(b)]);
    n.geom_y.push_back(kY0);
    n.geom_offset.push_back(static_cast<std::uint32_t>(n.geom_x.size()));
  }
  n.build_adjacency();
  return n;
}

}  // namespace ogan::test
