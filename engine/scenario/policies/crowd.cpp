// crowd: extra visitors travel to a place at a time of the day (a market day, a football match, a
// ceremony at the bupati's office) and home again; an event of the running day, so it needs `at`.
#include <fmt/format.h>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class Crowd : public Policy {
 public:
  double x = 0, y = 0;
  int persons = 0;
  double stay_s = 0;

  void add_day_events(double at_s, const std::string& label,
                      std::vector<DayEvent>& out) const override {
    DayEvent e;
    e.at_s = at_s;
    e.kind = DayEvent::Kind::Crowd;
    e.count = persons;
    e.value = stay_s;
    e.x = x;
    e.y = y;
    e.description = label;
    out.push_back(std::move(e));
  }
};

const PolicyRegistrar kRegistrar({
    .name = "crowd",
    .effect = "`persons` extra visitors (full scale) leave homes across the regency in the half "
              "hour from `at`, travel to the road nearest the point (lon, lat) by motorcycle "
              "(80 %) or car, stay `stay_min` and go home; their vehicles take road space, their "
              "trips are not the residents' (docs/twin.md); needs `at`",
    .keys = {{"lon", OptionType::Number, true, 103, 105.5},
             {"lat", OptionType::Number, true, -5, -3},
             {"persons", OptionType::Integer, true, 1, 200000},
             {"stay_min", OptionType::Number, false, 0, 24 * 60, kPolicyMaxHour, "(120)"}},
    .check =
        [](const YAML::Node& p, const std::string& key, const PolicyError& error) {
          if (!p["at"]) error(p, key, "a crowd happens during the day: it needs at: \"HH:MM\"");
        },
    .read =
        [](const YAML::Node& p, const PolicyContext&) {
          auto c = std::make_unique<Crowd>();
          c->x = p["lon"].as<double>();
          c->y = p["lat"].as<double>();
          to_utm(c->x, c->y);
          c->persons = p["persons"].as<int>();
          c->stay_s = 60 * (p["stay_min"] ? p["stay_min"].as<double>() : 120.0);
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "",
});

}  // namespace

}  // namespace ogan::scenario
