#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/yaml_reader.hpp"
#include "engine/gis/facilities.hpp"
#include "engine/network/network.hpp"
#include "engine/network/road_reader.hpp"
#include "engine/population/plans.hpp"

namespace ogan::scenario {

// Problems with one policy entry, each "file:line: policies[i].key: what" (see docs/policies.md).
std::vector<std::string> validate_policy(const YAML::Node& p, const std::string& key, const YamlReader& r);

// A link closed for a time window (whole day: 0 to 48 h).
struct Closure {
  net::LinkId link;
  double from_s;
  double to_s;
};

// The scenario's interventions, applied to the world and parameters at the stage each concerns.
class Policies {
 public:
  Policies() = default;
  Policies(const YAML::Node& list, const YamlReader& r, const OGRSpatialReference& crs);

  // One line per intervention, for the results file.
  const std::vector<std::string>& descriptions() const { return descriptions_; }

  void apply_to_roads(std::vector<net::Road>& roads, const OGRSpatialReference& crs) const;
  // Capacity changes; returns link closures (named roads, flooded areas).
  std::vector<Closure> apply_to_network(net::Network& net) const;
  void apply_to_facilities(std::vector<gis::Facility>& facilities) const;
  // Facilities in flooded areas during their opening hours: closed for the day.
  std::vector<std::string> flooded_facilities(const std::vector<gis::Facility>& facilities) const;
  void apply_to_plan_options(pop::PlanOptions& o) const;
  // Factor on the population controls of a control unit with the given census counts.
  double population_factor(std::optional<double> pop_2015, double pop_2025, double regency_growth) const;
  std::optional<int> target_year() const { return target_year_; }
  double plain_factor() const { return factor_; }
  // Service overrides by facility name (servers, hours, ...), merged into `services.facilities`.
  const std::vector<std::pair<std::string, YAML::Node>>& service_overrides() const { return service_overrides_; }

 private:
  struct Area {
    std::shared_ptr<OGRGeometry> geometry;
    double from_s, to_s;
  };
  std::vector<std::string> descriptions_;
  std::vector<YAML::Node> items_;
  std::vector<Area> floods_;
  std::vector<std::pair<std::string, YAML::Node>> service_overrides_;
  std::optional<int> target_year_;
  double factor_ = 1.0;
  YamlReader reader_{""};
};

}  // namespace ogan::scenario
