// add_facility: a new facility at a WGS 84 position, with service parameters if it queues.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "engine/core/yaml_reader.hpp"
#include "engine/gis/facilities.hpp"
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class AddFacility : public Policy {
 public:
  gis::Facility facility;
  double lon = 0, lat = 0;
  std::optional<FacilityOverride> service;

  void add_service_overrides(
      std::vector<std::pair<std::string, FacilityOverride>>& out) const override {
    if (service) out.emplace_back(facility.name, *service);
  }
  void edit_facilities(std::vector<gis::Facility>& facilities) const override {
    gis::Facility f = facility;
    f.x = lon;
    f.y = lat;
    to_utm(f.x, f.y);
    facilities.push_back(f);
  }
};

std::vector<PolicyKey> keys() {
  std::vector<PolicyKey> k = {{"name", OptionType::String, true},
                              {"facility_type", OptionType::String, true},
                              {"lon", OptionType::Number, true, 103, 105.5},
                              {"lat", OptionType::Number, true, -5.5, -3},
                              {"capacity", OptionType::Number, false, 0, 1e9}};
  for (auto& s : service_parameter_keys()) k.push_back(s);
  return k;
}

const PolicyRegistrar kRegistrar({
    .name = "add_facility",
    .effect =
        "a new facility (facility_type: puskesmas, hospital, school_primary, ...); service keys as "
        "in `services.types`",
    .keys = keys(),
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          const auto type = p["facility_type"].as<std::string>();
          const auto& known = gis::known_facility_types();
          if (std::find(known.begin(), known.end(), type) == known.end()) {
            const auto guess = closest_match(type, known);
            ctx.reader.fail(
                p["facility_type"], ctx.key + ".facility_type",
                fmt::format("'{}' is not a facility type ogan knows{}; known types: {}", type,
                            guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                            fmt::join(known, ", ")));
          }
          auto c = std::make_unique<AddFacility>();
          c->facility = gis::Facility{p["name"].as<std::string>(),
                                      type,
                                      "policy",
                                      0,
                                      0,
                                      -1,
                                      p["capacity"] ? p["capacity"].as<double>() : 0.0};
          c->lon = p["lon"].as<double>();
          c->lat = p["lat"].as<double>();
          bool any = false;
          for (const auto& k : facility_param_keys()) any = any || p[k];
          if (any) {
            c->service = read_facility_override(ctx.reader, p, ctx.key);
            c->service->key = "services.facilities." + c->facility.name;
          }
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the facilities",
});

}  // namespace

}  // namespace ogan::scenario
