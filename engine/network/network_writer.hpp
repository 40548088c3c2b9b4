#pragma once

#include <string>

#include "engine/network/network.hpp"

namespace ogan::net {

// Writes layers `links` (every attribute, line geometry) and `nodes` (points) to a GeoPackage,
// first under a temporary name and renamed when complete.
void write_network_gpkg(const Network& net, const std::string& path);

}  // namespace ogan::net
