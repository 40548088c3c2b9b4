#include "engine/network/road_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "engine/core/error.hpp"

namespace ogan::net {

namespace {

void append_line(const OGRLineString& ls, Road& road) {
  for (int i = 0; i < ls.getNumPoints(); ++i) {
    road.x.push_back(ls.getX(i));
    road.y.push_back(ls.getY(i));
  }
}

std::string known_classes() {
  std::vector<std::string_view> names;
  for (const auto& c : road_classes()) names.push_back(c.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::map<std::string, std::string> default_road_fields() {
  return {{"class", "highway"},
          {"name", "name"},
          {"oneway", "oneway"},
          {"lanes", "lanes"},
          {"speed_kmh", "maxspeed"},
          {"bridge", "bridge"},
          {"junction", "junction"},
          {"lane_width_m", "lane_width_m"},
          {"side_friction", "side_friction"},
          {"divided", "divided"},
          {"environment", "environment"}};
}

std::vector<Road> read_roads(const RoadLayerConfig& cfg, const OGRSpatialReference& target,
                             RoadReadReport* report) {
  gis::LayerSpec spec = cfg.layer;
  // Start from the OSM-style defaults; what the user mapped wins and must exist.
  for (const auto& [logical, field] : default_road_fields()) {
    if (!spec.fields.count(logical)) {
      spec.fields[logical] = field;
      spec.defaulted.insert(logical);
    }
  }
  if (spec.defaulted.count("class")) spec.defaulted.erase("class");
  gis::FeatureTable t =
      gis::read_layer(spec, target, {.family = gis::GeometryFamily::Line, .required = {"class"}});

  RoadReadReport rep;
  rep.features = static_cast<long long>(t.size());
  std::vector<Road> roads;
  roads.reserve(t.size());
  auto where = [&](std::size_t i, const std::string& logical) {
    return Where{t.path, t.layer, t.fid[i], spec.fields.at(logical)};
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& raw_class = t.get("class", i);
    if (!raw_class || raw_class->empty()) {
      // OSM lines without highway=* are rivers, railways, power lines: not roads.
      if (t.has("class") && spec.fields.at("class") == "highway") {
        ++rep.ignored_class;
        continue;
      }
      throw_input(where(i, "class"), "road class is empty; every road needs a class");
    }
    std::string cls = *raw_class;
    if (auto it = cfg.class_map.find(cls); it != cfg.class_map.end()) cls = it->second;
    if (is_ignored_highway(cls)) {
      ++rep.ignored_class;
      continue;
    }
    const auto class_id = road_class_id(cls);
    if (!class_id) {
      throw_input(where(i, "class"),
                  fmt::format("unknown road class '{}'; known classes: {} (map your classes "
                              "onto these with class_map)",
                              cls, known_classes()));
    }
    const RoadClassDefaults& def = road_class(*class_id);
    if (!def.motor && !cfg.include_non_motor) {
      ++rep.ignored_class;
      continue;
    }

    Road road;
    road.road_class = *class_id;
    road.source_fid = t.fid[i];
    road.lanes_total = def.lanes_total;
    road.speed_kmh = def.speed_kmh;
    road.lane_width_m = def.lane_width_m;
    road.friction = def.friction;
    road.oneway = def.oneway ? gis::OneWay::Forward : gis::OneWay::No;
    road.name = t.get("name", i).value_or("");

    auto defaulted = [&](const char* logical, const std::string& value) {
      ++rep.defaulted_values;
      spdlog::debug("{}: cannot read '{}', using the class default", where(i, logical).str(),
                    value);
    };
    if (const auto& v = t.get("oneway", i); v && !v->empty()) {
      if (auto o = gis::parse_oneway(*v))
        road.oneway = *o;
      else
        defaulted("oneway", *v);
    }
    if (const auto& v = t.get("junction", i); v && *v == "roundabout") {
      road.oneway = gis::OneWay::Forward;
    }
    if (const auto& v = t.get("lanes", i); v && !v->empty()) {
      if (auto n = gis::parse_lanes(*v))
        road.lanes_total = *n;
      else
        defaulted("lanes", *v);
    } else if (road.oneway != gis::OneWay::No && def.lanes_total >= 2 && !def.oneway) {
      road.lanes_total = std::max(1, def.lanes_total / 2);
    }
    if (const auto& v = t.get("speed_kmh", i); v && !v->empty()) {
      if (auto s = gis::parse_maxspeed_kmh(*v))
        road.speed_kmh = *s;
      else
        defaulted("speed_kmh", *v);
    }
    if (const auto& v = t.get("bridge", i); v && !v->empty()) {
      if (auto b = gis::parse_yes_no(*v))
        road.bridge = *b;
      else
        road.bridge = true;  // bridge=<type> in OSM still means a bridge
    }
    if (const auto& v = t.get("divided", i); v && !v->empty()) {
      road.divided = gis::parse_yes_no(*v).value_or(false);
    }
    if (const auto& v = t.get("environment", i); v && !v->empty()) {
      if (*v == "urban")
        road.environment = PkjiEnvironment::Urban;
      else if (*v == "interurban" || *v == "rural")
        road.environment = PkjiEnvironment::Interurban;
      else
        defaulted("environment", *v);
    }
    if (const auto& v = t.get("lane_width_m", i); v && !v->empty()) {
      try {
        const double w = std::stod(*v);
        if (w >= 1.5 && w <= 6.0)
          road.lane_width_m = w;
        else
          defaulted("lane_width_m", *v);
      } catch (const std::exception&) {
        defaulted("lane_width_m", *v);
      }
    }
    if (const auto& v = t.get("side_friction", i); v && !v->empty()) {
      if (auto f = parse_side_friction(*v))
        road.friction = *f;
      else
        defaulted("side_friction", *v);
    }

    const OGRGeometry& g = *t.geometry[i];
    if (wkbFlatten(g.getGeometryType()) == wkbLineString) {
      append_line(*g.toLineString(), road);
      if (road.x.size() >= 2) roads.push_back(std::move(road));
    } else {
      // Each part of a multi-line is its own road with the same attributes.
      for (const OGRLineString* part : *g.toMultiLineString()) {
        Road piece = road;
        append_line(*part, piece);
        if (piece.x.size() >= 2) roads.push_back(std::move(piece));
      }
    }
  }
  rep.roads = static_cast<long long>(roads.size());
  if (rep.defaulted_values > 0) {
    spdlog::warn(
        "{}: {} unreadable attribute value(s) replaced by class defaults (run with -v "
        "for each one)",
        Where{t.path, t.layer, -1, ""}.str(), rep.defaulted_values);
  }
  if (report) *report = rep;
  return roads;
}

}  // namespace ogan::net
