// transit_line: a public transport line's fleet or headway changes, or a new line runs.
#include <fmt/format.h>

#include <algorithm>

#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class TransitLine : public Policy {
 public:
  std::string line, like, name;
  std::optional<int> fleet;
  std::optional<double> headway_factor, headway_min;
  std::vector<TransitWaypoint> waypoints;  // a new line
  YamlPlace at;
  std::string key;

  void edit_transit(TransitConfig& c) const override {
    auto find = [&c](const std::string& id) {
      return std::find_if(c.lines.begin(), c.lines.end(),
                          [&id](const TransitLineConfig& l) { return l.spec.id == id; });
    };
    auto it = find(line);
    if (!waypoints.empty()) {
      if (it != c.lines.end())
        fail_at(at, key + ".line", fmt::format("line '{}' exists already in {}", line, c.file));
      const auto base = find(like);
      if (base == c.lines.end())
        fail_at(at, key + ".like", fmt::format("no line '{}' in {}", like, c.file));
      TransitLineConfig added = *base;
      added.spec.id = line;
      added.spec.name = name.empty() ? line : name;
      added.waypoints = waypoints;
      c.lines.push_back(std::move(added));
      it = c.lines.end() - 1;
    } else if (it == c.lines.end()) {
      fail_at(at, key + ".line", fmt::format("no line '{}' in {}", line, c.file));
    }
    auto& s = it->spec;
    if (fleet) s.fleet = *fleet;
    if (headway_min) s.headways = {{0.0, *headway_min * 60}};
    if (headway_factor)
      for (auto& h : s.headways) h.headway_s *= *headway_factor;
  }
};

const PolicyRegistrar kRegistrar({
    .name = "transit_line",
    .effect = "changes a public transport line of `transit.path` (its fleet; its headways times "
              "headway_factor, or one headway_min all day) or, with waypoints ([lon, lat] "
              "points, at least two) and like (a line whose values it copies), adds a line",
    .keys = {{"line", OptionType::String, true},
             {"fleet", OptionType::Integer, false, 1, 10000},
             {"headway_factor", OptionType::Number, false, 0.1, 10},
             {"headway_min", OptionType::Number, false, 1, 240},
             {"like"},
             {"name"},
             {"waypoints", OptionType::List, false, -1e300, 1e300, kPolicyMaxHour,
              ": [[lon, lat], ...]"}},
    .check =
        [](const YAML::Node& p, const std::string& key, const PolicyError& error) {
          if (!p["fleet"] && !p["headway_factor"] && !p["headway_min"] && !p["waypoints"])
            error(p, key, "transit_line needs fleet, headway_factor, headway_min or waypoints");
          if (p["headway_factor"] && p["headway_min"])
            error(p, key, "give headway_factor or headway_min, not both");
          if (p["waypoints"] && !p["like"])
            error(p, key + ".like", "missing: a new line copies the values of a line named here");
          if (p["like"] && !p["waypoints"])
            error(p, key + ".waypoints", "missing: like is for a new line on new waypoints");
          if (const auto w = p["waypoints"]) {
            if (!w.IsSequence() || w.size() < 2) {
              error(w, key + ".waypoints", "expected at least two [lon, lat] points");
              return;
            }
            for (std::size_t i = 0; i < w.size(); ++i) {
              const auto e = w[i];
              const auto k = fmt::format("{}.waypoints[{}]", key, i);
              if (!e.IsSequence() || e.size() != 2) {
                error(e, k, "expected [lon, lat]");
                continue;
              }
              try {
                const double lon = e[0].as<double>(), lat = e[1].as<double>();
                if (lon < 103 || lon > 105.5 || lat < -5.5 || lat > -3)
                  error(e, k,
                        fmt::format("[{}, {}] is not in OKU (lon 103-105.5, lat -5.5 to -3)", lon,
                                    lat));
              } catch (const YAML::Exception&) {
                error(e, k, "expected [lon, lat] numbers");
              }
            }
          }
        },
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          auto c = std::make_unique<TransitLine>();
          c->line = p["line"].as<std::string>();
          c->key = ctx.key;
          c->at = ctx.reader.place(p, ctx.key);
          if (p["like"]) c->like = p["like"].as<std::string>();
          if (p["name"]) c->name = p["name"].as<std::string>();
          if (p["fleet"]) c->fleet = p["fleet"].as<int>();
          if (p["headway_factor"]) c->headway_factor = p["headway_factor"].as<double>();
          if (p["headway_min"]) c->headway_min = p["headway_min"].as<double>();
          if (const auto w = p["waypoints"]) {
            for (std::size_t i = 0; i < w.size(); ++i) {
              TransitWaypoint t;
              t.key = fmt::format("{}.waypoints[{}]", ctx.key, i);
              t.where = ctx.reader.place(w[i], t.key);
              t.lonlat = std::make_pair(w[i][0].as<double>(), w[i][1].as<double>());
              c->waypoints.push_back(std::move(t));
            }
          }
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the public transport lines",
});

}  // namespace

}  // namespace ogan::scenario
