// work_from_home: a share of government and services workers work from home.
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class WorkFromHome : public Policy {
 public:
  double share = 0;

  void edit_plan_options(pop::PlanOptions& o) const override { o.work_from_home = share; }
};

const PolicyRegistrar kRegistrar({
    .name = "work_from_home",
    .effect = "share of government and services workers who work from home",
    .keys = {{"share", OptionType::Number, true, 0, 1}},
    .read =
        [](const YAML::Node& p, const PolicyContext&) {
          auto c = std::make_unique<WorkFromHome>();
          c->share = p["share"].as<double>();
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the plans",
});

}  // namespace

}  // namespace ogan::scenario
