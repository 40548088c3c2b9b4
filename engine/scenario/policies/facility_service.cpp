// facility_service: a facility's servers, hours, service time or quota change.
#include <fmt/format.h>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class FacilityService : public Policy {
 public:
  std::string name;
  FacilityOverride service;

  void add_service_overrides(
      std::vector<std::pair<std::string, FacilityOverride>>& out) const override {
    out.emplace_back(name, service);
  }
};

std::vector<PolicyKey> keys() {
  std::vector<PolicyKey> k = {{"name", OptionType::String, true}};
  for (auto& s : service_parameter_keys()) k.push_back(s);
  return k;
}

const PolicyRegistrar kRegistrar({
    .name = "facility_service",
    .effect = "changes a facility's servers, hours or quota (it replaces the facility's entry in "
              "`services.facilities`)",
    .keys = keys(),
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          auto c = std::make_unique<FacilityService>();
          c->name = p["name"].as<std::string>();
          c->service = read_facility_override(ctx.reader, p, ctx.key);
          c->service.key = "services.facilities." + c->name;
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "",
    .untimable = [](const YAML::Node& p) -> std::string {
      for (const auto& k : facility_param_keys()) {
        if (k != "servers" && p[k])
          return fmt::format(
              "with {}: it changes the facility's hours and service before the day starts "
              "(timed, facility_service takes servers)",
              k);
      }
      return "";
    },
});

}  // namespace

}  // namespace ogan::scenario
