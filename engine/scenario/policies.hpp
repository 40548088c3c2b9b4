#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

// The scenario's interventions, read into typed data (one Policy per entry, of the types
// registered in engine/scenario/policies/), applied to the world and parameters at the stage each
// concerns, in list order within a stage.
class Policies {
 public:
  Policies() = default;
  Policies(const YAML::Node& list, const YamlReader& r, const OGRSpatialReference& crs);

  // One line per intervention, for the results file.
  const std::vector<std::string>& descriptions() const { return descriptions_; }

  void apply_to_roads(std::vector<net::Road>& roads, const OGRSpatialReference& crs) const;
  // Capacity changes; returns link closures (named roads, flooded areas).
  std::vector<Closure> apply_to_network(net::Network& net) const;
  // Facilities added, closed, moved; those in flooded areas closed for the day.
  void apply_to_facilities(std::vector<gis::Facility>& facilities) const;
  void apply_to_plan_options(pop::PlanOptions& o) const;
  // Factor on the population controls of a control unit with the given census counts.
  double population_factor(std::optional<double> pop_2015, double pop_2025,
                           double regency_growth) const;
  std::optional<int> target_year() const { return growth_.target_year; }
  double plain_factor() const { return growth_.factor; }
  // Service overrides by facility name (servers, hours, ...), merged into `services.facilities`.
  std::vector<std::pair<std::string, FacilityOverride>> service_overrides() const;

 private:
  std::vector<std::shared_ptr<const Policy>> items_;
  std::vector<std::string> descriptions_;
  PopulationGrowth growth_;
};

}  // namespace ogan::scenario
