#include "engine/scenario/world.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/yaml_reader.hpp"
#include "engine/gis/crs.hpp"
#include "engine/scenario/validate.hpp"

namespace ogan::scenario {

namespace {

gis::LayerSpec layer_spec(const YamlReader& r, const YAML::Node& n, const std::string& key) {
  r.check_keys(n, key, {"path", "layer", "fields", "assume_crs"});
  gis::LayerSpec s;
  if (!n["path"]) r.fail(n, key + ".path", "missing");
  s.path = r.path(n["path"], key + ".path");
  if (n["layer"]) s.layer = r.get<std::string>(n["layer"], key + ".layer", "a layer name");
  if (n["fields"]) s.fields = r.string_map(n["fields"], key + ".fields");
  if (n["assume_crs"]) s.assume_crs = r.get<std::string>(n["assume_crs"], key + ".assume_crs", "a CRS");
  return s;
}

std::vector<std::string> string_list(const YamlReader& r, const YAML::Node& n, const std::string& key) {
  if (!n.IsSequence()) r.fail(n, key, "expected a list");
  std::vector<std::string> out;
  for (const auto& x : n) out.push_back(r.get<std::string>(x, key, "a string"));
  return out;
}

}  // namespace

WorldConfig load_world_config(const std::string& yaml_path, const std::vector<std::string>& sets) {
  WorldConfig c;
  c.doc = load_scenario(yaml_path, sets);
  require_valid(c.doc);
  const YamlReader r = c.doc.reader();
  const YAML::Node root = c.doc.root;
  c.file = yaml_path;
  c.network = net::parse_network_config(r, root);
  const YAML::Node world = root["world"];
  if (!world) r.fail(root, "world", "missing: the scenario has no world section");
  r.check_keys(world, "world", {"zones", "controls", "facilities", "urban", "context"});
  for (const char* k : {"zones", "controls", "facilities"}) {
    if (!world[k]) r.fail(world, std::string("world.") + k, "missing");
  }
  c.zones = layer_spec(r, world["zones"], "world.zones");
  c.controls = layer_spec(r, world["controls"], "world.controls");
  c.facilities = layer_spec(r, world["facilities"], "world.facilities");
  if (const auto ctx = world["context"]) {
    r.check_keys(ctx, "world.context", {"kecamatan", "river"});
    if (ctx["kecamatan"]) c.kecamatan = layer_spec(r, ctx["kecamatan"], "world.context.kecamatan");
    if (ctx["river"]) c.river = layer_spec(r, ctx["river"], "world.context.river");
  }
  if (const auto u = world["urban"]) {
    r.check_keys(u, "world.urban", {"levels", "parents"});
    if (u["levels"]) c.urban_levels = string_list(r, u["levels"], "world.urban.levels");
    if (u["parents"]) c.urban_parents = string_list(r, u["parents"], "world.urban.parents");
  }
  const YAML::Node pop = root["population"];
  if (!pop) r.fail(root, "population", "missing: the scenario has no population section");
  r.check_keys(pop, "population", {"assumptions", "disaggregation"});
  if (!pop["assumptions"]) r.fail(pop, "population.assumptions", "missing");
  c.assumptions = r.path(pop["assumptions"], "population.assumptions");
  if (const auto d = pop["disaggregation"]) {
    r.check_keys(d, "population.disaggregation", {"method", "level_weights", "field", "raster"});
    if (d["method"]) {
      const auto m = r.get<std::string>(d["method"], "population.disaggregation.method", "a method");
      if (m == "area") c.disaggregation.method = pop::Disaggregation::Area;
      else if (m == "area_level") c.disaggregation.method = pop::Disaggregation::AreaLevel;
      else if (m == "field") c.disaggregation.method = pop::Disaggregation::Field;
      else if (m == "raster") c.disaggregation.method = pop::Disaggregation::Raster;
      else r.fail(d["method"], "population.disaggregation.method",
                  fmt::format("expected area, area_level, field or raster, got '{}'", m));
    }
    if (d["level_weights"]) {
      c.disaggregation.level_weights.clear();
      for (const auto& kv : d["level_weights"]) {
        const auto k = kv.first.as<std::string>();
        c.disaggregation.level_weights[k] = r.positive(kv.second, "population.disaggregation.level_weights." + k);
      }
    }
    if (d["field"]) c.disaggregation_field = r.get<std::string>(d["field"], "population.disaggregation.field", "a field name");
    if (d["raster"]) c.density_raster = r.path(d["raster"], "population.disaggregation.raster");
    if (c.disaggregation.method == pop::Disaggregation::Field && c.disaggregation_field.empty()) {
      r.fail(d, "population.disaggregation.field", "missing: method 'field' needs the weight field");
    }
    if (c.disaggregation.method == pop::Disaggregation::Raster && c.density_raster.empty()) {
      r.fail(d, "population.disaggregation.raster", "missing: method 'raster' needs a GeoTIFF");
    }
  }
  if (const YAML::Node dm = root["demand"]) {
    r.check_keys(dm, "demand", {"seed", "sample_rate", "civil_registry_online", "school_zonasi",
                                "work_from_home", "school_start_shift_min", "population_factor"});
    if (dm["seed"]) c.plans.seed = r.get<std::uint64_t>(dm["seed"], "demand.seed", "a whole number");
    if (dm["sample_rate"]) c.plans.sample_rate = r.in_range(dm["sample_rate"], "demand.sample_rate", 1e-6, 1.0);
    if (dm["civil_registry_online"]) c.plans.civil_registry_online = r.in_range(dm["civil_registry_online"], "demand.civil_registry_online", 0, 1);
    if (dm["school_zonasi"]) c.plans.school_zonasi = r.get<bool>(dm["school_zonasi"], "demand.school_zonasi", "true or false");
    if (dm["work_from_home"]) c.plans.work_from_home = r.in_range(dm["work_from_home"], "demand.work_from_home", 0, 1);
    if (dm["school_start_shift_min"]) c.plans.school_start_shift_s = 60 * r.in_range(dm["school_start_shift_min"], "demand.school_start_shift_min", -120, 240);
  }
  c.services = parse_services(r, root["services"], c.plans);
  if (root["demand"] && root["demand"]["population_factor"]) {
    c.population_factor = root["demand"]["population_factor"].as<double>();
  }
  c.policies = Policies(root["policies"], r, gis::parse_crs(c.network.crs, "crs"));
  c.policies.apply_to_plan_options(c.plans);
  for (const auto& [name, node] : c.policies.service_overrides()) c.services.by_name[name] = node;
  if (const YAML::Node tr = root["traffic"]) {
    auto& a = c.assignment;
    r.check_keys(tr, "traffic", {"iterations", "replan_share", "gap_tolerance", "time_step_s",
                                 "interval_min", "stuck_time_s", "seepage", "end_hour", "landmarks"});
    if (tr["iterations"]) a.iterations = static_cast<int>(r.in_range(tr["iterations"], "traffic.iterations", 1, 100));
    if (tr["replan_share"]) a.replan_share = r.in_range(tr["replan_share"], "traffic.replan_share", 0, 1);
    if (tr["gap_tolerance"]) a.gap_tolerance = r.in_range(tr["gap_tolerance"], "traffic.gap_tolerance", 0, 1);
    if (tr["time_step_s"]) a.traffic.dt_s = r.in_range(tr["time_step_s"], "traffic.time_step_s", 0.1, 60);
    if (tr["interval_min"]) {
      const double m = r.in_range(tr["interval_min"], "traffic.interval_min", 1, 1440);
      if (std::fmod(1440.0, m) != 0) r.fail(tr["interval_min"], "traffic.interval_min", "must divide the day (1440 min) evenly");
      a.traffic.interval_s = m * 60;
      a.traffic.intervals = static_cast<int>(1440 / m);
    }
    if (tr["stuck_time_s"]) a.traffic.stuck_time_s = r.positive(tr["stuck_time_s"], "traffic.stuck_time_s");
    if (tr["seepage"]) a.traffic.seepage = r.get<bool>(tr["seepage"], "traffic.seepage", "true or false");
    if (tr["end_hour"]) a.traffic.end_s = 3600 * r.in_range(tr["end_hour"], "traffic.end_hour", 1, 48);
    if (tr["landmarks"]) a.landmarks = static_cast<int>(r.in_range(tr["landmarks"], "traffic.landmarks", 1, 64));
  }
  return c;
}

// Population growth: a plain factor, and/or to a target year at each kecamatan's own growth rate
// between the 2015 census and 2025 (the regency's rate where 2015 is unknown). Totals stay integers.
void grow_population(pop::Controls& c, const WorldConfig& cfg) {
  const double plain = cfg.population_factor;
  if (plain == 1.0 && !cfg.policies.target_year() && cfg.policies.plain_factor() == 1.0) return;
  double p15 = 0, p25 = 0;
  for (std::size_t k = 0; k < c.id.size(); ++k) {
    if (c.census_2015[k]) {
      p15 += *c.census_2015[k];
      p25 += static_cast<double>(c.male[k] + c.female[k]);
    }
  }
  const double regency = p15 > 0 ? std::pow(p25 / p15, 0.1) - 1 : 0.0;
  for (std::size_t k = 0; k < c.id.size(); ++k) {
    const double now = static_cast<double>(c.male[k] + c.female[k]);
    const double f = plain * cfg.policies.population_factor(c.census_2015[k], now, regency);
    c.male[k] = std::llround(static_cast<double>(c.male[k]) * f);
    c.female[k] = std::llround(static_cast<double>(c.female[k]) * f);
  }
  spdlog::info("population grown: factor {:.3f}{}", plain * cfg.policies.plain_factor(),
               cfg.policies.target_year() ? fmt::format(", to {}", *cfg.policies.target_year()) : "");
}

World load_world(const WorldConfig& cfg) {
  World w;
  w.crs = gis::parse_crs(cfg.network.crs, "crs");
  if (!gis::is_metric(w.crs)) {
    throw InputError(fmt::format("{}: crs '{}' is not a projected CRS in metres", cfg.file, cfg.network.crs));
  }
  spdlog::info("loading roads: {}", cfg.network.roads.layer.path);
  auto roads = net::read_roads(cfg.network.roads, w.crs);
  cfg.policies.apply_to_roads(roads, w.crs);
  net::BuildReport rep;
  w.network = net::build_network(roads, cfg.network.build, &rep);
  char* wkt = nullptr;
  w.crs.exportToWkt(&wkt);
  w.network.crs_wkt = wkt;
  CPLFree(wkt);
  spdlog::info("network: {} nodes, {} links ({} links not strongly connected dropped)",
               w.network.num_nodes(), w.network.num_links(), rep.dropped_links);
  w.closures = cfg.policies.apply_to_network(w.network);
  w.zones = gis::read_zones(cfg.zones, w.crs);
  w.controls = pop::read_controls(cfg.controls);
  grow_population(w.controls, cfg);
  w.facility_list = gis::read_facilities(cfg.facilities, w.crs);
  cfg.policies.apply_to_facilities(w.facility_list);
  w.zone_links = pop::zone_links(w.zones, w.network);
  w.facilities = pop::locate_facilities(w.facility_list, w.zones, w.network);
  w.urban.assign(w.zones.size(), 0);
  for (std::size_t z = 0; z < w.zones.size(); ++z) {
    const bool by_level = std::find(cfg.urban_levels.begin(), cfg.urban_levels.end(), w.zones.level[z]) != cfg.urban_levels.end();
    const bool by_parent = std::find(cfg.urban_parents.begin(), cfg.urban_parents.end(), w.zones.parent[z]) != cfg.urban_parents.end();
    w.urban[z] = by_level || by_parent;
  }
  if (!cfg.density_raster.empty()) {
    w.density = std::make_unique<gis::Raster>(gis::read_raster(cfg.density_raster, w.crs));
  }
  if (cfg.kecamatan) w.kecamatan = gis::read_zones(*cfg.kecamatan, w.crs);
  if (cfg.river) {
    gis::LayerSpec spec = *cfg.river;
    if (!spec.fields.count("name")) {
      spec.fields["name"] = "name";
      spec.defaulted.insert("name");
    }
    w.river = gis::read_layer(spec, w.crs, {.family = gis::GeometryFamily::Line});
  }
  w.service_params = facility_params(cfg.doc.reader(), cfg.services, w.facility_list);
  spdlog::info("world: {} zones, {} control units, {} facilities", w.zones.size(),
               w.controls.id.size(), w.facility_list.size());
  return w;
}

std::vector<std::uint8_t> closed_in_working_day(const World& w) {
  std::vector<std::uint8_t> closed(w.network.num_links(), 0);
  for (const auto& c : w.closures)
    if (c.from_s < 16 * 3600.0 && c.to_s > 7 * 3600.0) closed[static_cast<std::size_t>(c.link)] = 1;
  return closed;
}

}  // namespace ogan::scenario
