#include "engine/scenario/options.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/scenario/world.hpp"

namespace ogan::scenario {

std::string type_name(OptionType t) {
  switch (t) {
    case OptionType::String:
      return "string";
    case OptionType::Number:
      return "number";
    case OptionType::Integer:
      return "integer";
    case OptionType::Bool:
      return "true/false";
    case OptionType::Path:
      return "file path";
    case OptionType::Time:
      return "time HH:MM";
    case OptionType::Choice:
      return "one of";
    case OptionType::Crs:
      return "CRS";
    case OptionType::Map:
      return "mapping";
    case OptionType::List:
      return "list";
  }
  return "?";
}

std::string out_of_range(const OptionSpec& s, double x) {
  if (x >= s.min && x <= s.max) return "";
  return fmt::format("{} is out of range [{:g}, {:g}]{}", x, s.min, s.max,
                     s.unit.empty() || s.unit == "1" ? "" : " " + s.unit);
}

namespace {

using T = OptionType;

// Builds a registry entry: the documentation first, then its range, choices and binding.
struct Opt {
  OptionSpec s;
  Opt(std::string path, T type, std::string unit, std::string def, std::string description)
      : s{std::move(path), type, std::move(unit), std::move(def), std::move(description)} {}
  Opt& range(double lo, double hi) {
    s.min = lo;
    s.max = hi;
    return *this;
  }
  Opt& choices(std::vector<std::string> c) {
    s.choices = std::move(c);
    return *this;
  }
  // The value is read into the config; the documented default is read the same way first.
  Opt& to(OptionBinding b) {
    s.bind = std::move(b);
    s.default_applies = true;
    return *this;
  }
  // The value is read into the config; the documented default is a description only.
  Opt& to_if_set(OptionBinding b) {
    s.bind = std::move(b);
    return *this;
  }
  Opt& required(std::string message) {
    s.missing = std::move(message);
    return *this;
  }
  Opt& checked_elsewhere() {
    s.checked_elsewhere = true;
    return *this;
  }
};

// Bindings that store the value in the field `field(c)` returns, times `scale`.
template <typename F>
OptionBinding number(F field, double scale = 1) {
  return [field, scale](WorldConfig& c, const YamlReader& r, const YAML::Node& v,
                        const std::string& k) {
    auto& out = field(c);
    out = static_cast<std::remove_reference_t<decltype(out)>>(scale * r.number(v, k));
  };
}
template <typename F>
OptionBinding flag(F field) {
  return [field](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
    field(c) = r.get<bool>(v, k, "true or false");
  };
}
template <typename F>
OptionBinding text(F field) {
  return [field](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
    field(c) = r.get<std::string>(v, k, "a text value");
  };
}
template <typename F>
OptionBinding file(F field) {
  return [field](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
    field(c) = r.path(v, k);
  };
}
template <typename F>
OptionBinding text_map(F field) {
  return [field](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
    field(c) = r.string_map(v, k);
  };
}
template <typename F>
OptionBinding text_list(F field) {
  return [field](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
    if (!v.IsSequence()) r.fail(v, k, "expected a list");
    auto& out = field(c);
    out.clear();
    for (const auto& x : v) out.push_back(r.get<std::string>(x, k, "a string"));
  };
}
// A choice among the spec's names, stored as the enum value at the same position.
template <typename E, typename F>
OptionBinding one_of(F field, std::vector<E> values, std::vector<std::string> names) {
  return [field, values, names](WorldConfig& c, const YamlReader& r, const YAML::Node& v,
                                const std::string& k) {
    const auto s = r.get<std::string>(v, k, "a text value");
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == s) {
        field(c) = values[i];
        return;
      }
    }
    std::string all;
    for (std::size_t i = 0; i < names.size(); ++i)
      all += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    r.fail(v, k, fmt::format("expected {}, got '{}'", all, s));
  };
}

OptionBinding layer(gis::LayerSpec WorldConfig::*member) {
  return [member](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
    c.*member = read_layer_spec(r, v, k);
  };
}
OptionBinding context_layer(std::optional<gis::LayerSpec> WorldConfig::*member) {
  return [member](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
    c.*member = read_layer_spec(r, v, k);
  };
}

