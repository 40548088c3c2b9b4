#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ogan::net {

enum class SideFriction : std::uint8_t { VeryLow, Low, Medium, High, VeryHigh };

// Defaults for one road class, used wherever a road does not say otherwise.
// Sources and reasoning: docs/network-model.md.
struct RoadClassDefaults {
  std::string_view name;
  int lanes_total;   // both directions
  double speed_kmh;  // free speed in mixed traffic, not the legal limit
  bool oneway;
  double lane_width_m;
  SideFriction friction;
  bool motor;         // open to motor vehicles (footways are not)
  std::uint8_t rank;  // 1 = highest in the hierarchy
};

const std::vector<RoadClassDefaults>& road_classes();
// nullopt for a class the engine does not know.
std::optional<std::uint8_t> road_class_id(std::string_view name);
const RoadClassDefaults& road_class(std::uint8_t id);

// OSM highway values that are not roads to route on (under construction, proposed, ...).
bool is_ignored_highway(std::string_view name);

std::optional<SideFriction> parse_side_friction(std::string_view v);
std::string_view side_friction_name(SideFriction f);

}  // namespace ogan::net
