#include "engine/network/connectivity.hpp"

#include <algorithm>

namespace ogan::net {

std::vector<int> strongly_connected_components(const Network& net) {
  const int n = static_cast<int>(net.num_nodes());
  std::vector<int> index(n, -1);
  std::vector<int> low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<int> comp(n, -1);
  std::vector<int> stack;
  struct Frame {
    int node;
    int next_edge;
  };
  std::vector<Frame> call;
  int counter = 0;
  int components = 0;
  for (int root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    call.push_back({root, net.out_offset[root]});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      Frame& f = call.back();
      const int v = f.node;
      if (f.next_edge < net.out_offset[v + 1]) {
        const int w = net.to[net.out_links[f.next_edge++]];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, net.out_offset[w]});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp[w] = components;
        } while (w != v);
        ++components;
      }
      call.pop_back();
      if (!call.empty()) {
        const int parent = call.back().node;
        low[parent] = std::min(low[parent], low[v]);
      }
    }
  }
  return comp;
}

std::pair<int, int> largest_component(const std::vector<int>& component) {
  if (component.empty()) return {-1, 0};
  const int k = *std::max_element(component.begin(), component.end()) + 1;
  std::vector<int> size(k, 0);
  for (int c : component) ++size[c];
  const auto it = std::max_element(size.begin(), size.end());
  return {static_cast<int>(it - size.begin()), *it};
}

}  // namespace ogan::net
