#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/yaml_reader.hpp"
#include "engine/gis/facilities.hpp"
#include "engine/population/plans.hpp"
#include "engine/services/facility_params.hpp"

namespace ogan::scenario {

// Overrides of facility parameters: by type, then by facility name.
struct ServicesConfig {
  std::map<std::string, YAML::Node> by_type;
  std::map<std::string, YAML::Node> by_name;
};

// Reads `services:` (choice rules, online capacity, parameter overrides) into the plan options
// and the config; InputError "file:line: key: ..." for anything wrong.
ServicesConfig parse_services(const YamlReader& r, const YAML::Node& services, pop::PlanOptions& plans);

// Parameters of every facility: the type's documented defaults, then the overrides. Facilities
// of types that are not queues (schools, markets) get none.
std::vector<std::optional<svc::FacilityParams>> facility_params(
    const YamlReader& r, const ServicesConfig& cfg, const std::vector<gis::Facility>& facilities);

// "07:30" -> 27000 s; InputError naming the key otherwise.
double parse_clock(const YamlReader& r, const YAML::Node& n, const std::string& key);

}  // namespace ogan::scenario
