#include "engine/scenario/policies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ogan::scenario {

Policies::Policies(const YAML::Node& list, const YamlReader& r, const OGRSpatialReference& crs,
                   std::optional<double> default_at_s) {
  if (!list) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node p = list[i];
    const auto type = p["type"].as<std::string>();
    const std::string what = p["description"] ? p["description"].as<std::string>() : "";
    descriptions_.push_back(fmt::format("{}: {}", type, what.empty() ? [&] {
      YAML::Emitter e;
      e << YAML::Flow << p;
      return std::string(e.c_str());
    }()
                                                                     : what));
    const bool timed = p["at"] || default_at_s;
    const PolicyContext ctx{r, fmt::format("policies[{}]", i), crs, timed};
    std::shared_ptr<const Policy> policy = policy_types().at(type).read(p, ctx);
    if (!timed) {
      items_.push_back(std::move(policy));
      continue;
    }
    TimedPolicy t{std::move(policy), p["at"] ? policy_clock(p["at"], 0) : *default_at_s};
    if (p["until"]) t.until_s = policy_clock(p["until"], 0);
    const YAML::Node named = p["name"] ? p["name"] : p["description"];
    t.label = named && named.IsScalar()
                  ? fmt::format("{} '{}' ({})", type, named.as<std::string>(), ctx.key)
                  : fmt::format("{} ({})", type, ctx.key);
    timed_.push_back(std::move(t));
  }
  for (const auto& p : items_) p->edit_growth(growth_);
}

void Policies::apply_to_roads(std::vector<net::Road>& roads, const OGRSpatialReference& crs) const {
  for (const auto& p : items_) p->edit_roads(roads, crs);
}

std::vector<Closure> Policies::apply_to_network(net::Network& net) const {
  std::vector<Closure> closures;
  for (const auto& p : items_) p->edit_network(net, closures);
  for (const auto& p : items_) p->close_areas(net, closures);
  return closures;
}

void Policies::apply_to_facilities(std::vector<gis::Facility>& facilities) const {
  for (const auto& p : items_) p->edit_facilities(facilities);
  std::vector<std::string> closed;
  for (const auto& p : items_) p->closed_for_the_day(facilities, closed);
  facilities.erase(std::remove_if(facilities.begin(), facilities.end(),
                                  [&](const auto& f) {
                                    return std::find(closed.begin(), closed.end(), f.name) !=
                                           closed.end();
                                  }),
                   facilities.end());
}

void Policies::apply_to_plan_options(pop::PlanOptions& o) const {
  for (const auto& p : items_) p->edit_plan_options(o);
}

void Policies::apply_to_transit(TransitConfig& c) const {
  for (const auto& p : items_) p->edit_transit(c);
}

std::vector<std::pair<std::string, FacilityOverride>> Policies::service_overrides() const {
  std::vector<std::pair<std::string, FacilityOverride>> out;
  for (const auto& p : items_) p->add_service_overrides(out);
  return out;
}

double Policies::population_factor(std::optional<double> pop_2015, double pop_2025,
                                   double regency_growth) const {
  double f = growth_.factor;
  if (growth_.target_year) {
    const double r =
        pop_2015 && *pop_2015 > 0 ? std::pow(pop_2025 / *pop_2015, 0.1) - 1 : regency_growth;
    f *= std::pow(1 + r, *growth_.target_year - 2025);
  }
  return f;
}

}  // namespace ogan::scenario
