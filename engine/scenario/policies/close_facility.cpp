// close_facility: a facility is gone for the day.
#include <fmt/format.h>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class CloseFacility : public Policy {
 public:
  std::string name;
  YamlPlace name_at;

  void edit_facilities(std::vector<gis::Facility>& facilities) const override {
    auto it = std::find_if(facilities.begin(), facilities.end(),
                           [&](const auto& f) { return f.name == name; });
    if (it == facilities.end())
      fail_at(name_at, "policies.close_facility.name",
              fmt::format("no facility is named '{}'", name));
    facilities.erase(it);
  }
};

const PolicyRegistrar kRegistrar({
    .name = "close_facility",
    .effect = "the facility is gone for the day",
    .keys = {{"name", OptionType::String, true}},
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          auto c = std::make_unique<CloseFacility>();
          c->name = p["name"].as<std::string>();
          c->name_at = ctx.reader.place(p["name"], "policies.close_facility.name");
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "",
});

}  // namespace

}  // namespace ogan::scenario
