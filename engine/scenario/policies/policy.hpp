#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/yaml_reader.hpp"
#include "engine/gis/facilities.hpp"
#include "engine/network/network.hpp"
#include "engine/network/road_reader.hpp"
#include "engine/population/plans.hpp"
#include "engine/scenario/day_events.hpp"
#include "engine/scenario/options.hpp"
#include "engine/scenario/services_config.hpp"
#include "engine/scenario/transit_config.hpp"

// The plug-in interface of policies: one file per policy type in this folder registers the type's
// keys, its checks, how it is read into typed data and its effects. Nothing else names the types.

namespace ogan::scenario {

// A link closed for a time window (whole day: 0 to 48 h).
struct Closure {
  net::LinkId link;
  double from_s;
  double to_s;
};

// The latest hour of a policy's time window (from, to): the day may be simulated past midnight.
inline constexpr int kPolicyMaxHour = 48;

// Population growth asked for by the policies: a product of factors and a target year.
struct PopulationGrowth {
  double factor = 1.0;
  std::optional<int> target_year;
};

// One intervention once read: plain data, and its effect at each stage of loading a world. The
// stages run in this order, and within a stage the policies in the scenario's list order.
class Policy {
 public:
  virtual ~Policy() = default;
  // Scenario reading: demand parameters, facility service parameters, population growth.
  virtual void edit_plan_options(pop::PlanOptions&) const {}
  virtual void add_service_overrides(std::vector<std::pair<std::string, FacilityOverride>>&) const {
  }
  virtual void edit_growth(PopulationGrowth&) const {}
  // Public transport lines changed or added (the scenario's transit.path, read).
  virtual void edit_transit(TransitConfig&) const {}
  // Before the network is built: roads added or changed.
  virtual void edit_roads(std::vector<net::Road>&, const OGRSpatialReference&) const {}
  // After it is built: capacities changed, links closed.
  virtual void edit_network(net::Network&, std::vector<Closure>&) const {}
  // After every policy's edit_network: links inside closed areas (floods).
  virtual void close_areas(const net::Network&, std::vector<Closure>&) const {}
  // Facilities added, closed or moved.
  virtual void edit_facilities(std::vector<gis::Facility>&) const {}
  // After every policy's edit_facilities: names of facilities closed for the day (floods).
  virtual void closed_for_the_day(const std::vector<gis::Facility>&,
                                  std::vector<std::string>&) const {}
  // Timed entries only: events of the day that are not a change of the world (a crowd), at `at_s`.
  virtual void add_day_events(double /*at_s*/, const std::string& /*label*/,
                              std::vector<DayEvent>&) const {}
};

// One key a policy type takes: its type (Number, Integer, Time, Path, String, Bool, List, Map),
// range or latest hour, and a word for the docs ("(0.3)", ": {lon, lat, radius_m}").
struct PolicyKey {
  std::string name;
  OptionType type = OptionType::String;
  bool required = false;
  double min = -1e300, max = 1e300;
  int max_hour = kPolicyMaxHour;
  std::string doc = {};
};

// What a policy's reader gets besides its YAML entry.
struct PolicyContext {
  const YamlReader& reader;
  std::string key;  // "policies[2]"
  const OGRSpatialReference& crs;
  // The entry is timed (`at:`): its hooks run on a copy of the built world, never edit_roads.
  bool timed = false;
};

// Collects "file:line: key: what" problems while checking one entry.
using PolicyError =
    std::function<void(const YAML::Node& at, const std::string& key, const std::string& what)>;

struct PolicyType {
  std::string name;
  std::string effect;  // the docs' description of what it does
  std::vector<PolicyKey> keys;
  // Checks across keys, after each key's own type and range ("needs a name or link_ids").
  std::function<void(const YAML::Node& entry, const std::string& key, const PolicyError& error)>
      check = {};
  // The entry (already checked) as typed data.
  std::function<std::unique_ptr<Policy>(const YAML::Node& entry, const PolicyContext& ctx)> read;
  // Timing (`at:`/`until:`, docs/policies.md "Timed policies"). A timed entry is an event of the
  // running day, found by running its edit_network, close_areas, add_service_overrides,
  // edit_facilities and closed_for_the_day on a copy of the built world. A type whose effect
  // cannot start during a day names what it changes before the day starts ("the roads", "the
  // plans"); empty: the type can be timed.
  std::string changes_before_day = "the world";
  // For a type that can be timed, why one entry cannot ("with lanes: it changes ..."), or empty.
  std::function<std::string(const YAML::Node& entry)> untimable = {};
};

// Adds a type to the registry; a policy's file calls it through a static PolicyRegistrar.
void register_policy(PolicyType type);
// Every registered type by name.
const std::map<std::string, PolicyType>& policy_types();

struct PolicyRegistrar {
  explicit PolicyRegistrar(PolicyType type) { register_policy(std::move(type)); }
};

// The keys of a facility's service parameters, typed and ranged as in services.*.* (for policies
// that set them).
std::vector<PolicyKey> service_parameter_keys();

// Problems with one policy entry, each "file:line: policies[i].key: what" (see docs/policies.md).
// With `all_timed` (a policy file for a fork) every entry is an event of the running day, with or
// without `at`.
std::vector<std::string> validate_policy(const YAML::Node& p, const std::string& key,
                                         const YamlReader& r, bool all_timed = false);

// Whether entries of the type may be timed (`at:`).
inline bool can_be_timed(const PolicyType& t) {
  return t.changes_before_day.empty();
}

// The table of docs/policies.md, generated from the registry.
std::string policies_markdown();

// Small readers shared by the policy files.
double policy_clock(const YAML::Node& n, double fallback);  // a checked HH:MM, or the fallback
void to_utm(double& x, double& y);                          // WGS 84 to the default metric CRS

}  // namespace ogan::scenario
