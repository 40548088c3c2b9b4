#include "engine/scenario/policies.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/gis/feature_table.hpp"
#include "engine/gis/raster.hpp"
#include "engine/population/placement.hpp"

namespace ogan::scenario {

namespace {

// The keys each policy type takes; `required` must be present.
struct PolicySpec {
  std::vector<std::string> keys;
  std::vector<std::string> required;
  std::string doc;
};

const std::map<std::string, PolicySpec>& policy_specs() {
  static const std::map<std::string, PolicySpec> kSpecs = {
      {"close_road", {{"name", "link_ids", "near", "from", "to"}, {}, "close a road or bridge (by name, by link ids, or near a point), optionally for a time window"}},
      {"change_road", {{"name", "capacity_factor", "lanes", "speed_kmh", "oneway"}, {"name"}, "change capacity, lanes, speed or one-way of a named road"}},
      {"add_road", {{"path", "layer", "fields"}, {"path"}, "add the roads (or a bridge) of a line layer"}},
      {"close_facility", {{"name"}, {"name"}, "close a facility for the day"}},
      {"add_facility", {{"name", "facility_type", "lon", "lat", "capacity", "servers", "open", "close", "break", "service_min", "service_cv", "quota", "balk_queue"}, {"name", "facility_type", "lon", "lat"}, "add a facility (facility_type: puskesmas, hospital, school_primary, ...) at a WGS 84 position"}},
      {"move_facility", {{"name", "lon", "lat"}, {"name", "lon", "lat"}, "move a facility to a WGS 84 position"}},
      {"facility_service", {{"name", "servers", "open", "close", "break", "service_min", "service_cv", "quota", "balk_queue"}, {"name"}, "change a facility's servers, hours or quota"}},
      {"online_share", {{"share", "capacity_per_day"}, {"share"}, "share of civil-registry services done online (and the online channel's daily capacity)"}},
      {"flood", {{"path", "layer", "raster", "threshold_m", "from", "to"}, {}, "flood the polygons of a layer, or a depth raster's cells above a threshold: their links close for the window, their facilities for the day"}},
      {"grow_population", {{"factor", "target_year"}, {}, "scale the population by a factor, or to a target year at each kecamatan's 2015-2025 growth rate"}},
      {"stagger_school", {{"shift_min"}, {"shift_min"}, "move SMP and SMA start times by this many minutes"}},
      {"work_from_home", {{"share"}, {"share"}, "share of government and services workers working from home"}},
  };
  return kSpecs;
}

double clock(const YAML::Node& n, double fallback) {
  if (!n) return fallback;
  int h = 0, m = 0;
  char c = 0;
  std::sscanf(n.as<std::string>().c_str(), "%d%c%d", &h, &c, &m);
  return h * 3600.0 + m * 60.0;
}

bool in_window(double from, double to, double a, double b) { return from < b && a < to; }

}  // namespace

std::vector<std::string> validate_policy(const YAML::Node& p, const std::string& key, const YamlReader& r) {
  std::vector<std::string> errors;
  auto err = [&](const YAML::Node& n, const std::string& k, const std::string& what) {
    try {
      r.fail(n, k, what);
    } catch (const InputError& e) {
      errors.push_back(e.what());
    }
  };
  if (!p.IsMap()) {
    err(p, key, "expected a mapping with a 'type'");
    return errors;
  }
  std::vector<std::string> types;
  for (const auto& [t, s] : policy_specs()) types.push_back(t);
  if (!p["type"]) {
    err(p, key + ".type", fmt::format("missing; one of: {}", fmt::join(types, ", ")));
    return errors;
  }
  const auto type = p["type"].as<std::string>();
  auto it = policy_specs().find(type);
  if (it == policy_specs().end()) {
    const auto guess = closest_match(type, types);
    err(p["type"], key + ".type", fmt::format("unknown policy '{}'{}; one of: {}", type,
                                              guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                                              fmt::join(types, ", ")));
    return errors;
  }
  const auto& spec = it->second;
  for (const auto& kv : p) {
    const auto k = kv.first.as<std::string>();
    if (k == "type" || k == "description") continue;
    if (std::find(spec.keys.begin(), spec.keys.end(), k) == spec.keys.end()) {
      const auto guess = closest_match(k, spec.keys);
      err(kv.first, key + "." + k, fmt::format("not a key of {}{}; it takes: {}", type,
                                                guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                                                fmt::join(spec.keys, ", ")));
    }
  }
  for (const auto& req : spec.required) {
    if (!p[req]) err(p, key + "." + req, fmt::format("missing: {} needs it", type));
  }
  auto number = [&](const char* k, double lo, double hi) {
    if (!p[k]) return;
    try {
      const double v = p[k].as<double>();
      if (v < lo || v > hi) err(p[k], key + "." + k, fmt::format("{} is out of range [{:g}, {:g}]", v, lo, hi));
    } catch (const YAML::Exception&) {
      err(p[k], key + "." + k, fmt::format("expected a number, got '{}'", YAML::Dump(p[k])));
    }
  };
  number("share", 0, 1);
  number("capacity_factor", 0, 10);
  number("lanes", 1, 8);
  number("speed_kmh", 1, 150);
  number("factor", 0.1, 10);
  number("target_year", 2025, 2100);
  number("shift_min", -120, 240);
  number("lon", 103, 105.5);
  number("lat", -5.5, -3);
  number("servers", 1, 1000);
  number("capacity_per_day", 0, 1e9);
  for (const char* k : {"from", "to", "open", "close"}) {
    if (!p[k]) continue;
    int h = -1, m = -1;
    char c = 0;
    const auto s = p[k].IsScalar() ? p[k].as<std::string>() : "";
    if (std::sscanf(s.c_str(), "%d%c%d", &h, &c, &m) != 3 || c != ':' || h < 0 || h > 48 || m < 0 || m > 59) {
      err(p[k], key + "." + k, fmt::format("expected a time HH:MM, got '{}'", s));
    }
  }
  if (p["path"] && p["path"].IsScalar() && !std::filesystem::exists(p["path"].as<std::string>())) {
    err(p["path"], key + ".path", fmt::format("file '{}' does not exist", p["path"].as<std::string>()));
  }
  if (type == "grow_population" && !p["factor"] && !p["target_year"]) {
    err(p, key, "grow_population needs a factor or a target_year");
  }
  if (type == "close_road" && !p["name"] && !p["link_ids"] && !p["near"]) {
    err(p, key, "close_road needs a name, link_ids or near: {lon, lat, radius_m}");
  }
  if (type == "close_road" && p["near"]) {
    const auto n = p["near"];
    if (!n.IsMap() || !n["lon"] || !n["lat"]) err(n, key + ".near", "expected {lon, lat, radius_m}");
  }
  if (type == "flood" && !p["path"] && !p["raster"]) err(p, key, "flood needs a polygon layer (path) or a depth raster (raster)");
  if (p["raster"] && p["raster"].IsScalar() && !std::filesystem::exists(p["raster"].as<std::string>())) {
    err(p["raster"], key + ".raster", fmt::format("file '{}' does not exist", p["raster"].as<std::string>()));
  }
  return errors;
}

Policies::Policies(const YAML::Node& list, const YamlReader& r, const OGRSpatialReference& crs) : reader_(r) {
  if (!list) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node p = list[i];
    items_.push_back(p);
    const auto type = p["type"].as<std::string>();
    std::string what = p["description"] ? p["description"].as<std::string>() : "";
    descriptions_.push_back(fmt::format("{}: {}{}", type, YAML::Dump(p).substr(0, 0),
                                        what.empty() ? [&] {
                                          YAML::Emitter e;
                                          e << YAML::Flow << p;
                                          return std::string(e.c_str());
                                        }()
                                                     : what));
    if (type == "flood" && p["raster"]) {
      // Cells deeper than the threshold become square polygons of the flooded area.
      const auto depth = gis::read_raster(p["raster"].as<std::string>(), crs);
      const double threshold = p["threshold_m"] ? p["threshold_m"].as<double>() : 0.3;
      auto area = std::make_shared<OGRMultiPolygon>();
      const auto& gt = depth.geotransform;
      for (int row = 0; row < depth.rows(); ++row) {
        for (int col = 0; col < depth.cols(); ++col) {
          const double v = depth.values(row, col);
          if (!(v > threshold) || (depth.nodata && v == *depth.nodata)) continue;
          OGRLinearRing ring;
          const double x0 = gt[0] + col * gt[1], y0 = gt[3] + row * gt[5];
          ring.addPoint(x0, y0);
          ring.addPoint(x0 + gt[1], y0);
          ring.addPoint(x0 + gt[1], y0 + gt[5]);
          ring.addPoint(x0, y0 + gt[5]);
          ring.closeRings();
          OGRPolygon poly;
          poly.addRing(&ring);
          area->addGeometry(&poly);
        }
      }
      std::shared_ptr<OGRGeometry> merged(area->UnionCascaded());
      if (merged) floods_.push_back({merged, clock(p["from"], 0), clock(p["to"], 48 * 3600)});
    } else if (type == "flood") {
      gis::LayerSpec spec{.path = p["path"].as<std::string>(), .layer = p["layer"] ? p["layer"].as<std::string>() : ""};
      auto t = gis::read_layer(spec, crs, {.family = gis::GeometryFamily::Polygon});
      for (auto& g : t.geometry) floods_.push_back({std::shared_ptr<OGRGeometry>(g.release()), clock(p["from"], 0), clock(p["to"], 48 * 3600)});
    } else if (type == "grow_population") {
      if (p["target_year"]) target_year_ = p["target_year"].as<int>();
      if (p["factor"]) factor_ *= p["factor"].as<double>();
    } else if (type == "facility_service") {
      YAML::Node o(YAML::NodeType::Map);
      for (const auto& kv : p) {
        const auto k = kv.first.as<std::string>();
        if (k != "type" && k != "name" && k != "description") o[k] = kv.second;
      }
      service_overrides_.push_back({p["name"].as<std::string>(), o});
    } else if (type == "add_facility") {
      YAML::Node o(YAML::NodeType::Map);
      for (const char* k : {"servers", "open", "close", "break", "service_min", "service_cv", "quota", "balk_queue"}) {
        if (p[k]) o[k] = p[k];
      }
      if (o.size() > 0) service_overrides_.push_back({p["name"].as<std::string>(), o});
    }
  }
}

