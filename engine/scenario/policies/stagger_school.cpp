// stagger_school: SMP and SMA start later (or earlier) than 07:00.
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class StaggerSchool : public Policy {
 public:
  double shift_min = 0;

  void edit_plan_options(pop::PlanOptions& o) const override {
    o.school_start_shift_s = 60 * shift_min;
  }
};

const PolicyRegistrar kRegistrar({
    .name = "stagger_school",
    .effect = "SMP and SMA start this many minutes after 07:00 (SD unchanged)",
    .keys = {{"shift_min", OptionType::Number, true, -120, 240}},
    .read =
        [](const YAML::Node& p, const PolicyContext&) {
          auto c = std::make_unique<StaggerSchool>();
          c->shift_min = p["shift_min"].as<double>();
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the plans",
});

}  // namespace

}  // namespace ogan::scenario
