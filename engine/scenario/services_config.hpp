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

// The facility parameters a scenario sets (services.types.T, services.facilities.NAME, or a
// policy), each only if set; read and checked when the scenario is read, applied to the type's
// defaults when the world is loaded.
struct FacilityOverride {
  std::optional<int> servers;
  std::optional<double> open_s, close_s;
  std::optional<double> break_start_s, break_end_s;
  std::optional<double> service_mean_s;
  std::optional<double> service_cv;
  std::optional<int> quota;
  std::optional<int> balk_queue;
  std::string key;  // "services.types.puskesmas", for messages
  YamlPlace at;     // where it was written

  void apply_to(svc::FacilityParams& p) const;
};

// The keys of a facility's service parameters (services.*.*, facility policies).
const std::vector<std::string>& facility_param_keys();

// Reads the service keys present in `n` (other keys are the caller's): InputError "file:line:
// key.k: ..." for a value of the wrong type or range (ranges from the option registry).
FacilityOverride read_facility_override(const YamlReader& r, const YAML::Node& n,
                                        const std::string& key);

// Overrides of facility parameters: by type, then by facility name.
struct ServicesConfig {
  std::map<std::string, FacilityOverride> by_type;
  std::map<std::string, FacilityOverride> by_name;
};

// Reads `services.types` or `services.facilities` (a mapping of names to parameters); InputError
// "file:line: key: ..." for anything wrong.
std::map<std::string, FacilityOverride> read_facility_overrides(const YamlReader& r,
                                                                const YAML::Node& n,
                                                                const std::string& key);

// Parameters of every facility: the type's documented defaults, then the overrides. Facilities
// of types that are not queues (schools, markets) get none.
std::vector<std::optional<svc::FacilityParams>> facility_params(
    const ServicesConfig& cfg, const std::vector<gis::Facility>& facilities);

// "07:30" -> 27000 s (up to 30:00, facility hours); InputError naming the key otherwise.
double parse_clock(const YamlReader& r, const YAML::Node& n, const std::string& key);

}  // namespace ogan::scenario
