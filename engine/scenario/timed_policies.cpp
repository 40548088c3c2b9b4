#include "engine/scenario/timed_policies.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/scenario/scenario_file.hpp"

namespace ogan::scenario {

namespace {

using Kind = DayEvent::Kind;

DayEvent make_event(double at_s, Kind kind, const std::string& description) {
  DayEvent e;
  e.at_s = at_s;
  e.kind = kind;
  e.description = description;
  return e;
}

// One event per value (ascending), with the links that take it (ascending).
void link_events(const std::map<double, std::vector<net::LinkId>>& by_value, double at_s, Kind kind,
                 const std::string& description, std::vector<DayEvent>& out) {
  for (const auto& [value, links] : by_value) {
    auto e = make_event(at_s, kind, description);
    e.links = links;
    e.value = value;
    out.push_back(std::move(e));
  }
}

// Per link, the planned closures (from, to) of the untimed policies.
using Planned = std::map<net::LinkId, std::vector<std::pair<double, double>>>;

bool closed_all_along(const Planned& planned, net::LinkId l, double from_s, double to_s) {
  const auto it = planned.find(l);
  if (it == planned.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const auto& w) { return w.first <= from_s && w.second >= to_s; });
}

bool same_facility(const gis::Facility& a, const gis::Facility& b) {
  return a.name == b.name && a.type == b.type && a.x == b.x && a.y == b.y;
}

// The events of one timed entry, in the order they apply at `at` and then at `until`.
void add_events(const TimedPolicy& t, const World& w, const Planned& planned,
                std::vector<DayEvent>& out) {
  const Policy& p = *t.policy;
  const double until_s = t.until_s.value_or(kPolicyMaxHour * 3600.0);
  const std::string back = "end of " + t.label;
  std::vector<DayEvent> now, later;

  // The network: closures, capacities and speeds against the untimed world.
  net::Network changed = w.network;
  std::vector<Closure> closures;
  p.edit_network(changed, closures);
  p.close_areas(changed, closures);
  std::set<net::LinkId> closed;
  for (const auto& c : closures)
    if (!closed_all_along(planned, c.link, t.at_s, until_s)) closed.insert(c.link);
  if (!closed.empty()) {
    auto e = make_event(t.at_s, Kind::CloseLinks, t.label);
    e.links.assign(closed.begin(), closed.end());
    now.push_back(e);
    e.kind = Kind::ReopenLinks;
    e.at_s = until_s;
    e.description = back;
    later.push_back(std::move(e));
  }
  std::map<double, std::vector<net::LinkId>> capacity, capacity_back, speed, speed_back;
  for (std::size_t l = 0; l < w.network.num_links(); ++l) {
    const auto id = static_cast<net::LinkId>(l);
    if (changed.capacity_pcu_h[l] != w.network.capacity_pcu_h[l]) {
      capacity[changed.capacity_pcu_h[l]].push_back(id);
      capacity_back[w.network.capacity_pcu_h[l]].push_back(id);
    }
    if (changed.free_speed_mps[l] != w.network.free_speed_mps[l]) {
      speed[changed.free_speed_mps[l]].push_back(id);
      speed_back[w.network.free_speed_mps[l]].push_back(id);
    }
  }
  link_events(capacity, t.at_s, Kind::LinkCapacity, t.label, now);
  link_events(speed, t.at_s, Kind::LinkSpeed, t.label, now);
  link_events(capacity_back, until_s, Kind::LinkCapacity, back, later);
  link_events(speed_back, until_s, Kind::LinkSpeed, back, later);

  // Facilities closed: gone from the list, or closed for the day (floods).
  auto facilities = w.facility_list;
  p.edit_facilities(facilities);
  std::vector<std::string> for_the_day;
  p.closed_for_the_day(facilities, for_the_day);
  std::size_t j = 0, not_queues = 0;
  for (std::size_t f = 0; f < w.facility_list.size(); ++f) {
    const auto& a = w.facility_list[f];
    const bool kept = j < facilities.size() && same_facility(facilities[j], a);
    if (kept) ++j;
    if (kept && std::find(for_the_day.begin(), for_the_day.end(), a.name) == for_the_day.end())
      continue;
    if (!w.service_params[f]) {
      ++not_queues;
      continue;
    }
    auto e = make_event(t.at_s, Kind::FacilityClose, t.label);
    e.facility = static_cast<std::int32_t>(f);
    now.push_back(e);
    e.kind = Kind::FacilityServers;
    e.count = w.service_params[f]->servers;
    e.at_s = until_s;
    e.description = back;
    later.push_back(std::move(e));
  }
  if (not_queues > 0) {
    spdlog::warn(
        "{}: {} facilities without a service queue (schools, markets, ...) close; "
        "the plans made before the day still go there",
        t.label, not_queues);
  }

  // Servers changed (facility_service).
  std::vector<std::pair<std::string, FacilityOverride>> overrides;
  p.add_service_overrides(overrides);
  for (const auto& [name, o] : overrides) {
    bool found = false;
    for (std::size_t f = 0; f < w.facility_list.size(); ++f) {
      if (w.facility_list[f].name != name || !w.service_params[f]) continue;
      found = true;
      const int before = w.service_params[f]->servers;
      if (!o.servers || *o.servers == before) continue;
      auto e = make_event(t.at_s, Kind::FacilityServers, t.label);
      e.facility = static_cast<std::int32_t>(f);
      e.count = *o.servers;
      now.push_back(e);
      e.count = before;
      e.at_s = until_s;
      e.description = back;
      later.push_back(std::move(e));
    }
    if (!found) {
      std::vector<std::string> names;
      for (std::size_t f = 0; f < w.facility_list.size(); ++f)
        if (w.service_params[f]) names.push_back(w.facility_list[f].name);
      const auto guess = closest_match(name, names);
      fail_at(o.at, o.key,
              fmt::format("no queueing facility (puskesmas, hospital, civil registry, MPP, Samsat) "
                          "has this name{}",
                          guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess)));
    }
  }

