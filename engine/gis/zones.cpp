#include "engine/gis/zones.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ogr_api.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/core/error.hpp"
#include "engine/gis/facilities.hpp"

namespace ogan::gis {

namespace {
LayerSpec with_defaults(LayerSpec spec,
                        const std::vector<std::pair<std::string, std::string>>& defaults) {
  for (const auto& [logical, field] : defaults) {
    if (!spec.fields.count(logical)) {
      spec.fields[logical] = field;
      spec.defaulted.insert(logical);
    }
  }
  return spec;
}
}  // namespace

ZoneLocator::ZoneLocator(const Zones& zones) : zones_(zones), envelope_(zones.size()) {
  for (std::size_t z = 0; z < zones.size(); ++z) zones.geometry[z]->getEnvelope(&envelope_[z]);
}

std::int32_t ZoneLocator::zone_at(double x, double y) const {
  OGRPoint p(x, y);
  for (std::size_t z = 0; z < envelope_.size(); ++z) {
    const auto& e = envelope_[z];
    if (x < e.MinX || x > e.MaxX || y < e.MinY || y > e.MaxY) continue;
    if (zones_.geometry[z]->Contains(&p)) return static_cast<std::int32_t>(z);
  }
  return -1;
}

Zones read_zones(const LayerSpec& user_spec, const OGRSpatialReference& target) {
  LayerSpec spec = with_defaults(user_spec, {{"id", "code"},
                                             {"name", "name"},
                                             {"parent", "kecamatan_code"},
                                             {"level", "level"},
                                             {"population", "population"}});
  spec.defaulted.erase("id");
  FeatureTable t = read_layer(
      spec, target, {.family = GeometryFamily::Polygon, .required = {"id"}, .log_repairs = false});
  Zones z;
  std::size_t next_repair = 0;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Where where{t.path, t.layer, t.fid[i], spec.fields.at("id")};
    const auto& id = t.get("id", i);
    if (!id || id->empty()) throw_input(where, "zone id is empty");
    if (!seen.insert(*id).second) throw_input(where, fmt::format("duplicate zone id '{}'", *id));
    std::optional<double> pop;
    if (const auto& p = t.get("population", i); p && !p->empty()) {
      try {
        std::size_t used = 0;
        pop = std::stod(*p, &used);
        if (used != p->size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw_input({t.path, t.layer, t.fid[i], spec.fields.at("population")},
                    fmt::format("population '{}' is not a number", *p));
      }
      if (*pop < 0) {
        throw_input({t.path, t.layer, t.fid[i], spec.fields.at("population")},
                    fmt::format("population {} is negative", *pop));
      }
    }
    OGRGeometry& g = *t.geometry[i];
    double area = 0;
    const auto flat = wkbFlatten(g.getGeometryType());
    if (flat == wkbPolygon)
      area = g.toPolygon()->get_Area();
    else if (flat == wkbMultiPolygon)
      area = g.toMultiPolygon()->get_Area();
    else if (flat == wkbGeometryCollection)
      area = g.toGeometryCollection()->get_Area();
    OGRPoint c;
    OGRGeometryH on = OGR_G_PointOnSurface(OGRGeometry::ToHandle(&g));
    if (on != nullptr) {
      c = *OGRGeometry::FromHandle(on)->toPoint();
      OGR_G_DestroyGeometry(on);
    }
    z.id.push_back(*id);
    z.name.push_back(t.get("name", i).value_or(""));
    z.parent.push_back(t.get("parent", i).value_or(""));
    z.level.push_back(t.get("level", i).value_or(""));
    z.population.push_back(pop);
    z.area_km2.push_back(area / 1e6);
    z.centroid_x.push_back(c.getX());
    z.centroid_y.push_back(c.getY());
    z.geometry.push_back(std::move(t.geometry[i]));
    const auto& repairs = t.report.repairs;
    if (next_repair < repairs.size() && repairs[next_repair].fid == t.fid[i]) {
      const auto& r = repairs[next_repair++];
      spdlog::warn("zone {} '{}' ({}): {}", z.id.back(), z.name.back(),
                   Where{t.path, t.layer, t.fid[i], ""}.str(), describe(r));
      z.repairs.push_back({z.id.back(), z.name.back(), r});
    }
  }
  return z;
}

std::vector<Facility> read_facilities(const LayerSpec& user_spec,
                                      const OGRSpatialReference& target) {
  LayerSpec spec = with_defaults(
      user_spec,
      {{"name", "name"}, {"type", "type"}, {"subtype", "subtype"}, {"capacity", "capacity"}});
  spec.defaulted.erase("type");
  FeatureTable t = read_layer(spec, target, {.family = GeometryFamily::Any, .required = {"type"}});
  std::vector<Facility> out;
  const auto& known = known_facility_types();
  std::map<std::string, std::pair<long long, long long>> unknown;  // type -> (count, first fid)
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& type = t.get("type", i);
    if (!type || type->empty()) {
      throw_input({t.path, t.layer, t.fid[i], spec.fields.at("type")}, "facility type is empty");
    }
    OGRPoint p;
    const auto flat = wkbFlatten(t.geometry[i]->getGeometryType());
    if (flat == wkbPoint) {
      p = *t.geometry[i]->toPoint();
    } else if (flat == wkbPolygon || flat == wkbMultiPolygon) {
      OGRGeometryH on = OGR_G_PointOnSurface(OGRGeometry::ToHandle(t.geometry[i].get()));
      if (on == nullptr)
        throw_input({t.path, t.layer, t.fid[i], ""}, "polygon has no interior point");
      p = *OGRGeometry::FromHandle(on)->toPoint();
      OGR_G_DestroyGeometry(on);
    } else {
      throw_input({t.path, t.layer, t.fid[i], ""},
                  fmt::format("geometry is a {}, expected a point or a polygon",
                              OGRGeometryTypeToName(t.geometry[i]->getGeometryType())));
    }
    double capacity = 0;
    if (const auto& c = t.get("capacity", i); c && !c->empty()) {
      try {
        capacity = std::stod(*c);
      } catch (const std::exception&) {
        throw_input({t.path, t.layer, t.fid[i], spec.fields.at("capacity")},
                    fmt::format("capacity '{}' is not a number", *c));
      }
    }
    out.push_back({t.get("name", i).value_or(""), *type, t.get("subtype", i).value_or(""), p.getX(),
                   p.getY(), t.fid[i], capacity});
    if (std::find(known.begin(), known.end(), *type) == known.end()) {
      auto& u = unknown[*type];
      if (u.first++ == 0) u.second = t.fid[i];
    }
  }
  if (!unknown.empty()) {
    std::vector<std::string> parts;
    for (const auto& [type, u] : unknown)
      parts.push_back(fmt::format("'{}' x{} (first feature {})", type, u.first, u.second));
    spdlog::warn(
        "{}: facility type(s) ogan does not know: {}; they are kept (and drawn) but no "
        "trip goes to them. Known types: {}",
        Where{t.path, t.layer, -1, ""}.str(), fmt::join(parts, ", "), fmt::join(known, ", "));
  }
  return out;
}

}  // namespace ogan::gis