void Policies::apply_to_roads(std::vector<net::Road>& roads, const OGRSpatialReference& crs) const {
  for (const auto& p : items_) {
    const auto type = p["type"].as<std::string>();
    if (type == "add_road") {
      net::RoadLayerConfig cfg;
      cfg.layer.path = p["path"].as<std::string>();
      if (p["layer"]) cfg.layer.layer = p["layer"].as<std::string>();
      if (p["fields"]) cfg.layer.fields = p["fields"].as<std::map<std::string, std::string>>();
      auto extra = net::read_roads(cfg, crs);
      roads.insert(roads.end(), extra.begin(), extra.end());
    } else if (type == "change_road") {
      const auto name = p["name"].as<std::string>();
      std::size_t n = 0;
      for (auto& r : roads) {
        if (r.name != name) continue;
        ++n;
        if (p["lanes"]) r.lanes_total = p["lanes"].as<int>();
        if (p["speed_kmh"]) r.speed_kmh = p["speed_kmh"].as<double>();
        if (p["oneway"]) {
          const auto v = p["oneway"].as<std::string>();
          r.oneway = v == "-1" ? gis::OneWay::Backward : (v == "no" || v == "false") ? gis::OneWay::No : gis::OneWay::Forward;
        }
      }
      if (n == 0) reader_.fail(p["name"], "policies.change_road.name", fmt::format("no road is named '{}'", name));
    }
  }
}

