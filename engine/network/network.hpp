#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ogan::net {

using NodeId = std::int32_t;
using LinkId = std::int32_t;

// The routable road network: nodes and directed links in struct-of-arrays, with CSR adjacency.
// Coordinates are in the run's metric CRS.
struct Network {
  std::string crs_wkt;

  // Nodes.
  std::vector<double> node_x;
  std::vector<double> node_y;

  // Links.
  std::vector<NodeId> from;
  std::vector<NodeId> to;
  std::vector<double> length_m;
  std::vector<float> lanes;  // in the link's direction
  std::vector<double> free_speed_mps;
  std::vector<double> capacity_pcu_h;  // in the link's direction (PKJI)
  std::vector<double> storage_pcu;     // lanes x length / effective length per pcu
  std::vector<std::uint8_t> road_class;
  std::vector<std::uint8_t> pkji_type;
  std::vector<std::uint8_t> oneway;  // 1 if the road is one-way
  std::vector<std::uint8_t> bridge;
  std::vector<std::uint8_t> motor;    // open to motor vehicles
  std::vector<std::int32_t> name_id;  // index into names, -1 if unnamed
  std::vector<std::int64_t> source_fid;
  std::vector<LinkId> reverse;  // the opposite link of a two-way road, or -1

  // Link geometry: link l's vertices are geom_x/y[geom_offset[l] .. geom_offset[l+1]).
  std::vector<std::uint32_t> geom_offset{0};
  std::vector<double> geom_x;
  std::vector<double> geom_y;

  std::vector<std::string> names;

  // Out- and in-links per node (CSR), filled by build_adjacency().
  std::vector<std::int32_t> out_offset;
  std::vector<LinkId> out_links;
  std::vector<std::int32_t> in_offset;
  std::vector<LinkId> in_links;

  std::size_t num_nodes() const { return node_x.size(); }
  std::size_t num_links() const { return from.size(); }
  const std::string& link_name(LinkId l) const {
    static const std::string kEmpty;
    return name_id[l] < 0 ? kEmpty : names[name_id[l]];
  }
  double free_time_s(LinkId l) const { return length_m[l] / free_speed_mps[l]; }

  void build_adjacency();
};

}  // namespace ogan::net
