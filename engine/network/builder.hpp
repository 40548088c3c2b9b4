#pragma once

#include <string>
#include <vector>

#include "engine/network/capacity_pkji.hpp"
#include "engine/network/network.hpp"
#include "engine/network/road_reader.hpp"

namespace ogan::net {

struct BuildOptions {
  double snap_tolerance_m = 0.5;   // vertices closer than this become one node
  bool split_at_crossings = true;  // node where non-bridge roads cross without a shared vertex
  double join_junctions_m = 0;  // nodes joined by a non-bridge piece shorter than this become one
  bool keep_largest_component = true;
  double pcu_length_m = 7.5;  // effective length of one pcu in a queue (storage capacity)
  PkjiEnvironment environment = PkjiEnvironment::Urban;
  double city_population = 143006;
  double shoulder_m = 0.5;
  bool show_progress = false;
};

struct BuildReport {
  long long roads = 0;
  long long crossings_split = 0;
  long long vertices_snapped = 0;        // vertices merged into an existing node within tolerance
  long long degenerate_dropped = 0;      // zero-length pieces and loops with no length
  long long junctions_joined = 0;        // clusters of nodes made one junction
  long long junction_links_removed = 0;  // the short pieces inside them
  long long components = 0;              // strongly connected components before pruning
  long long dropped_links = 0;
  long long dropped_nodes = 0;
  std::vector<std::string> dropped_examples;  // "fid 12 'Jl. X'" of a few dropped roads
};

Network build_network(const std::vector<Road>& roads, const BuildOptions& options,
                      BuildReport* report = nullptr);

// Keeps only the links and nodes with keep_node true, renumbering both; returns the new network.
Network subset_network(const Network& net, const std::vector<char>& keep_node);

}  // namespace ogan::net