std::vector<Closure> Policies::apply_to_network(net::Network& net) const {
  std::vector<Closure> closures;
  for (const auto& p : items_) {
    const auto type = p["type"].as<std::string>();
    if (type == "change_road" && p["capacity_factor"]) {
      const double f = p["capacity_factor"].as<double>();
      for (std::size_t l = 0; l < net.num_links(); ++l) {
        if (net.link_name(static_cast<net::LinkId>(l)) == p["name"].as<std::string>()) net.capacity_pcu_h[l] *= f;
      }
    } else if (type == "close_road") {
      const double from = clock(p["from"], 0), to = clock(p["to"], 48 * 3600);
      std::set<net::LinkId> links;
      if (p["name"]) {
        for (std::size_t l = 0; l < net.num_links(); ++l)
          if (net.link_name(static_cast<net::LinkId>(l)) == p["name"].as<std::string>()) links.insert(static_cast<net::LinkId>(l));
        if (links.empty()) reader_.fail(p["name"], "policies.close_road.name", fmt::format("no road or bridge is named '{}'", p["name"].as<std::string>()));
      }
      if (p["link_ids"]) {
        for (const auto& id : p["link_ids"]) {
          const auto l = id.as<long long>();
          if (l < 0 || l >= static_cast<long long>(net.num_links())) {
            reader_.fail(id, "policies.close_road.link_ids", fmt::format("no link {}; the network has {} links", l, net.num_links()));
          }
          links.insert(static_cast<net::LinkId>(l));
        }
      }
      if (p["near"]) {
        // Every link passing within radius_m of a WGS 84 point (a bridge, a junction).
        double x = p["near"]["lon"].as<double>(), y = p["near"]["lat"].as<double>();
        gis::Reprojector(gis::parse_crs("EPSG:4326"), gis::parse_crs(net.crs_wkt.empty() ? gis::kDefaultCrs : net.crs_wkt)).apply(x, y);
        const double radius = p["near"]["radius_m"] ? p["near"]["radius_m"].as<double>() : 50.0;
        for (std::size_t l = 0; l < net.num_links(); ++l) {
          for (auto g = net.geom_offset[l]; g + 1 < net.geom_offset[l + 1]; ++g) {
            const double ax = net.geom_x[g], ay = net.geom_y[g];
            const double vx = net.geom_x[g + 1] - ax, vy = net.geom_y[g + 1] - ay;
            const double len2 = vx * vx + vy * vy;
            const double t = len2 > 0 ? std::clamp(((x - ax) * vx + (y - ay) * vy) / len2, 0.0, 1.0) : 0.0;
            if (std::hypot(ax + t * vx - x, ay + t * vy - y) <= radius) {
              links.insert(static_cast<net::LinkId>(l));
              break;
            }
          }
        }
      }
      for (auto l : links) closures.push_back({l, from, to});
    }
  }
  for (const auto& area : floods_) {
    OGREnvelope env;
    area.geometry->getEnvelope(&env);
    for (std::size_t l = 0; l < net.num_links(); ++l) {
      const auto [x, y] = pop::point_along(net, static_cast<net::LinkId>(l), net.length_m[l] / 2);
      if (x < env.MinX || x > env.MaxX || y < env.MinY || y > env.MaxY) continue;
      OGRPoint pt(x, y);
      if (area.geometry->Contains(&pt)) closures.push_back({static_cast<net::LinkId>(l), area.from_s, area.to_s});
    }
  }
  return closures;
}

