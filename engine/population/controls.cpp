#include "engine/population/controls.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "engine/population/ipf.hpp"

namespace ogan::pop {

namespace {
std::int64_t parse_count(const std::optional<std::string>& v, const Where& where) {
  if (!v || v->empty()) throw_input(where, "population count is empty");
  try {
    std::size_t used = 0;
    const double d = std::stod(*v, &used);
    if (used == v->size() && d >= 0 && d == std::floor(d)) return static_cast<std::int64_t>(d);
  } catch (const std::exception&) {
  }
  throw_input(where, fmt::format("'{}' is not a non-negative whole number", *v));
}

// Sum of raster cells whose centres fall inside the zone (envelope first, then containment).
double raster_weight(const gis::Raster& r, const OGRGeometry& g) {
  OGREnvelope env;
  g.getEnvelope(&env);
  const auto& gt = r.geotransform;
  const int c0 = std::max(0, static_cast<int>(std::floor((env.MinX - gt[0]) / gt[1])));
  const int c1 = std::min(r.cols() - 1, static_cast<int>(std::floor((env.MaxX - gt[0]) / gt[1])));
  const int r0 = std::max(0, static_cast<int>(std::floor((env.MaxY - gt[3]) / gt[5])));
  const int r1 = std::min(r.rows() - 1, static_cast<int>(std::floor((env.MinY - gt[3]) / gt[5])));
  double sum = 0;
  for (int row = r0; row <= r1; ++row) {
    for (int col = c0; col <= c1; ++col) {
      const double x = gt[0] + (col + 0.5) * gt[1];
      const double y = gt[3] + (row + 0.5) * gt[5];
      const auto v = r.sample(x, y);
      if (!v || *v <= 0) continue;
      OGRPoint p(x, y);
      if (g.Contains(&p)) sum += *v;
    }
  }
  return sum;
}
}  // namespace

Controls read_controls(const gis::LayerSpec& user_spec) {
  gis::LayerSpec spec = user_spec;
  for (const auto& [k, v] : std::map<std::string, std::string>{{"id", "code"},
                                                               {"male", "pop_male"},
                                                               {"female", "pop_female"},
                                                               {"total", "pop_total"},
                                                               {"census_2015", "census_2015"}}) {
    if (spec.fields.try_emplace(k, v).second && (k == "total" || k == "census_2015"))
      spec.defaulted.insert(k);
  }
  OGRSpatialReference any;
  auto t =
      gis::read_layer(spec, any, {.required = {"id", "male", "female"}, .attributes_only = true});
  Controls c;
  c.source = Where{t.path, t.layer, -1, ""}.str();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string id = t.get("id", i).value_or("");
    if (id.empty())
      throw_input({t.path, t.layer, t.fid[i], spec.fields["id"]}, "control unit id is empty");
    if (!seen.insert(id).second) {
      throw_input({t.path, t.layer, t.fid[i], spec.fields["id"]},
                  fmt::format("duplicate control unit '{}'", id));
    }
    c.id.push_back(id);
    c.male.push_back(
        parse_count(t.get("male", i), {t.path, t.layer, t.fid[i], spec.fields["male"]}));
    c.female.push_back(
        parse_count(t.get("female", i), {t.path, t.layer, t.fid[i], spec.fields["female"]}));
    std::optional<double> c15;
    if (const auto& v = t.get("census_2015", i); v && !v->empty()) {
      try {
        c15 = std::stod(*v);
      } catch (const std::exception&) {
      }
    }
    c.census_2015.push_back(c15);
    if (t.has("total")) {
      const auto total =
          parse_count(t.get("total", i), {t.path, t.layer, t.fid[i], spec.fields["total"]});
      if (total != c.male.back() + c.female.back()) {
        throw_input({t.path, t.layer, t.fid[i], spec.fields["total"]},
                    fmt::format("total {} is not male {} + female {} = {}", total, c.male.back(),
                                c.female.back(), c.male.back() + c.female.back()));
      }
    }
  }
  return c;
}

ZoneTotals disaggregate(const Controls& controls, const gis::Zones& zones,
                        const DisaggregationOptions& opt) {
  const std::size_t nz = zones.size();
  std::map<std::string, std::size_t> control_of;
  for (std::size_t k = 0; k < controls.id.size(); ++k) control_of[controls.id[k]] = k;
  const bool zone_level = std::all_of(zones.id.begin(), zones.id.end(),
                                      [&](const auto& id) { return control_of.count(id) > 0; });
  std::vector<std::size_t> unit(nz);
  for (std::size_t z = 0; z < nz; ++z) {
    const std::string& key = zone_level ? zones.id[z] : zones.parent[z];
    auto it = control_of.find(key);
    if (it == control_of.end()) {
      throw InputError(fmt::format("zone '{}' ({}): no population control for its unit '{}' in {}",
                                   zones.id[z], zones.name[z], key, controls.source));
    }
    unit[z] = it->second;
  }
  std::vector<double> weight(nz, 0.0);
  for (std::size_t z = 0; z < nz; ++z) {
    switch (opt.method) {
      case Disaggregation::Area:
        weight[z] = zones.area_km2[z];
        break;
      case Disaggregation::AreaLevel: {
        auto it = opt.level_weights.find(zones.level[z]);
        weight[z] = zones.area_km2[z] * (it == opt.level_weights.end() ? 1.0 : it->second);
        break;
      }
      case Disaggregation::Field:
        weight[z] = opt.field_weight.at(z);
        break;
      case Disaggregation::Raster:
        weight[z] = raster_weight(*opt.raster, *zones.geometry[z]);
        break;
    }
  }
  ZoneTotals out{std::vector<std::int64_t>(nz, 0), std::vector<std::int64_t>(nz, 0)};
  for (std::size_t k = 0; k < controls.id.size(); ++k) {
    std::vector<std::size_t> members;
    double total_w = 0;
    for (std::size_t z = 0; z < nz; ++z) {
      if (unit[z] == k) {
        members.push_back(z);
        total_w += weight[z];
      }
    }
    if (members.empty()) {
      throw InputError(
          fmt::format("{}: control unit '{}' has no zones", controls.source, controls.id[k]));
    }
    if (!(total_w > 0)) {
      throw InputError(
          fmt::format("{}: the zones of unit '{}' all have zero weight; cannot "
                      "share its population among them",
                      controls.source, controls.id[k]));
    }
    for (int sex = 0; sex < 2; ++sex) {
      const double total = static_cast<double>(sex == 0 ? controls.male[k] : controls.female[k]);
      std::vector<double> share;
      for (auto z : members) share.push_back(total * weight[z] / total_w);
      const auto ints = round_preserving_sum(share);
      for (std::size_t m = 0; m < members.size(); ++m) {
        (sex == 0 ? out.male : out.female)[members[m]] = ints[m];
      }
    }
  }
  return out;
}

}  // namespace ogan::pop
