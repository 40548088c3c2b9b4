#include "engine/scenario/services_config.hpp"

#include <fmt/format.h>

#include "engine/core/clock.hpp"
#include "engine/scenario/options.hpp"

namespace ogan::scenario {

double parse_clock(const YamlReader& r, const YAML::Node& n, const std::string& key) {
  const auto s = r.get<std::string>(n, key, "a time HH:MM");
  const auto t = parse_hhmm(s, kFacilityMaxHour);
  if (!t) r.fail(n, key, t.error);
  return t.seconds;
}

namespace {

// A number of `n` within the registry's range for services.*.*.`k`.
double param(const YamlReader& r, const YAML::Node& n, const std::string& key,
             const std::string& k) {
  const double v = r.number(n, key);
  const auto why = out_of_range(option_spec("services.*.*." + k), v);
  if (!why.empty()) r.fail(n, key, why);
  return v;
}

}  // namespace

const std::vector<std::string>& facility_param_keys() {
  static const std::vector<std::string> kKeys = {
      "servers", "open", "close", "break", "service_min", "service_cv", "quota", "balk_queue"};
  return kKeys;
}

FacilityOverride read_facility_override(const YamlReader& r, const YAML::Node& n,
                                        const std::string& key) {
  FacilityOverride o;
  o.key = key;
  o.at = r.place(n, key);
  if (n["servers"])
    o.servers = static_cast<int>(param(r, n["servers"], key + ".servers", "servers"));
  if (n["open"]) o.open_s = parse_clock(r, n["open"], key + ".open");
  if (n["close"]) o.close_s = parse_clock(r, n["close"], key + ".close");
  if (n["break"]) {
    const auto b = r.get<std::string>(n["break"], key + ".break", "HH:MM-HH:MM");
    const auto dash = b.find('-');
    if (dash == std::string::npos)
      r.fail(n["break"], key + ".break", fmt::format("expected HH:MM-HH:MM, got '{}'", b));
    o.break_start_s = parse_clock(r, YAML::Node(b.substr(0, dash)), key + ".break");
    o.break_end_s = parse_clock(r, YAML::Node(b.substr(dash + 1)), key + ".break");
  }
  if (n["service_min"])
    o.service_mean_s = 60 * param(r, n["service_min"], key + ".service_min", "service_min");
  if (n["service_cv"]) o.service_cv = param(r, n["service_cv"], key + ".service_cv", "service_cv");
  if (n["quota"]) o.quota = static_cast<int>(param(r, n["quota"], key + ".quota", "quota"));
  if (n["balk_queue"])
    o.balk_queue = static_cast<int>(param(r, n["balk_queue"], key + ".balk_queue", "balk_queue"));
  return o;
}

void FacilityOverride::apply_to(svc::FacilityParams& p) const {
  if (servers) p.servers = *servers;
  if (open_s) p.open_s = *open_s;
  if (close_s) p.close_s = *close_s;
  if (break_start_s) p.break_start_s = *break_start_s;
  if (break_end_s) p.break_end_s = *break_end_s;
  if (service_mean_s) p.service_mean_s = *service_mean_s;
  if (service_cv) p.service_cv = *service_cv;
  if (quota) p.quota = *quota;
  if (balk_queue) p.balk_queue = *balk_queue;
  if (p.close_s <= p.open_s) fail_at(at, key, "closing time must be after opening time");
}

std::map<std::string, FacilityOverride> read_facility_overrides(const YamlReader& r,
                                                                const YAML::Node& n,
                                                                const std::string& key) {
  if (!n.IsMap()) r.fail(n, key, "expected a mapping of facility names to parameters");
  std::map<std::string, FacilityOverride> out;
  for (const auto& kv : n) {
    const auto name = key + "." + kv.first.as<std::string>();
    r.check_keys(kv.second, name, facility_param_keys());
    out[kv.first.as<std::string>()] = read_facility_override(r, kv.second, name);
  }
  return out;
}

std::vector<std::optional<svc::FacilityParams>> facility_params(
    const ServicesConfig& cfg, const std::vector<gis::Facility>& facilities) {
  std::vector<std::optional<svc::FacilityParams>> out(facilities.size());
  std::map<std::string, bool> named;
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    auto p = svc::default_params(facilities[f].type);
    if (!p) continue;
    if (auto it = cfg.by_type.find(facilities[f].type); it != cfg.by_type.end())
      it->second.apply_to(*p);
    if (auto it = cfg.by_name.find(facilities[f].name); it != cfg.by_name.end()) {
      it->second.apply_to(*p);
      named[facilities[f].name] = true;
    }
    out[f] = p;
  }
  for (const auto& [name, o] : cfg.by_name) {
    if (!named.count(name)) {
      std::vector<std::string> names;
      for (const auto& fac : facilities)
        if (svc::default_params(fac.type)) names.push_back(fac.name);
      const auto guess = closest_match(name, names);
      fail_at(o.at, "services.facilities." + name,
              fmt::format("no queueing facility (puskesmas, hospital, civil registry, MPP, Samsat) "
                          "has this name{}",
                          guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess)));
    }
  }
  return out;
}

}  // namespace ogan::scenario
