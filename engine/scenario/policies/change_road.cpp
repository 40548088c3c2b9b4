// change_road: lanes, speed or one-way of a named road before the network is built, and its
// links' capacity after.
#include <fmt/format.h>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class ChangeRoad : public Policy {
 public:
  std::string name;
  YamlPlace name_at;
  std::optional<double> capacity_factor;
  std::optional<int> lanes;
  std::optional<double> speed_kmh;
  std::optional<gis::OneWay> oneway;
  bool timed = false;  // at: capacity and speed change on the built links (edit_roads is not run)

  void edit_roads(std::vector<net::Road>& roads, const OGRSpatialReference&) const override {
    std::size_t n = 0;
    for (auto& r : roads) {
      if (r.name != name) continue;
      ++n;
      if (lanes) r.lanes_total = *lanes;
      if (speed_kmh) r.speed_kmh = *speed_kmh;
      if (oneway) r.oneway = *oneway;
    }
    if (n == 0)
      fail_at(name_at, "policies.change_road.name", fmt::format("no road is named '{}'", name));
  }

  void edit_network(net::Network& net, std::vector<Closure>&) const override {
    std::size_t n = 0;
    for (std::size_t l = 0; l < net.num_links(); ++l) {
      if (net.link_name(static_cast<net::LinkId>(l)) != name) continue;
      ++n;
      if (capacity_factor) net.capacity_pcu_h[l] *= *capacity_factor;
      if (timed && speed_kmh) net.free_speed_mps[l] = *speed_kmh / 3.6;
    }
    if (timed && n == 0)
      fail_at(name_at, "policies.change_road.name", fmt::format("no road is named '{}'", name));
  }
};

const PolicyRegistrar kRegistrar({
    .name = "change_road",
    .effect = "lanes, speed and one-way change the road before the network is built (PKJI capacity "
              "follows); capacity_factor multiplies the links' capacity",
    .keys = {{"name", OptionType::String, true},
             {"capacity_factor", OptionType::Number, false, 0, 10},
             {"lanes", OptionType::Integer, false, 1, 8},
             {"speed_kmh", OptionType::Number, false, 1, 150},
             {"oneway", OptionType::String, false, -1e300, 1e300, kPolicyMaxHour,
              " (yes, no, -1)"}},
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          auto c = std::make_unique<ChangeRoad>();
          c->timed = ctx.timed;
          c->name = p["name"].as<std::string>();
          c->name_at = ctx.reader.place(p["name"], "policies.change_road.name");
          if (p["capacity_factor"]) c->capacity_factor = p["capacity_factor"].as<double>();
          if (p["lanes"]) c->lanes = p["lanes"].as<int>();
          if (p["speed_kmh"]) c->speed_kmh = p["speed_kmh"].as<double>();
          if (p["oneway"]) {
            const auto v = p["oneway"].as<std::string>();
            c->oneway = v == "-1"                     ? gis::OneWay::Backward
                        : (v == "no" || v == "false") ? gis::OneWay::No
                                                      : gis::OneWay::Forward;
          }
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "",
    .untimable = [](const YAML::Node& p) -> std::string {
      for (const char* k : {"lanes", "oneway"}) {
        if (p[k])
          return fmt::format(
              "with {}: it changes the roads before the day starts (timed, change_road takes "
              "capacity_factor and speed_kmh)",
              k);
      }
      return "";
    },
});

}  // namespace

}  // namespace ogan::scenario
