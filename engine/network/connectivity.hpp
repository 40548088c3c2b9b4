#pragma once

#include <vector>

#include "engine/network/network.hpp"

namespace ogan::net {

// Strongly connected component of every node (Tarjan, iterative so that long rural chains do not
// overflow the stack). Component ids are dense, numbered in order of discovery from node 0.
std::vector<int> strongly_connected_components(const Network& net);

// The id of the largest component (ties: the lowest id) and its node count.
std::pair<int, int> largest_component(const std::vector<int>& component);

}  // namespace ogan::net
