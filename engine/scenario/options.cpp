#include "engine/scenario/options.hpp"

#include <fmt/format.h>

namespace ogan::scenario {

std::string type_name(OptionType t) {
  switch (t) {
    case OptionType::String: return "string";
    case OptionType::Number: return "number";
    case OptionType::Integer: return "integer";
    case OptionType::Bool: return "true/false";
    case OptionType::Path: return "file path";
    case OptionType::Time: return "time HH:MM";
    case OptionType::Choice: return "one of";
    case OptionType::Crs: return "CRS";
    case OptionType::Map: return "mapping";
    case OptionType::List: return "list";
  }
  return "?";
}

const std::vector<OptionSpec>& option_registry() {
  using T = OptionType;
  static const std::vector<OptionSpec> kOptions = {
      {"name", T::String, "", "file name", "scenario name, recorded in the results"},
      {"description", T::String, "", "", "what question the scenario answers"},
      {"extends", T::Path, "", "", "a scenario this one inherits from (chains allowed, cycles rejected); its values are overridden by this file's"},
      {"crs", T::Crs, "", "EPSG:32748", "metric CRS of the run"},
      {"network", T::Map, "", "", "the road network"},
      {"network.roads", T::Map, "", "", "the road layer"},
      {"network.roads.path", T::Path, "", "", "GDAL dataset with the roads"},
      {"network.roads.layer", T::String, "", "roads, lines or the only layer", "layer name"},
      {"network.roads.fields", T::Map, "", "OSM tags", "field mapping: logical name -> field"},
      {"network.roads.fields.*", T::String, "", "", "class, name, oneway, lanes, speed_kmh, bridge, junction, lane_width_m, side_friction, divided, environment"},
      {"network.roads.class_map", T::Map, "", "", "a user's road class -> OSM highway class"},
      {"network.roads.class_map.*", T::String, "", "", "OSM highway class"},
      {"network.roads.include_non_motor", T::Bool, "", "false", "keep footways, paths and steps"},
      {"network.roads.assume_crs", T::Crs, "", "", "CRS of a layer that has none"},
      {"network.snap_tolerance_m", T::Number, "m", "0.5", "vertices closer than this become one node", 1e-6, 100},
      {"network.split_at_crossings", T::Bool, "", "true", "add nodes where non-bridge roads cross without a shared vertex"},
      {"network.keep_largest_component", T::Bool, "", "true", "drop what is not strongly connected to the main network"},
      {"network.pcu_length_m", T::Number, "m", "7.5", "queue length of one pcu (storage capacity)", 2, 30},
      {"network.pkji", T::Map, "", "", "PKJI 2014 capacity settings"},
      {"network.pkji.environment", T::Choice, "", "urban", "road environment of roads that do not say", 0, 0, {"urban", "interurban"}},
      {"network.pkji.city_population", T::Number, "persons", "143006", "city size for the PKJI city-size factor", 1, 1e8},
      {"network.pkji.shoulder_m", T::Number, "m", "0.5", "effective shoulder width", 0, 5},
      {"world", T::Map, "", "", "zones, controls and facilities"},
      {"world.zones", T::Map, "", "", "desa/kelurahan polygons"},
      {"world.controls", T::Map, "", "", "population controls by sex (kecamatan or zones)"},
      {"world.facilities", T::Map, "", "", "facility points or polygons"},
      {"world.context", T::Map, "", "", "map context copied into the results for the visualizer"},
      {"world.context.kecamatan", T::Map, "", "", "kecamatan polygons (fields id, name; defaults code, name)"},
      {"world.context.river", T::Map, "", "", "river lines (field name)"},
      {"world.context.*.path", T::Path, "", "", "GDAL dataset"},
      {"world.context.*.layer", T::String, "", "", "layer name"},
      {"world.context.*.fields", T::Map, "", "", "field mapping: logical name -> field"},
      {"world.context.*.fields.*", T::String, "", "", "kecamatan: id, name; river: name"},
      {"world.context.*.assume_crs", T::Crs, "", "", "CRS of a layer that has none"},
      {"world.*.path", T::Path, "", "", "GDAL dataset"},
      {"world.*.layer", T::String, "", "", "layer name"},
      {"world.*.fields", T::Map, "", "", "field mapping: logical name -> field"},
      {"world.*.fields.*", T::String, "", "", "zones: id, name, parent, level, population; controls: id, male, female, total; facilities: name, type, subtype, capacity"},
      {"world.*.assume_crs", T::Crs, "", "", "CRS of a layer that has none"},
      {"world.urban", T::Map, "", "", "which zones count as urban"},
      {"world.urban.levels", T::List, "", "[kelurahan]", "zone levels counted as urban"},
      {"world.urban.parents", T::List, "", "[]", "control units whose zones count as urban"},
      {"population", T::Map, "", "", "population synthesis"},
      {"population.assumptions", T::Path, "", "", "distributions with sources (data/facts/population_assumptions.yaml)"},
      {"population.disaggregation", T::Map, "", "", "how control totals are shared among zones"},
      {"population.disaggregation.method", T::Choice, "", "area_level", "weight of a zone", 0, 0, {"area", "area_level", "field", "raster"}},
      {"population.disaggregation.level_weights", T::Map, "", "{kelurahan: 8, desa: 1}", "area multipliers by zone level"},
      {"population.disaggregation.level_weights.*", T::Number, "", "", "multiplier", 1e-9, 1e9},
      {"population.disaggregation.field", T::String, "", "", "zones field with the weight (method field)"},
      {"population.disaggregation.raster", T::Path, "", "", "population density GeoTIFF (method raster)"},
      {"demand", T::Map, "", "", "daily plans"},
      {"demand.seed", T::Integer, "", "1", "random seed", 0, 1.8e19},
      {"demand.sample_rate", T::Number, "1", "1", "share of households simulated", 1e-6, 1},
      {"demand.civil_registry_online", T::Number, "1", "0", "share of civil-registry services done online", 0, 1},
      {"demand.school_zonasi", T::Bool, "", "true", "assign schools by distance priority"},
      {"demand.work_from_home", T::Number, "1", "0", "share of government and services workers at home", 0, 1},
      {"demand.school_start_shift_min", T::Number, "min", "0", "added to SMP and SMA start times (07:00)", -120, 240},
      {"demand.population_factor", T::Number, "1", "1", "controls multiplied by this (population growth)", 0.1, 10},
      {"traffic", T::Map, "", "", "routing and traffic simulation"},
      {"traffic.iterations", T::Integer, "", "3", "routing + simulation iterations", 1, 100},
      {"traffic.replan_share", T::Number, "1", "0.2", "share of trips taking their new best route after an iteration", 0, 1},
      {"traffic.gap_tolerance", T::Number, "1", "0", "stop when the relative gap falls below (0: never)", 0, 1},
      {"traffic.time_step_s", T::Number, "s", "1", "simulation time step", 0.1, 60},
      {"traffic.interval_min", T::Number, "min", "15", "statistics interval (divides 1440)", 1, 1440},
      {"traffic.stuck_time_s", T::Number, "s", "300", "a vehicle blocked this long moves on regardless (counted)", 1e-3, 86400},
      {"traffic.seepage", T::Bool, "", "true", "motorcycles pass vehicles still traversing a link"},
      {"traffic.end_hour", T::Number, "h", "30", "end of the simulated period", 1, 48},
      {"traffic.landmarks", T::Integer, "", "16", "ALT landmarks", 1, 64},
      {"services", T::Map, "", "", "public-service facilities"},
      {"services.choice", T::Map, "", "", "facility choice per service"},
      {"services.choice.puskesmas", T::Choice, "", "catchment", "", 0, 0, {"nearest", "catchment", "logit"}},
      {"services.choice.hospital", T::Choice, "", "logit", "", 0, 0, {"nearest", "catchment", "logit"}},
      {"services.choice.civil_registry", T::Choice, "", "nearest", "", 0, 0, {"nearest", "catchment", "logit"}},
      {"services.online_capacity_per_day", T::Number, "services/day", "0", "online civil-registry capacity, 0 = unlimited", 0, 1e9},
      {"services.types", T::Map, "", "", "parameters by facility type (puskesmas, hospital, civil_registry, public_service_mall, samsat)"},
      {"services.facilities", T::Map, "", "", "parameters by facility name"},
      {"services.*.*", T::Map, "", "", "facility parameters"},
      {"services.*.*.servers", T::Integer, "", "by type", "servers (counters, doctors, desks)", 1, 1000},
      {"services.*.*.open", T::Time, "", "by type", "opening time"},
      {"services.*.*.close", T::Time, "", "by type", "no service starts at or after this"},
      {"services.*.*.break", T::String, "", "none", "HH:MM-HH:MM without service starts"},
      {"services.*.*.service_min", T::Number, "min", "by type", "mean service time", 0.1, 600},
      {"services.*.*.service_cv", T::Number, "1", "by type", "coefficient of variation (1: exponential)", 0.05, 3},
      {"services.*.*.quota", T::Integer, "tickets/day", "by type", "daily queue tickets, 0 = unlimited", 0, 1e6},
      {"services.*.*.balk_queue", T::Integer, "visitors", "0", "leave on arrival if this many wait, 0 = never", 0, 1e6},
      {"policies", T::List, "", "[]", "interventions, applied in order (see docs/policies.md)"},
  };
  return kOptions;
}

std::string options_markdown() {
  std::string out =
      "# Scenario format\n\n"
      "Generated from the option registry (`engine/scenario/options.cpp`) by\n"
      "`ogan scenario options --markdown`; a test checks that this file is up to date.\n\n"
      "A scenario is a YAML file. `extends:` inherits another scenario (paths relative to the file\n"
      "that names them); `ogan run S --set key.path=value` overrides any value. `*` stands for any\n"
      "key (a field or facility name). Policies are documented in `docs/policies.md`.\n\n"
      "| key | type | unit | default | description |\n|---|---|---|---|---|\n";
  for (const auto& o : option_registry()) {
    std::string type = type_name(o.type);
    if (!o.choices.empty()) {
      type += ":";
      for (std::size_t i = 0; i < o.choices.size(); ++i) type += (i ? ", " : " ") + o.choices[i];
    }
    std::string range;
    if (o.min > -1e299 && (o.type == OptionType::Number || o.type == OptionType::Integer)) {
      range = fmt::format(" (range {:g} to {:g})", o.min, o.max);
    }
    out += fmt::format("| `{}` | {} | {} | {} | {}{} |\n", o.path, type, o.unit, o.default_value, o.description, range);
  }
  return out;
}

}  // namespace ogan::scenario
