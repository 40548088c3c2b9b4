#pragma once

#include <optional>
#include <string>

namespace ogan::gis {

enum class OneWay { No, Forward, Backward };

// OSM tag values as mappers write them. Each returns nullopt for a value it cannot read, so
// the caller can fall back to a default and count the repair.
std::optional<OneWay> parse_oneway(const std::string& v);  // yes/true/1, -1/reverse, no/false/0
std::optional<int> parse_lanes(const std::string& v);      // "2", "2;3" (the larger)
std::optional<double> parse_maxspeed_kmh(const std::string& v);  // "50", "30 mph", "40 km/h"
std::optional<bool> parse_yes_no(const std::string& v);  // yes/no/true/false/1/0, bridge=viaduct

}  // namespace ogan::gis
