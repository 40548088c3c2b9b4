// online_share: a share of civil-registry services is done online.
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class OnlineShare : public Policy {
 public:
  double share = 0;
  std::optional<double> capacity_per_day;

  void edit_plan_options(pop::PlanOptions& o) const override {
    o.civil_registry_online = share;
    if (capacity_per_day) o.civil_registry_online_capacity = *capacity_per_day;
  }
};

const PolicyRegistrar kRegistrar({
    .name = "online_share",
    .effect =
        "share of civil-registry services done online, and the online channel's daily capacity "
        "(overflow comes in person)",
    .keys = {{"share", OptionType::Number, true, 0, 1},
             {"capacity_per_day", OptionType::Number, false, 0, 1e9}},
    .read =
        [](const YAML::Node& p, const PolicyContext&) {
          auto c = std::make_unique<OnlineShare>();
          c->share = p["share"].as<double>();
          if (p["capacity_per_day"]) c->capacity_per_day = p["capacity_per_day"].as<double>();
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the plans",
});

}  // namespace

}  // namespace ogan::scenario
