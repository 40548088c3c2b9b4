#include "engine/network/network.hpp"

namespace ogan::net {

void Network::build_adjacency() {
  const std::size_t n = num_nodes();
  const std::size_t m = num_links();
  out_offset.assign(n + 1, 0);
  in_offset.assign(n + 1, 0);
  for (std::size_t l = 0; l < m; ++l) {
    ++out_offset[from[l] + 1];
    ++in_offset[to[l] + 1];
  }
  for (std::size_t i = 0; i < n; ++i) {
    out_offset[i + 1] += out_offset[i];
    in_offset[i + 1] += in_offset[i];
  }
  out_links.assign(m, 0);
  in_links.assign(m, 0);
  std::vector<std::int32_t> out_fill(out_offset.begin(), out_offset.end() - 1);
  std::vector<std::int32_t> in_fill(in_offset.begin(), in_offset.end() - 1);
  // Links are visited in id order, so each node's lists are sorted: adjacency is deterministic.
  for (std::size_t l = 0; l < m; ++l) {
    out_links[out_fill[from[l]]++] = static_cast<LinkId>(l);
    in_links[in_fill[to[l]]++] = static_cast<LinkId>(l);
  }
}

}  // namespace ogan::net
