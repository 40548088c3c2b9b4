#include "engine/network/road_defaults.hpp"

#include <algorithm>
#include <array>

namespace ogan::net {

const std::vector<RoadClassDefaults>& road_classes() {
  using enum SideFriction;
  // Free speeds follow PM 111/2015 limits (urban arterial 50, residential 30, national roads
  // 80 outside towns) lowered for mixed motorcycle-dominated traffic; see docs/network-model.md.
  static const std::vector<RoadClassDefaults> kClasses = {
      {"motorway", 4, 90, true, 3.6, VeryLow, true, 1},
      {"motorway_link", 1, 50, true, 3.6, VeryLow, true, 1},
      {"trunk", 2, 60, false, 3.5, Medium, true, 2},
      {"trunk_link", 1, 40, true, 3.5, Medium, true, 2},
      {"primary", 2, 50, false, 3.5, Medium, true, 3},
      {"primary_link", 1, 35, true, 3.5, Medium, true, 3},
      {"secondary", 2, 40, false, 3.25, Medium, true, 4},
      {"secondary_link", 1, 30, true, 3.25, Medium, true, 4},
      {"tertiary", 2, 35, false, 3.0, Medium, true, 5},
      {"tertiary_link", 1, 30, true, 3.0, Medium, true, 5},
      {"unclassified", 2, 30, false, 3.0, Low, true, 6},
      {"road", 2, 30, false, 3.0, Low, true, 6},
      {"residential", 2, 25, false, 2.75, Low, true, 7},
      {"living_street", 2, 15, false, 2.75, High, true, 7},
      {"service", 2, 15, false, 2.5, Low, true, 8},
      {"track", 2, 20, false, 2.5, VeryLow, true, 8},
      {"pedestrian", 2, 5, false, 2.5, VeryHigh, false, 9},
      {"footway", 2, 5, false, 1.5, VeryLow, false, 9},
      {"path", 2, 5, false, 1.5, VeryLow, false, 9},
      {"cycleway", 2, 15, false, 1.5, VeryLow, false, 9},
      {"steps", 2, 2, false, 1.5, VeryLow, false, 9},
  };
  return kClasses;
}

std::optional<std::uint8_t> road_class_id(std::string_view name) {
  const auto& c = road_classes();
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i].name == name) return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

const RoadClassDefaults& road_class(std::uint8_t id) {
  return road_classes().at(id);
}

bool is_ignored_highway(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kIgnored = {
      "construction", "proposed", "abandoned", "disused", "platform", "raceway",  "bus_guideway",
      "corridor",     "elevator", "bridleway", "escape",  "razed",    "bus_stop", "rest_area"};
  return std::find(kIgnored.begin(), kIgnored.end(), name) != kIgnored.end();
}

std::optional<SideFriction> parse_side_friction(std::string_view v) {
  using enum SideFriction;
  if (v == "VL" || v == "vl") return VeryLow;
  if (v == "L" || v == "l") return Low;
  if (v == "M" || v == "m") return Medium;
  if (v == "H" || v == "h") return High;
  if (v == "VH" || v == "vh") return VeryHigh;
  return std::nullopt;
}

std::string_view side_friction_name(SideFriction f) {
  static constexpr std::array<std::string_view, 5> kNames = {"VL", "L", "M", "H", "VH"};
  return kNames.at(static_cast<std::size_t>(f));
}

}  // namespace ogan::net