  p.add_day_events(t.at_s, t.label, now);
  if (now.empty())
    spdlog::warn("{}: changes nothing in this world at {}", t.label, format_hhmm(t.at_s));
  out.insert(out.end(), now.begin(), now.end());
  if (t.until_s) out.insert(out.end(), later.begin(), later.end());
}

}  // namespace

std::vector<DayEvent> timed_policy_events(const Policies& policies, const World& world) {
  std::vector<DayEvent> out;
  if (policies.timed().empty()) return out;
  Planned planned;
  for (const auto& c : world.closures) planned[c.link].emplace_back(c.from_s, c.to_s);
  for (const auto& t : policies.timed()) add_events(t, world, planned, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const DayEvent& a, const DayEvent& b) { return a.at_s < b.at_s; });
  return out;
}

std::vector<DayEvent> policy_file_events(const std::string& yaml_path,
                                         const std::vector<std::string>& sets, const World& world,
                                         double default_at_s) {
  const auto doc = load_scenario(yaml_path, sets);
  const YamlReader r = doc.reader();
  std::vector<std::string> errors;
  const auto error = [&](const YAML::Node& n, const std::string& key, const std::string& what) {
    try {
      r.fail(n, key, what);
    } catch (const InputError& e) {
      errors.push_back(e.what());
    }
  };
  for (const auto& kv : doc.root) {
    const auto k = kv.first.as<std::string>();
    if (k != "policies" && k != "name" && k != "description")
      error(kv.first, k, "not a key of a policy file; it holds `policies:` (and a name)");
  }
  const YAML::Node list = doc.root["policies"];
  if (!list) {
    error(doc.root, "policies", "missing: a policy file is a list `policies:` of interventions");
  } else if (!list.IsSequence()) {
    error(list, "policies", "expected a list");
  } else {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto key = fmt::format("policies[{}]", i);
      for (auto& e : validate_policy(list[i], key, r, true)) errors.push_back(std::move(e));
      const YAML::Node at = list[i].IsMap() ? list[i]["at"] : YAML::Node();
      if (!at || !at.IsScalar()) continue;
      const auto t = parse_hhmm(at.as<std::string>(), kPolicyMaxHour);
      if (t && t.seconds < default_at_s) {
        error(at, key + ".at",
              fmt::format("{} is before the fork at {}: the day cannot change its past",
                          at.as<std::string>(), format_hhmm(default_at_s)));
      }
    }
  }
  if (!errors.empty()) {
    throw InputError(fmt::format("{} problem(s) in the policy file:\n  {}", errors.size(),
                                 fmt::join(errors, "\n  ")));
  }
  const Policies policies(list, r, world.crs, default_at_s);
  return timed_policy_events(policies, world);
}

}  // namespace ogan::scenario
