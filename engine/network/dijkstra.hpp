#pragma once

#include <limits>
#include <span>
#include <vector>

#include "engine/network/network.hpp"

namespace ogan::net {

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

struct ShortestPathTree {
  std::vector<double> cost;      // per node, kUnreachable if not reached
  std::vector<LinkId> via_link;  // the link used to reach each node, -1 at the source
};

// One-to-all Dijkstra on link costs (seconds, metres, ...). The reference router: plain, exact,
// deterministic (ties go to the lower node id). `allowed` (optional) masks links by id.
ShortestPathTree dijkstra(const Network& net, std::span<const double> link_cost, NodeId source,
                          std::span<const std::uint8_t> allowed = {});

// Links of the path to `target`, in travel order; empty if unreachable or target == source.
std::vector<LinkId> path_to(const Network& net, const ShortestPathTree& tree, NodeId target);

}  // namespace ogan::net
