#include "engine/scenario/world.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/yaml_reader.hpp"
#include "engine/gis/crs.hpp"
#include "engine/scenario/options.hpp"
#include "engine/scenario/timed_policies.hpp"
#include "engine/scenario/validate.hpp"

namespace ogan::scenario {

namespace {

// The value at a dotted path of `root`, or an undefined node; `parent` is the deepest map found on
// the way and `depth` its number of segments.
YAML::Node find(const YAML::Node& root, const std::string& path, YAML::Node& parent,
                std::size_t& depth) {
  YAML::Node cur;
  cur.reset(root);
  parent.reset(root);
  depth = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const auto part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node next = static_cast<const YAML::Node&>(cur)[part];
    if (!next) return YAML::Node(YAML::NodeType::Undefined);
    if (dot == std::string::npos) return next;
    parent.reset(next);
    ++depth;
    cur.reset(next);
    start = dot + 1;
  }
}

std::size_t segments(const std::string& path) {
  return 1 + std::count(path.begin(), path.end(), '.');
}

// Every registered option of the chosen top-level sections (all if empty), in registry order:
// the registry default first, then the scenario's value.
void read_options(WorldConfig& c, const YamlReader& r, const YAML::Node& root,
                  const std::vector<std::string>& sections = {}) {
  for (const auto& o : option_registry()) {
    if (o.path.find('*') != std::string::npos) continue;
    const auto top = o.path.substr(0, o.path.find('.'));
    if (!sections.empty() && std::find(sections.begin(), sections.end(), top) == sections.end())
      continue;
    YAML::Node parent;
    std::size_t depth = 0;
    const YAML::Node v = find(root, o.path, parent, depth);
    if (!v) {
      if (!o.missing.empty() && depth + 1 == segments(o.path)) r.fail(parent, o.path, o.missing);
      if (o.bind && o.default_applies) o.bind(c, r, YAML::Load(o.default_value), o.path);
      continue;
    }
    if (o.bind) o.bind(c, r, v, o.path);
  }
}

}  // namespace

gis::LayerSpec read_layer_spec(const YamlReader& r, const YAML::Node& n, const std::string& key) {
  r.check_keys(n, key, {"path", "layer", "fields", "assume_crs"});
  gis::LayerSpec s;
  if (!n["path"]) r.fail(n, key + ".path", "missing");
  s.path = r.path(n["path"], key + ".path");
  if (n["layer"]) s.layer = r.get<std::string>(n["layer"], key + ".layer", "a layer name");
  if (n["fields"]) s.fields = r.string_map(n["fields"], key + ".fields");
  if (n["assume_crs"])
    s.assume_crs = r.get<std::string>(n["assume_crs"], key + ".assume_crs", "a CRS");
  return s;
}

WorldConfig registry_defaults() {
  WorldConfig c;
  const YamlReader r("(defaults)");
  for (const auto& o : option_registry()) {
    if (o.bind && o.default_applies) o.bind(c, r, YAML::Load(o.default_value), o.path);
  }
  return c;
}

net::NetworkConfig load_network_config(const std::string& yaml_path) {
  const auto doc = load_scenario(yaml_path);
  require_valid(doc, {"crs", "network"});
  WorldConfig c;
  read_options(c, doc.reader(), doc.root, {"crs", "network"});
  return c.network;
}

WorldConfig load_world_config(const std::string& yaml_path, const std::vector<std::string>& sets) {
  WorldConfig c;
  const auto doc = load_scenario(yaml_path, sets);
  require_valid(doc);
  c.doc = ScenarioRecord(doc);
  c.file = yaml_path;
  const YamlReader r = doc.reader();
  read_options(c, r, doc.root);
  // Rules across keys.
  // The scenario's population.overrides over the assumptions file: their errors now, not after
  // the network is built.
  if (!c.assumption_overrides.empty()) pop::load_assumptions(c.assumptions, c.assumption_overrides);
  if (const auto d = doc.root["population"]["disaggregation"]) {
    if (c.disaggregation.method == pop::Disaggregation::Field && c.disaggregation_field.empty()) {
      r.fail(d, "population.disaggregation.field",
             "missing: method 'field' needs the weight field");
    }
    if (c.disaggregation.method == pop::Disaggregation::Raster && c.density_raster.empty()) {
      r.fail(d, "population.disaggregation.raster", "missing: method 'raster' needs a GeoTIFF");
    }
  }
  // The lines file's errors now, not after the network is built.
  if (!c.transit_lines.empty()) {
    c.transit = read_transit_lines(c.transit_lines);
    c.policies.apply_to_transit(*c.transit);
  }
  // Policies act on the parameters last, in list order.
  c.policies.apply_to_plan_options(c.plans);
  for (auto& [name, o] : c.policies.service_overrides()) c.services.by_name[name] = o;
  return c;
}

// Population growth: a plain factor, and/or to a target year at each kecamatan's own growth rate
// between the 2015 census and 2025 (the regency's rate where 2015 is unknown). Totals stay
// integers.
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
  spdlog::info(
      "population grown: factor {:.3f}{}", plain * cfg.policies.plain_factor(),
      cfg.policies.target_year() ? fmt::format(", to {}", *cfg.policies.target_year()) : "");
}

World load_world(const WorldConfig& cfg) {
  World w;
  w.crs = gis::parse_crs(cfg.network.crs, "crs");
  if (!gis::is_metric(w.crs)) {
    throw InputError(
        fmt::format("{}: crs '{}' is not a projected CRS in metres", cfg.file, cfg.network.crs));
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
  // Transit waypoints name places, which stay where they are when a policy closes them.
  const auto places = w.facility_list;
  cfg.policies.apply_to_facilities(w.facility_list);
  w.zone_links = pop::zone_links(w.zones, w.network);
  w.facilities = pop::locate_facilities(w.facility_list, w.zones, w.network);
  w.urban.assign(w.zones.size(), 0);
  for (std::size_t z = 0; z < w.zones.size(); ++z) {
    const bool by_level = std::find(cfg.urban_levels.begin(), cfg.urban_levels.end(),
                                    w.zones.level[z]) != cfg.urban_levels.end();
    const bool by_parent = std::find(cfg.urban_parents.begin(), cfg.urban_parents.end(),
                                     w.zones.parent[z]) != cfg.urban_parents.end();
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
  w.service_params = facility_params(cfg.services, w.facility_list);
  if (cfg.transit) {
    std::vector<net::LinkId> closed;
    for (const auto& c : w.closures) closed.push_back(c.link);
    auto tn = build_transit(*cfg.transit, w.network, w.crs, places, w.zones, closed);
    spdlog::info(
        "transit: {} lines, {} stops, {} vehicles, {} runs ({} departures without a vehicle)",
        tn.lines.size(), tn.stops.size(), tn.vehicles, tn.runs.size(), tn.skipped_departures);
    w.transit = std::make_shared<const traffic::TransitNetwork>(std::move(tn));
  }
  w.events = timed_policy_events(cfg.policies, w);
  if (!w.events.empty()) spdlog::info("{} events of timed policies", w.events.size());
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
