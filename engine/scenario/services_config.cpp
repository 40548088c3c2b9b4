#include "engine/scenario/services_config.hpp"

#include <fmt/format.h>

namespace ogan::scenario {

double parse_clock(const YamlReader& r, const YAML::Node& n, const std::string& key) {
  const auto s = r.get<std::string>(n, key, "a time HH:MM");
  int h = -1, m = -1;
  char colon = 0;
  if (std::sscanf(s.c_str(), "%d%c%d", &h, &colon, &m) != 3 || colon != ':' || h < 0 || h > 30 || m < 0 || m > 59) {
    r.fail(n, key, fmt::format("expected a time HH:MM, got '{}'", s));
  }
  return h * 3600.0 + m * 60.0;
}

namespace {

pop::FacilityChoice parse_choice(const YamlReader& r, const YAML::Node& n, const std::string& key) {
  const auto v = r.get<std::string>(n, key, "nearest, catchment or logit");
  if (v == "nearest") return pop::FacilityChoice::Nearest;
  if (v == "catchment") return pop::FacilityChoice::Catchment;
  if (v == "logit") return pop::FacilityChoice::Logit;
  r.fail(n, key, fmt::format("expected nearest, catchment or logit, got '{}'", v));
}

const std::vector<std::string> kParamKeys = {"servers", "open", "close", "break", "service_min",
                                             "service_cv", "quota", "balk_queue"};

void apply(const YamlReader& r, const YAML::Node& n, const std::string& key, svc::FacilityParams& p) {
  r.check_keys(n, key, kParamKeys);
  if (n["servers"]) p.servers = static_cast<int>(r.in_range(n["servers"], key + ".servers", 1, 1000));
  if (n["open"]) p.open_s = parse_clock(r, n["open"], key + ".open");
  if (n["close"]) p.close_s = parse_clock(r, n["close"], key + ".close");
  if (n["break"]) {
    const auto b = r.get<std::string>(n["break"], key + ".break", "HH:MM-HH:MM");
    const auto dash = b.find('-');
    if (dash == std::string::npos) r.fail(n["break"], key + ".break", fmt::format("expected HH:MM-HH:MM, got '{}'", b));
    p.break_start_s = parse_clock(r, YAML::Node(b.substr(0, dash)), key + ".break");
    p.break_end_s = parse_clock(r, YAML::Node(b.substr(dash + 1)), key + ".break");
  }
  if (n["service_min"]) p.service_mean_s = 60 * r.in_range(n["service_min"], key + ".service_min", 0.1, 600);
  if (n["service_cv"]) p.service_cv = r.in_range(n["service_cv"], key + ".service_cv", 0.05, 3);
  if (n["quota"]) p.quota = static_cast<int>(r.in_range(n["quota"], key + ".quota", 0, 1e6));
  if (n["balk_queue"]) p.balk_queue = static_cast<int>(r.in_range(n["balk_queue"], key + ".balk_queue", 0, 1e6));
  if (p.close_s <= p.open_s) r.fail(n, key, "closing time must be after opening time");
}

}  // namespace

ServicesConfig parse_services(const YamlReader& r, const YAML::Node& s, pop::PlanOptions& plans) {
  ServicesConfig cfg;
  if (!s) return cfg;
  r.check_keys(s, "services", {"choice", "online_capacity_per_day", "types", "facilities"});
  if (const auto ch = s["choice"]) {
    r.check_keys(ch, "services.choice", {"puskesmas", "hospital", "civil_registry"});
    if (ch["puskesmas"]) plans.puskesmas_choice = parse_choice(r, ch["puskesmas"], "services.choice.puskesmas");
    if (ch["hospital"]) plans.hospital_choice = parse_choice(r, ch["hospital"], "services.choice.hospital");
    if (ch["civil_registry"]) plans.civil_registry_choice = parse_choice(r, ch["civil_registry"], "services.choice.civil_registry");
  }
  if (s["online_capacity_per_day"]) {
    plans.civil_registry_online_capacity = r.in_range(s["online_capacity_per_day"], "services.online_capacity_per_day", 0, 1e9);
  }
  if (const auto t = s["types"]) {
    r.check_keys(t, "services.types", {"puskesmas", "hospital", "civil_registry", "public_service_mall", "samsat"});
    for (const auto& kv : t) cfg.by_type[kv.first.as<std::string>()] = kv.second;
  }
  if (const auto f = s["facilities"]) {
    if (!f.IsMap()) r.fail(f, "services.facilities", "expected a mapping of facility names to parameters");
    for (const auto& kv : f) cfg.by_name[kv.first.as<std::string>()] = kv.second;
  }
  return cfg;
}

std::vector<std::optional<svc::FacilityParams>> facility_params(
    const YamlReader& r, const ServicesConfig& cfg, const std::vector<gis::Facility>& facilities) {
  std::vector<std::optional<svc::FacilityParams>> out(facilities.size());
  std::map<std::string, bool> named;
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    auto p = svc::default_params(facilities[f].type);
    if (!p) continue;
    if (auto it = cfg.by_type.find(facilities[f].type); it != cfg.by_type.end()) {
      apply(r, it->second, "services.types." + facilities[f].type, *p);
    }
    if (auto it = cfg.by_name.find(facilities[f].name); it != cfg.by_name.end()) {
      apply(r, it->second, "services.facilities." + facilities[f].name, *p);
      named[facilities[f].name] = true;
    }
    out[f] = p;
  }
  for (const auto& [name, node] : cfg.by_name) {
    if (!named.count(name)) {
      std::vector<std::string> names;
      for (const auto& fac : facilities)
        if (svc::default_params(fac.type)) names.push_back(fac.name);
      const auto guess = closest_match(name, names);
      r.fail(node, "services.facilities." + name,
             fmt::format("no queueing facility (puskesmas, hospital, civil registry, MPP, Samsat) "
                         "has this name{}", guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess)));
    }
  }
  return out;
}

}  // namespace ogan::scenario
