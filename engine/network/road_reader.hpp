#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/gis/feature_table.hpp"
#include "engine/gis/osm_tags.hpp"
#include "engine/network/capacity_pkji.hpp"
#include "engine/network/road_defaults.hpp"

namespace ogan::net {

// One road as read from a layer, attributes resolved (defaults applied), geometry in metres.
struct Road {
  std::vector<double> x;
  std::vector<double> y;
  std::uint8_t road_class = 0;
  std::string name;
  gis::OneWay oneway = gis::OneWay::No;
  int lanes_total = 2;
  double speed_kmh = 30;
  double lane_width_m = 3.0;
  SideFriction friction = SideFriction::Low;
  bool bridge = false;
  bool divided = false;
  std::optional<PkjiEnvironment> environment;  // unset: the build option decides
  long long source_fid = -1;
};

struct RoadLayerConfig {
  gis::LayerSpec layer;  // logical fields: class, name, oneway, lanes, speed_kmh, bridge,
                         // junction, lane_width_m, side_friction, divided,
                         // environment (urban|interurban)
  std::map<std::string, std::string> class_map;  // a user's class value -> ogan road class
  bool include_non_motor = false;                // keep footways, paths, steps
};

struct RoadReadReport {
  long long features = 0;
  long long roads = 0;
  long long ignored_class = 0;     // construction, proposed, ... and non-motor when excluded
  long long defaulted_values = 0;  // unreadable lanes/speed/oneway replaced by class defaults
};

// The OSM-style default field mapping (highway, name, oneway, lanes, maxspeed, bridge, ...).
std::map<std::string, std::string> default_road_fields();

// Reads roads; InputError for an unknown road class (naming feature and value), a missing
// class value, a non-line geometry, and everything gis::read_layer rejects.
std::vector<Road> read_roads(const RoadLayerConfig& cfg, const OGRSpatialReference& target,
                             RoadReadReport* report = nullptr);

}  // namespace ogan::net