std::vector<OptionSpec> build_registry() {
  // Locals, not globals: policy files may read the registry during static initialisation.
  const std::vector<std::string> kChoiceNames = {"nearest", "catchment", "logit"};
  const std::vector<pop::FacilityChoice> kChoices = {
      pop::FacilityChoice::Nearest, pop::FacilityChoice::Catchment, pop::FacilityChoice::Logit};
  std::vector<OptionSpec> o;
  auto add = [&](Opt x) { o.push_back(std::move(x.s)); };
  add(Opt("name", T::String, "", "file name", "scenario name, recorded in the results"));
  add(Opt("description", T::String, "", "", "what question the scenario answers"));
  add(Opt("extends", T::Path, "", "",
          "a scenario this one inherits from (chains allowed, cycles rejected); its values are "
          "overridden by this file's"));
  add(Opt("crs", T::Crs, "", "EPSG:32748", "metric CRS of the run").to(text([
  ](WorldConfig & c) -> auto& { return c.network.crs; })));
  add(Opt("network", T::Map, "", "", "the road network")
          .required("missing: the file has no network section"));
  add(Opt("network.roads", T::Map, "", "", "the road layer")
          .required("missing: say which road layer to build from"));
  add(Opt("network.roads.path", T::Path, "", "", "GDAL dataset with the roads")
          .required("missing")
          .to_if_set(file([](WorldConfig & c) -> auto& { return c.network.roads.layer.path; })));
  add(Opt("network.roads.layer", T::String, "", "roads, lines or the only layer", "layer name")
          .to_if_set(text([](WorldConfig & c) -> auto& { return c.network.roads.layer.layer; })));
  add(Opt("network.roads.fields", T::Map, "", "OSM tags", "field mapping: logical name -> field")
          .to_if_set(
              [](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
                r.check_keys(v, k, option_spec("network.roads.fields.*").choices);
                c.network.roads.layer.fields = r.string_map(v, k);
              }));
  add(Opt("network.roads.fields.*", T::String, "", "",
          "class, name, oneway, lanes, speed_kmh, bridge, junction, lane_width_m, side_friction, "
          "divided, environment")
          .choices({"class", "name", "oneway", "lanes", "speed_kmh", "bridge", "junction",
                    "lane_width_m", "side_friction", "divided", "environment"}));
  add(Opt("network.roads.class_map", T::Map, "", "", "a user's road class -> OSM highway class")
          .to_if_set(text_map([](WorldConfig & c) -> auto& { return c.network.roads.class_map; })));
  add(Opt("network.roads.class_map.*", T::String, "", "", "OSM highway class"));
  add(Opt("network.roads.include_non_motor", T::Bool, "", "false", "keep footways, paths and steps")
          .to(flag([](WorldConfig & c) -> auto& { return c.network.roads.include_non_motor; })));
  add(Opt("network.roads.assume_crs", T::Crs, "", "", "CRS of a layer that has none")
          .to_if_set(
              text([](WorldConfig & c) -> auto& { return c.network.roads.layer.assume_crs; })));
  add(Opt("network.snap_tolerance_m", T::Number, "m", "0.5",
          "vertices closer than this become one node")
          .range(1e-6, 100)
          .to(number([](WorldConfig & c) -> auto& { return c.network.build.snap_tolerance_m; })));
  add(Opt("network.split_at_crossings", T::Bool, "", "true",
          "add nodes where non-bridge roads cross without a shared vertex")
          .to(flag([](WorldConfig & c) -> auto& { return c.network.build.split_at_crossings; })));
  add(Opt("network.join_junctions_m", T::Number, "m", "0",
          "nodes joined by a road piece shorter than this become one junction (0: off)")
          .range(0, 50)
          .to(number([](WorldConfig & c) -> auto& { return c.network.build.join_junctions_m; })));
  add(Opt("network.keep_largest_component", T::Bool, "", "true",
          "drop what is not strongly connected to the main network")
          .to(flag(
              [](WorldConfig & c) -> auto& { return c.network.build.keep_largest_component; })));
  add(Opt("network.pcu_length_m", T::Number, "m", "7.5",
          "queue length of one pcu (storage capacity)")
          .range(2, 30)
          .to(number([](WorldConfig & c) -> auto& { return c.network.build.pcu_length_m; })));
  add(Opt("network.pkji", T::Map, "", "", "PKJI 2014 capacity settings"));
  add(Opt("network.pkji.environment", T::Choice, "", "urban",
          "road environment of roads that do not say")
          .choices({"urban", "interurban"})
          .to(one_of<net::PkjiEnvironment>(
              [](WorldConfig & c) -> auto& { return c.network.build.environment; },
              {net::PkjiEnvironment::Urban, net::PkjiEnvironment::Interurban},
              {"urban", "interurban"})));
  add(Opt("network.pkji.city_population", T::Number, "persons", "143006",
          "city size for the PKJI city-size factor")
          .range(1, 1e8)
          .to(number([](WorldConfig & c) -> auto& { return c.network.build.city_population; })));
  add(Opt("network.pkji.shoulder_m", T::Number, "m", "0.5", "effective shoulder width")
          .range(0, 5)
          .to(number([](WorldConfig & c) -> auto& { return c.network.build.shoulder_m; })));
  add(Opt("world", T::Map, "", "", "zones, controls and facilities")
          .required("missing: the scenario has no world section"));
  add(Opt("world.zones", T::Map, "", "", "desa/kelurahan polygons")
          .required("missing")
          .to_if_set(layer(&WorldConfig::zones)));
  add(Opt("world.controls", T::Map, "", "", "population controls by sex (kecamatan or zones)")
          .required("missing")
          .to_if_set(layer(&WorldConfig::controls)));
  add(Opt("world.facilities", T::Map, "", "", "facility points or polygons")
          .required("missing")
          .to_if_set(layer(&WorldConfig::facilities)));
  add(Opt("world.context", T::Map, "", "",
          "map context copied into the results for the visualizer"));
  add(Opt("world.context.kecamatan", T::Map, "", "",
          "kecamatan polygons (fields id, name; defaults code, name)")
          .to_if_set(context_layer(&WorldConfig::kecamatan)));
  add(Opt("world.context.river", T::Map, "", "", "river lines (field name)")
          .to_if_set(context_layer(&WorldConfig::river)));
  add(Opt("world.context.*.path", T::Path, "", "", "GDAL dataset"));
  add(Opt("world.context.*.layer", T::String, "", "", "layer name"));
  add(Opt("world.context.*.fields", T::Map, "", "", "field mapping: logical name -> field"));
  add(Opt("world.context.*.fields.*", T::String, "", "", "kecamatan: id, name; river: name"));
  add(Opt("world.context.*.assume_crs", T::Crs, "", "", "CRS of a layer that has none"));
  add(Opt("world.*.path", T::Path, "", "", "GDAL dataset"));
  add(Opt("world.*.layer", T::String, "", "", "layer name"));
  add(Opt("world.*.fields", T::Map, "", "", "field mapping: logical name -> field"));
  add(Opt("world.*.fields.*", T::String, "", "",
          "zones: id, name, parent, level, population; controls: id, male, female, total; "
          "facilities: name, type, subtype, capacity"));
  add(Opt("world.*.assume_crs", T::Crs, "", "", "CRS of a layer that has none"));
  add(Opt("world.urban", T::Map, "", "", "which zones count as urban"));
  add(Opt("world.urban.levels", T::List, "", "[kelurahan]", "zone levels counted as urban")
          .to(text_list([](WorldConfig & c) -> auto& { return c.urban_levels; })));
  add(Opt("world.urban.parents", T::List, "", "[]", "control units whose zones count as urban")
          .to(text_list([](WorldConfig & c) -> auto& { return c.urban_parents; })));
  add(Opt("population", T::Map, "", "", "population synthesis")
          .required("missing: the scenario has no population section"));
  add(Opt("population.assumptions", T::Path, "", "",
          "distributions with sources (data/facts/population_assumptions.yaml)")
          .required("missing")
          .to_if_set(file([](WorldConfig & c) -> auto& { return c.assumptions; })));
  add(Opt("population.overrides", T::Map, "", "{}",
          "values replacing the assumptions file's, in its structure (e.g. "
          "work_timing.government.start_h: 7.75); checked against that file")
          .checked_elsewhere()
          .to_if_set(
              [](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string&) {
                c.assumption_overrides = pop::overrides_from_scenario(v, r);
              }));
  add(Opt("population.disaggregation", T::Map, "", "",
          "how control totals are shared among zones"));
  add(Opt("population.disaggregation.method", T::Choice, "", "area_level", "weight of a zone")
          .choices({"area", "area_level", "field", "raster"})
          .to(one_of<pop::Disaggregation>(
              [](WorldConfig & c) -> auto& { return c.disaggregation.method; },
              {pop::Disaggregation::Area, pop::Disaggregation::AreaLevel,
               pop::Disaggregation::Field, pop::Disaggregation::Raster},
              {"area", "area_level", "field", "raster"})));
  add(Opt("population.disaggregation.level_weights", T::Map, "", "{kelurahan: 8, desa: 1}",
          "area multipliers by zone level")
          .to([](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
            c.disaggregation.level_weights.clear();
            for (const auto& kv : v) {
              const auto level = kv.first.as<std::string>();
              c.disaggregation.level_weights[level] = r.positive(kv.second, k + "." + level);
            }
          }));
  add(Opt("population.disaggregation.level_weights.*", T::Number, "", "", "multiplier")
          .range(1e-9, 1e9));
  add(Opt("population.disaggregation.field", T::String, "", "",
          "zones field with the weight (method field)")
          .to_if_set(text([](WorldConfig & c) -> auto& { return c.disaggregation_field; })));
  add(Opt("population.disaggregation.raster", T::Path, "", "",
          "population density GeoTIFF (method raster)")
          .to_if_set(file([](WorldConfig & c) -> auto& { return c.density_raster; })));
  add(Opt("demand", T::Map, "", "", "daily plans"));
  add(Opt("demand.seed", T::Integer, "", "1", "random seed")
          .range(0, 1.8e19)
          .to([](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
            c.plans.seed = r.get<std::uint64_t>(v, k, "a whole number");
          }));
  add(Opt("demand.sample_rate", T::Number, "1", "1", "share of households simulated")
          .range(1e-6, 1)
          .to(number([](WorldConfig & c) -> auto& { return c.plans.sample_rate; })));
  add(Opt("demand.civil_registry_online", T::Number, "1", "0",
          "share of civil-registry services done online")
          .range(0, 1)
          .to(number([](WorldConfig & c) -> auto& { return c.plans.civil_registry_online; })));
  add(Opt("demand.school_zonasi", T::Bool, "", "true", "assign schools by distance priority")
          .to(flag([](WorldConfig & c) -> auto& { return c.plans.school_zonasi; })));
  add(Opt("demand.work_from_home", T::Number, "1", "0",
          "share of government and services workers at home")
          .range(0, 1)
          .to(number([](WorldConfig & c) -> auto& { return c.plans.work_from_home; })));
  add(Opt("demand.school_start_shift_min", T::Number, "min", "0",
          "added to SMP and SMA start times (07:00)")
          .range(-120, 240)
          .to(number(
              [](WorldConfig & c) -> auto& { return c.plans.school_start_shift_s; }, 60)));
  add(Opt("demand.population_factor", T::Number, "1", "1",
          "controls multiplied by this (population growth)")
          .range(0.1, 10)
          .to(number([](WorldConfig & c) -> auto& { return c.population_factor; })));
  add(Opt("traffic", T::Map, "", "", "routing and traffic simulation"));
  add(Opt("traffic.iterations", T::Integer, "", "3", "routing + simulation iterations")
          .range(1, 100)
          .to(number([](WorldConfig & c) -> auto& { return c.assignment.iterations; })));
  add(Opt("traffic.replan_share", T::Number, "1", "0.2",
          "share of trips taking their new best route after an iteration")
          .range(0, 1)
          .to(number([](WorldConfig & c) -> auto& { return c.assignment.replan_share; })));
  add(Opt("traffic.gap_tolerance", T::Number, "1", "0",
          "stop when the relative gap falls below (0: never)")
          .range(0, 1)
          .to(number([](WorldConfig & c) -> auto& { return c.assignment.gap_tolerance; })));
  add(Opt("traffic.departure_choice", T::Map, "", "",
          "trips with a start time (work, school, escort) choose when to leave (Vickrey)"));
  add(Opt("traffic.departure_choice.enabled", T::Bool, "", "false",
          "replanning trips also move their departure")
          .to(flag(
              [](WorldConfig & c) -> auto& { return c.assignment.departure_choice.enabled; })));
  add(Opt("traffic.departure_choice.early_weight", T::Number, "1", "0.6",
          "cost of a minute early in minutes of travel (Small 1982: 0.61)")
          .range(0, 10)
          .to(number([](WorldConfig & c) -> auto& {
            return c.assignment.departure_choice.early_weight;
          })));
  add(Opt("traffic.departure_choice.late_weight", T::Number, "1", "2.4",
          "cost of a minute late in minutes of travel (Small 1982: 2.38)")
          .range(0, 20)
          .to(number(
              [](WorldConfig & c) -> auto& { return c.assignment.departure_choice.late_weight; })));
  add(Opt("traffic.departure_choice.earliest_shift_min", T::Number, "min", "-60",
          "earliest departure considered, from the planned one")
          .range(-240, 0)
          .to(number(
              [](WorldConfig & c) -> auto& {
                return c.assignment.departure_choice.earliest_shift_s;
              },
              60)));
  add(Opt("traffic.departure_choice.latest_shift_min", T::Number, "min", "30",
          "latest departure considered, from the planned one")
          .range(0, 240)
          .to(number(
              [](WorldConfig & c) -> auto& { return c.assignment.departure_choice.latest_shift_s; },
              60)));
  add(Opt("traffic.departure_choice.step_min", T::Number, "min", "5",
          "spacing of the departures considered")
          .range(1, 60)
          .to(number(
              [](WorldConfig & c) -> auto& { return c.assignment.departure_choice.step_s; }, 60)));
  add(Opt("traffic.time_step_s", T::Number, "s", "1", "simulation time step")
          .range(0.1, 60)
          .to(number([](WorldConfig & c) -> auto& { return c.assignment.traffic.dt_s; })));
  add(Opt("traffic.interval_min", T::Number, "min", "15", "statistics interval (divides 1440)")
          .range(1, 1440)
          .to([](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
            const double m = r.number(v, k);
            if (std::fmod(1440.0, m) != 0) r.fail(v, k, "must divide the day (1440 min) evenly");
            c.assignment.traffic.interval_s = m * 60;
            c.assignment.traffic.intervals = static_cast<int>(1440 / m);
          }));
  add(Opt("traffic.stuck_time_s", T::Number, "s", "300",
          "a vehicle blocked this long moves on regardless (counted)")
          .range(1e-3, 86400)
          .to(number([](WorldConfig & c) -> auto& { return c.assignment.traffic.stuck_time_s; })));
  add(Opt("traffic.seepage", T::Bool, "", "true",
          "motorcycles pass vehicles still traversing a link")
          .to(flag([](WorldConfig & c) -> auto& { return c.assignment.traffic.seepage; })));
  add(Opt("traffic.end_hour", T::Number, "h", "30", "end of the simulated period")
          .range(1, 48)
          .to(number(
              [](WorldConfig & c) -> auto& { return c.assignment.traffic.end_s; }, 3600)));
  add(Opt("traffic.landmarks", T::Integer, "", "16", "ALT landmarks").range(1, 64).to(number([
  ](WorldConfig & c) -> auto& { return c.assignment.landmarks; })));
  add(Opt("traffic.parallel_chunk", T::Integer, "", "0",
          "threads take the day's per-second loops in chunks of this many nodes or links; 0: one "
          "thread runs them (faster on 2 cores, docs/performance.md; results never depend on it)")
          .range(0, 1e6)
          .to(number(
              [](WorldConfig & c) -> auto& { return c.assignment.traffic.parallel_chunk; })));
  add(Opt("transit", T::Map, "", "",
          "public transport: angkot and minibus lines as vehicles on routes (data/transit/)"));
  add(Opt("transit.path", T::Path, "", "",
          "lines file (data/transit/lines.yaml); unset: angkot trips drive an angkot each")
          .to_if_set(file([](WorldConfig & c) -> auto& { return c.transit_lines; })));
  add(Opt("services", T::Map, "", "", "public-service facilities"));
  add(Opt("services.choice", T::Map, "", "", "facility choice per service"));
  add(Opt("services.choice.puskesmas", T::Choice, "", "catchment", "")
          .choices(kChoiceNames)
          .to(one_of(
              [](WorldConfig & c) -> auto& { return c.plans.puskesmas_choice; }, kChoices,
              kChoiceNames)));
  add(Opt("services.choice.hospital", T::Choice, "", "logit", "")
          .choices(kChoiceNames)
          .to(one_of(
              [](WorldConfig & c) -> auto& { return c.plans.hospital_choice; }, kChoices,
              kChoiceNames)));
  add(Opt("services.choice.civil_registry", T::Choice, "", "nearest", "")
          .choices(kChoiceNames)
          .to(one_of(
              [](WorldConfig & c) -> auto& { return c.plans.civil_registry_choice; }, kChoices,
              kChoiceNames)));
  add(Opt("services.online_capacity_per_day", T::Number, "services/day", "0",
          "online civil-registry capacity, 0 = unlimited")
          .range(0, 1e9)
          .to(number(
              [](WorldConfig & c) -> auto& { return c.plans.civil_registry_online_capacity; })));
  add(Opt("services.types", T::Map, "", "",
          "parameters by facility type (puskesmas, hospital, civil_registry, public_service_mall, "
          "samsat)")
          .choices({"puskesmas", "hospital", "civil_registry", "public_service_mall", "samsat"})
          .to_if_set(
              [](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
                r.check_keys(v, k, option_spec("services.types").choices);
                c.services.by_type = read_facility_overrides(r, v, k);
              }));
  add(Opt("services.facilities", T::Map, "", "", "parameters by facility name")
          .to_if_set(
              [](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string& k) {
                c.services.by_name = read_facility_overrides(r, v, k);
              }));
  add(Opt("services.*.*", T::Map, "", "", "facility parameters"));
  add(Opt("services.*.*.servers", T::Integer, "", "by type", "servers (counters, doctors, desks)")
          .range(1, 1000));
  add(Opt("services.*.*.open", T::Time, "", "by type", "opening time"));
  add(Opt("services.*.*.close", T::Time, "", "by type", "no service starts at or after this"));
  add(Opt("services.*.*.break", T::String, "", "none", "HH:MM-HH:MM without service starts"));
  add(Opt("services.*.*.service_min", T::Number, "min", "by type", "mean service time")
          .range(0.1, 600));
  add(Opt("services.*.*.service_cv", T::Number, "1", "by type",
          "coefficient of variation (1: exponential)")
          .range(0.05, 3));
  add(Opt("services.*.*.quota", T::Integer, "tickets/day", "by type",
          "daily queue tickets, 0 = unlimited")
          .range(0, 1e6));
  add(Opt("services.*.*.balk_queue", T::Integer, "visitors", "0",
          "leave on arrival if this many wait, 0 = never")
          .range(0, 1e6));
  add(Opt("policies", T::List, "", "[]", "interventions, applied in order (see docs/policies.md)")
          .to_if_set(
              [](WorldConfig& c, const YamlReader& r, const YAML::Node& v, const std::string&) {
                c.policies = Policies(v, r, gis::parse_crs(c.network.crs, "crs"));
              }));
  // Read by `ogan calibrate` (engine/calibration/spec.cpp), ignored by a run.
  add(Opt("calibration", T::Map, "", "",
          "what `ogan calibrate` fits to observations (docs/calibration.md); a run ignores it"));
  add(Opt("calibration.parameters", T::List, "", "",
          "parameters to fit: {key: a --set key, min, max, prior, prior_sd (optional)}")
          .checked_elsewhere());
  add(Opt("calibration.holdout_share", T::Number, "1", "0.2",
          "share of the counting stations left out of the fit and reported separately")
          .range(0, 0.9));
  add(Opt("calibration.holdout_seed", T::Integer, "", "1", "which stations are held out")
          .range(0, 1e15));
  add(Opt("calibration.max_evaluations", T::Integer, "runs", "60", "budget: runs of the model")
          .range(1, 100000));
  add(Opt("calibration.max_wall_min", T::Number, "min", "0", "budget: wall time (0: none)")
          .range(0, 1e6));
  add(Opt("calibration.tolerance", T::Number, "1", "0.002",
          "stop when an iteration lowers the objective by less than this share")
          .range(0, 1));
  add(Opt("calibration.fd_step", T::Number, "1", "0.05",
          "finite-difference step, share of each parameter's range")
          .range(0.001, 0.5));
  add(Opt("calibration.sample_rate", T::Number, "1", "the scenario's",
          "share of households in every evaluation")
          .range(1e-6, 1));
  add(Opt("calibration.iterations", T::Integer, "", "the scenario's",
          "iterations of every evaluation")
          .range(1, 1000));
  return o;
}

}  // namespace

