#include <gtest/gtest.h>

#include "engine/network/builder.hpp"
#include "engine/network/dijkstra.hpp"

using namespace ogan::net;

namespace {

// A hand-made graph: nodes 0..4, directed links with costs; shortest paths worked out by hand.
Network toy() {
  Network n;
  n.node_x = {0, 1, 2, 3, 4};
  n.node_y = {0, 0, 0, 0, 0};
  const std::vector<std::pair<int, int>> links = {{0, 1}, {1, 2}, {0, 2}, {2, 3},
                                                  {1, 3}, {3, 4}, {4, 0}};
  for (auto [a, b] : links) {
    n.from.push_back(a);
    n.to.push_back(b);
  }
  n.build_adjacency();
  return n;
}

TEST(Dijkstra, HandMadeGraph) {
  const Network n = toy();
  const std::vector<double> cost = {1, 1, 5, 1, 4, 2, 1};
  const auto t = dijkstra(n, cost, 0);
  EXPECT_EQ(t.cost, (std::vector<double>{0, 1, 2, 3, 5}));
  EXPECT_EQ(path_to(n, t, 4), (std::vector<LinkId>{0, 1, 3, 5}));
  EXPECT_TRUE(path_to(n, t, 0).empty());
  // Forbid link 1 (1->2): the best way to 3 is now 0->1->3 (cost 5), to 2 direct (5).
  std::vector<std::uint8_t> allowed = {1, 0, 1, 1, 1, 1, 1};
  const auto u = dijkstra(n, cost, 0, allowed);
  EXPECT_EQ(u.cost[3], 5);
  EXPECT_EQ(u.cost[2], 5);
  // Node 4 reaches 0 only by link 6; from 4 everything else goes through 0.
  const auto w = dijkstra(n, cost, 4);
  EXPECT_EQ(w.cost[3], 4);
}

TEST(Dijkstra, UnreachableNodesStayInfinite) {
  Network n = toy();
  n.node_x.push_back(9);
  n.node_y.push_back(9);
  n.build_adjacency();
  const std::vector<double> cost(7, 1.0);
  const auto t = dijkstra(n, cost, 0);
  EXPECT_EQ(t.cost[5], kUnreachable);
  EXPECT_TRUE(path_to(n, t, 5).empty());
}

}  // namespace
