#include "engine/network/dijkstra.hpp"

#include <algorithm>
#include <functional>
#include <queue>

namespace ogan::net {

ShortestPathTree dijkstra(const Network& net, std::span<const double> link_cost, NodeId source,
                          std::span<const std::uint8_t> allowed) {
  ShortestPathTree t;
  t.cost.assign(net.num_nodes(), kUnreachable);
  t.via_link.assign(net.num_nodes(), -1);
  using Item = std::pair<double, NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  t.cost[source] = 0;
  heap.push({0.0, source});
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (d > t.cost[v]) continue;
    for (auto k = net.out_offset[v]; k < net.out_offset[v + 1]; ++k) {
      const LinkId l = net.out_links[k];
      if (!allowed.empty() && !allowed[l]) continue;
      const NodeId w = net.to[l];
      const double nd = d + link_cost[l];
      if (nd < t.cost[w]) {
        t.cost[w] = nd;
        t.via_link[w] = l;
        heap.push({nd, w});
      }
    }
  }
  return t;
}

std::vector<LinkId> path_to(const Network& net, const ShortestPathTree& tree, NodeId target) {
  std::vector<LinkId> path;
  if (tree.cost[target] == kUnreachable) return path;
  for (LinkId l = tree.via_link[target]; l >= 0; l = tree.via_link[net.from[l]]) path.push_back(l);
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace ogan::net
