#include "engine/population/skims.hpp"

#include <algorithm>

#include "engine/network/dijkstra.hpp"

namespace ogan::pop {

Skims compute_skims(const net::Network& net, const std::vector<net::LinkId>& anchor,
                    double max_speed_mps) {
  const auto nz = static_cast<Eigen::Index>(anchor.size());
  Skims s;
  s.time_s = Eigen::MatrixXd::Constant(nz, nz, net::kUnreachable);
  s.distance_m = Eigen::MatrixXd::Constant(nz, nz, net::kUnreachable);
  s.node.resize(anchor.size(), -1);
  for (std::size_t z = 0; z < anchor.size(); ++z) {
    if (anchor[z] >= 0) s.node[z] = net.to[anchor[z]];
  }
  std::vector<double> cost(net.num_links());
  std::vector<std::uint8_t> motor(net.num_links());
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    cost[l] = net.length_m[l] / std::min(net.free_speed_mps[l], max_speed_mps);
    motor[l] = net.motor[l];
  }
#pragma omp parallel for schedule(dynamic)
  for (Eigen::Index i = 0; i < nz; ++i) {
    if (s.node[i] < 0) continue;
    const auto tree = net::dijkstra(net, cost, s.node[i], motor);
    for (Eigen::Index j = 0; j < nz; ++j) {
      const auto n = s.node[j];
      if (n < 0 || tree.cost[n] == net::kUnreachable) continue;
      s.time_s(i, j) = tree.cost[n];
      double d = 0;
      for (auto l : net::path_to(net, tree, n)) d += net.length_m[l];
      s.distance_m(i, j) = d;
    }
  }
  return s;
}

}  // namespace ogan::pop
