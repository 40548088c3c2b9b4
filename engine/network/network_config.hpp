#pragma once

#include <string>

#include "engine/core/yaml_reader.hpp"

#include "engine/network/builder.hpp"
#include "engine/network/road_reader.hpp"

namespace ogan::net {

// Everything needed to build a network: where the roads are, how to read them, how to build.
struct NetworkConfig {
  std::string crs = "EPSG:32748";
  RoadLayerConfig roads;
  BuildOptions build;
};

// Reads the `crs` and `network` sections of a scenario (or any YAML) file. Relative paths resolve
// against the file's folder. Errors are InputError "file:line: key: what is wrong".
NetworkConfig load_network_config(const std::string& yaml_path);

// The same from an already loaded document (a scenario with other sections).
NetworkConfig parse_network_config(const YamlReader& reader, const YAML::Node& root);

}  // namespace ogan::net
