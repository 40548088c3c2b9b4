#pragma once

#include <string>

#include "engine/network/builder.hpp"
#include "engine/network/road_reader.hpp"

namespace ogan::net {

// Everything needed to build a network: where the roads are, how to read them, how to build.
// Read from a scenario's `crs` and `network` sections by scenario::load_network_config.
struct NetworkConfig {
  std::string crs = "EPSG:32748";
  RoadLayerConfig roads;
  BuildOptions build;
};

}  // namespace ogan::net