void Policies::apply_to_facilities(std::vector<gis::Facility>& facilities) const {
  gis::Reprojector to_utm(gis::parse_crs("EPSG:4326"), gis::parse_crs(gis::kDefaultCrs));
  for (const auto& p : items_) {
    const auto type = p["type"].as<std::string>();
    if (type == "add_facility") {
      double x = p["lon"].as<double>(), y = p["lat"].as<double>();
      to_utm.apply(x, y);
      gis::Facility f{p["name"].as<std::string>(), p["facility_type"].as<std::string>(), "policy", x, y, -1,
                      p["capacity"] ? p["capacity"].as<double>() : 0.0};
      facilities.push_back(f);
    } else if (type == "close_facility" || type == "move_facility") {
      const auto name = p["name"].as<std::string>();
      auto it = std::find_if(facilities.begin(), facilities.end(), [&](const auto& f) { return f.name == name; });
      if (it == facilities.end()) reader_.fail(p["name"], "policies." + type + ".name", fmt::format("no facility is named '{}'", name));
      if (type == "close_facility") {
        facilities.erase(it);
      } else {
        double x = p["lon"].as<double>(), y = p["lat"].as<double>();
        to_utm.apply(x, y);
        it->x = x;
        it->y = y;
      }
    }
  }
  const auto flooded = flooded_facilities(facilities);
  facilities.erase(std::remove_if(facilities.begin(), facilities.end(),
                                  [&](const auto& f) { return std::find(flooded.begin(), flooded.end(), f.name) != flooded.end(); }),
                   facilities.end());
}

std::vector<std::string> Policies::flooded_facilities(const std::vector<gis::Facility>& facilities) const {
  std::vector<std::string> out;
  for (const auto& area : floods_) {
    // Facilities work by day; a flood over any of the working day closes them for the day.
    if (!in_window(area.from_s, area.to_s, 7 * 3600.0, 16 * 3600.0)) continue;
    for (const auto& f : facilities) {
      OGRPoint pt(f.x, f.y);
      if (area.geometry->Contains(&pt)) out.push_back(f.name);
    }
  }
  return out;
}

void Policies::apply_to_plan_options(pop::PlanOptions& o) const {
  for (const auto& p : items_) {
    const auto type = p["type"].as<std::string>();
    if (type == "online_share") {
      o.civil_registry_online = p["share"].as<double>();
      if (p["capacity_per_day"]) o.civil_registry_online_capacity = p["capacity_per_day"].as<double>();
    } else if (type == "stagger_school") {
      o.school_start_shift_s = 60 * p["shift_min"].as<double>();
    } else if (type == "work_from_home") {
      o.work_from_home = p["share"].as<double>();
    }
  }
}

double Policies::population_factor(std::optional<double> pop_2015, double pop_2025, double regency_growth) const {
  double f = factor_;
  if (target_year_) {
    const double r = pop_2015 && *pop_2015 > 0 ? std::pow(pop_2025 / *pop_2015, 0.1) - 1 : regency_growth;
    f *= std::pow(1 + r, *target_year_ - 2025);
  }
  return f;
}

}  // namespace ogan::scenario
