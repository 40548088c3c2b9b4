#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

// An entry with `at:` (or of a fork's policy file): not applied to the world before the day, but
// turned into events of the running day (timed_policies.hpp).
struct TimedPolicy {
  std::shared_ptr<const Policy> policy;
  double at_s = 0;
  std::optional<double> until_s;  // the effect is reversed then; none: to the end of the day
  std::string label;              // "close_road 'Jembatan Ogan I' (policies[2])"
};

// The scenario's interventions, read into typed data (one Policy per entry, of the types
// registered in engine/scenario/policies/), applied to the world and parameters at the stage each
// concerns, in list order within a stage.
class Policies {
 public:
  Policies() = default;
  // With `default_at_s` (a fork's policy file), every entry is timed, at its `at` or then.
  Policies(const YAML::Node& list, const YamlReader& r, const OGRSpatialReference& crs,
           std::optional<double> default_at_s = std::nullopt);

  // One line per intervention, for the results file.
  const std::vector<std::string>& descriptions() const { return descriptions_; }

  void apply_to_roads(std::vector<net::Road>& roads, const OGRSpatialReference& crs) const;
  // Capacity changes; returns link closures (named roads, flooded areas).
  std::vector<Closure> apply_to_network(net::Network& net) const;
  // Facilities added, closed, moved; those in flooded areas closed for the day.
  void apply_to_facilities(std::vector<gis::Facility>& facilities) const;
  void apply_to_plan_options(pop::PlanOptions& o) const;
  void apply_to_transit(TransitConfig& c) const;
  // Factor on the population controls of a control unit with the given census counts.
  double population_factor(std::optional<double> pop_2015, double pop_2025,
                           double regency_growth) const;
  std::optional<int> target_year() const { return growth_.target_year; }
  double plain_factor() const { return growth_.factor; }
  // Service overrides by facility name (servers, hours, ...), merged into `services.facilities`.
  std::vector<std::pair<std::string, FacilityOverride>> service_overrides() const;
  // The timed entries, in list order; the apply_* functions above leave them out.
  const std::vector<TimedPolicy>& timed() const { return timed_; }

 private:
  std::vector<std::shared_ptr<const Policy>> items_;  // untimed, applied before the day
  std::vector<TimedPolicy> timed_;
  std::vector<std::string> descriptions_;
  PopulationGrowth growth_;
};

}  // namespace ogan::scenario
