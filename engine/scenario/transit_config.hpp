#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/yaml_reader.hpp"
#include "engine/gis/facilities.hpp"
#include "engine/gis/zones.hpp"
#include "engine/traffic/transit_network.hpp"

namespace ogan::scenario {

// A line's waypoint as written: a facility name, a zone code or a lon/lat point (EPSG:4326), so
// lines survive changes of the generated network (data/transit/README.md).
struct TransitWaypoint {
  std::string facility;
  std::string zone;
  std::optional<std::pair<double, double>> lonlat;
  YamlPlace where;
  std::string key;
};

struct TransitLineConfig {
  traffic::TransitLineSpec spec;  // waypoints not yet resolved
  std::vector<TransitWaypoint> waypoints;
};

// The public-transport lines file (data/transit/lines.yaml), read and checked.
struct TransitConfig {
  std::string file;
  traffic::TransitOptions options;
  std::vector<TransitLineConfig> lines;
};

// Reads a lines file; InputError "file:line: key: what" for every problem found first.
TransitConfig read_transit_lines(const std::string& path);

// Resolves the waypoints on the world (facility by name, zone by code, lon/lat reprojected to
// the network's CRS; each to the nearest motor node within 5 km) and routes the lines.
traffic::TransitNetwork build_transit(const TransitConfig& cfg, const net::Network& net,
                                      const OGRSpatialReference& crs,
                                      const std::vector<gis::Facility>& facilities,
                                      const gis::Zones& zones,
                                      const std::vector<net::LinkId>& avoid = {});

}  // namespace ogan::scenario
