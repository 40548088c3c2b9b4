// move_facility: a facility moves to a WGS 84 position.
#include <fmt/format.h>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class MoveFacility : public Policy {
 public:
  std::string name;
  YamlPlace name_at;
  double lon = 0, lat = 0;

  void edit_facilities(std::vector<gis::Facility>& facilities) const override {
    auto it = std::find_if(facilities.begin(), facilities.end(),
                           [&](const auto& f) { return f.name == name; });
    if (it == facilities.end())
      fail_at(name_at, "policies.move_facility.name",
              fmt::format("no facility is named '{}'", name));
    double x = lon, y = lat;
    to_utm(x, y);
    it->x = x;
    it->y = y;
  }
};

const PolicyRegistrar kRegistrar({
    .name = "move_facility",
    .effect = "moves a facility",
    .keys = {{"name", OptionType::String, true},
             {"lon", OptionType::Number, true, 103, 105.5},
             {"lat", OptionType::Number, true, -5.5, -3}},
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          auto c = std::make_unique<MoveFacility>();
          c->name = p["name"].as<std::string>();
          c->name_at = ctx.reader.place(p["name"], "policies.move_facility.name");
          c->lon = p["lon"].as<double>();
          c->lat = p["lat"].as<double>();
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the facilities",
});

}  // namespace

}  // namespace ogan::scenario