const std::vector<OptionSpec>& option_registry() {
  static const std::vector<OptionSpec> kOptions = build_registry();
  return kOptions;
}

std::vector<std::string> split_key(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    out.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

bool key_matches(const std::vector<std::string>& pattern, const std::vector<std::string>& key) {
  if (pattern.size() != key.size()) return false;
  for (std::size_t i = 0; i < key.size(); ++i)
    if (pattern[i] != "*" && pattern[i] != key[i]) return false;
  return true;
}

const OptionSpec* find_option(const std::vector<std::string>& key) {
  const OptionSpec* wild = nullptr;
  for (const auto& o : option_registry()) {
    if (!key_matches(split_key(o.path), key)) continue;
    if (o.path.find('*') == std::string::npos) return &o;
    if (!wild) wild = &o;
  }
  return wild;
}

const OptionSpec& option_spec(const std::string& path) {
  for (const auto& o : option_registry())
    if (o.path == path) return o;
  throw InternalError(fmt::format("option '{}' is not registered", path));
}

std::string options_markdown() {
  std::string out =
      "# Scenario format\n\n"
      "Generated from the option registry (`engine/scenario/options.cpp`) by\n"
      "`ogan scenario options --markdown`; a test checks that this file is up to date.\n\n"
      "A scenario is a YAML file. `extends:` inherits another scenario (paths relative to the "
      "file\n"
      "that names them); `ogan run S --set key.path=value` overrides any value. `*` stands for "
      "any\n"
      "key (a field or facility name). Policies are documented in `docs/policies.md`.\n\n"
      "| key | type | unit | default | description |\n|---|---|---|---|---|\n";
  for (const auto& o : option_registry()) {
    std::string type = type_name(o.type);
    if (!o.choices.empty() && o.type == OptionType::Choice) {
      type += ":";
      for (std::size_t i = 0; i < o.choices.size(); ++i) type += (i ? ", " : " ") + o.choices[i];
    }
    std::string range;
    if (o.min > -1e299 && (o.type == OptionType::Number || o.type == OptionType::Integer)) {
      range = fmt::format(" (range {:g} to {:g})", o.min, o.max);
    }
    out += fmt::format("| `{}` | {} | {} | {} | {}{} |\n", o.path, type, o.unit, o.default_value,
                       o.description, range);
  }
  return out;
}

}  // namespace ogan::scenario
