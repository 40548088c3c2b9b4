// grow_population: the population controls scaled by a factor and/or grown to a target year.
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class GrowPopulation : public Policy {
 public:
  std::optional<double> factor;
  std::optional<int> target_year;

  void edit_growth(PopulationGrowth& g) const override {
    if (target_year) g.target_year = target_year;
    if (factor) g.factor *= *factor;
  }
};

const PolicyRegistrar kRegistrar({
    .name = "grow_population",
    .effect =
        "population controls times `factor`, and/or grown to `target_year` at each kecamatan's "
        "2015-2025 census growth rate (the regency's where 2015 is unknown)",
    .keys = {{"factor", OptionType::Number, false, 0.1, 10},
             {"target_year", OptionType::Integer, false, 2025, 2100}},
    .check =
        [](const YAML::Node& p, const std::string& key, const PolicyError& error) {
          if (!p["factor"] && !p["target_year"])
            error(p, key, "grow_population needs a factor or a target_year");
        },
    .read =
        [](const YAML::Node& p, const PolicyContext&) {
          auto c = std::make_unique<GrowPopulation>();
          if (p["factor"]) c->factor = p["factor"].as<double>();
          if (p["target_year"]) c->target_year = p["target_year"].as<int>();
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the population",
});

}  // namespace

}  // namespace ogan::scenario
