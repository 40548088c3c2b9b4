#pragma once

#include <Eigen/Core>
#include <vector>

#include "engine/network/network.hpp"

namespace ogan::pop {

// Zone-to-zone free-flow travel time (s) and network distance (m) by motorcycle, between the
// zones' anchor nodes. Computed with one Dijkstra tree per zone, in parallel (each tree is
// independent, so the result does not depend on the thread count).
struct Skims {
  Eigen::MatrixXd time_s;
  Eigen::MatrixXd distance_m;
  std::vector<net::NodeId> node;  // anchor node per zone
};

Skims compute_skims(const net::Network& net, const std::vector<net::LinkId>& anchor_link,
                    double max_speed_mps);

}  // namespace ogan::pop
