#include "engine/population/assumptions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/core/yaml_load.hpp"
#include "engine/core/yaml_reader.hpp"

namespace ogan::pop {

const char* sector_name(Sector s) {
  static const char* kNames[kSectors] = {"none",     "agriculture", "industry", "trade",
                                         "services", "government",  "transport"};
  return kNames[static_cast<int>(s)];
}

namespace {

std::string join(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// "--set population.overrides.k: what" or "scenario.yaml:12: population.overrides.k: what".
[[noreturn]] void fail_override(const AssumptionOverride& o, const std::string& key,
                                const std::string& what) {
  const std::string k = "population.overrides." + key;
  if (o.file == "--set") throw InputError(fmt::format("--set {}: {}", k, what));
  throw InputError(fmt::format("{}:{}: {}: {}", o.file, o.line, k, what));
}

class Yaml {
 public:
  Yaml(std::string file, const AssumptionOverrides& overrides)
      : file_(std::move(file)), overrides_(overrides) {}

  // A value a scenario replaced is reported where the scenario set it.
  [[noreturn]] void fail(const YAML::Node& n, const std::string& key,
                         const std::string& what) const {
    for (std::string k = key;;) {
      for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
        if (it->key == k) fail_override(*it, key, what);
      }
      const auto cut = k.find_last_of('.');
      if (cut == std::string::npos) break;
      k = k.substr(0, cut);
    }
    std::string set_below;
    for (const auto& o : overrides_) {
      if (o.key.rfind(key + ".", 0) == 0)
        set_below = fmt::format(" (after population.overrides.{})", o.key);
    }
    throw InputError(
        fmt::format("{}:{}: {}: {}{}", file_, n.Mark().line + 1, key, what, set_below));
  }
  YAML::Node need(const YAML::Node& parent, const std::string& parent_key, const char* key) const {
    const YAML::Node n = parent[key];
    if (!n) fail(parent, join(parent_key, key), "missing");
    return n;
  }
  double number(const YAML::Node& parent, const std::string& parent_key, const char* key) const {
    const YAML::Node n = need(parent, parent_key, key);
    try {
      return n.as<double>();
    } catch (const YAML::Exception&) {
      fail(n, join(parent_key, key), "expected a number");
    }
  }
  // A number in [lo, hi].
  double in_range(const YAML::Node& parent, const std::string& parent_key, const char* key,
                  double lo, double hi) const {
    const double x = number(parent, parent_key, key);
    if (!(x >= lo && x <= hi))
      fail(parent[key], join(parent_key, key),
           fmt::format("{} is out of range [{:g}, {:g}]", x, lo, hi));
    return x;
  }
  int whole(const YAML::Node& parent, const std::string& parent_key, const char* key, int lo,
            int hi) const {
    const double x = in_range(parent, parent_key, key, lo, hi);
    if (x != std::floor(x))
      fail(parent[key], join(parent_key, key), fmt::format("expected a whole number, got {}", x));
    return static_cast<int>(x);
  }
  // A mapping with exactly these keys (plus `source` and `reliability`, the file's notes).
  YAML::Node block(const YAML::Node& parent, const std::string& parent_key, const char* key,
                   const std::vector<std::string>& keys) const {
    const YAML::Node n = need(parent, parent_key, key);
    const std::string k = join(parent_key, key);
    if (!n.IsMap()) fail(n, k, "expected a mapping of keys to values");
    for (const auto& kv : n) {
      const auto name = kv.first.as<std::string>();
      if (name == "source" || name == "reliability") continue;
      if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
        const auto guess = closest_match(name, keys);
        fail(kv.first, join(k, name),
             fmt::format("unknown key{}",
                         guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess)));
      }
    }
    return n;
  }
  std::vector<double> shares(const YAML::Node& parent, const std::string& parent_key,
                             const char* key, std::size_t size) const {
    const YAML::Node n = need(parent, parent_key, key);
    const std::string k = join(parent_key, key);
    if (!n.IsSequence() || (size > 0 && n.size() != size)) {
      fail(n, k, fmt::format("expected a list of {} shares", size));
    }
    std::vector<double> v;
    for (const auto& x : n) {
      try {
        v.push_back(x.as<double>());
      } catch (const YAML::Exception&) {
        fail(x, k, "expected a number");
      }
      if (v.back() < 0) fail(x, k, "shares must not be negative");
    }
    normalise(v, n, k);
    return v;
  }
  void normalise(std::vector<double>& v, const YAML::Node& n, const std::string& k) const {
    const double s = std::accumulate(v.begin(), v.end(), 0.0);
    if (std::abs(s - 1.0) > 0.01) fail(n, k, fmt::format("shares sum to {:.4f}, expected 1", s));
    for (double& x : v) x /= s;
  }
  SectorShares sectors(const YAML::Node& parent, const std::string& parent_key,
                       const char* key) const {
    const YAML::Node n = need(parent, parent_key, key);
    const std::string k = join(parent_key, key);
    std::vector<double> v(kSectors, 0.0);
    for (int s = 1; s < kSectors; ++s) {
      v[s] = number(n, k, sector_name(static_cast<Sector>(s)));
    }
    normalise(v, n, k);
    SectorShares out{};
    std::copy(v.begin(), v.end(), out.begin());
    return out;
  }

 private:
  std::string file_;
  const AssumptionOverrides& overrides_;
};

template <std::size_t N>
std::array<double, N> to_array(const std::vector<double>& v) {
  std::array<double, N> a{};
  std::copy(v.begin(), v.end(), a.begin());
  return a;
}

std::vector<std::string> keys_of(const YAML::Node& map) {
  std::vector<std::string> out;
  for (const auto& kv : map) out.push_back(kv.first.as<std::string>());
  return out;
}

// Writes each override over the file's tree; its key must already be there.
void apply_overrides(YAML::Node root, const AssumptionOverrides& overrides) {
  for (const auto& o : overrides) {
    YAML::Node v;
    try {
      v = YAML::Load(o.value);
    } catch (const YAML::Exception& e) {
      fail_override(o, o.key, fmt::format("the value is not valid YAML: {}", e.msg));
    }
    YAML::Node cur;
    cur.reset(root);  // rebind, do not assign: Node::operator= writes through
    std::size_t start = 0;
    while (true) {
      const auto dot = o.key.find('.', start);
      const std::string part =
          o.key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!cur.IsMap())
        fail_override(o, o.key,
                      fmt::format("'{}' is a single value or a list: set it whole",
                                  o.key.substr(0, start - 1)));
      const YAML::Node child = static_cast<const YAML::Node&>(cur)[part];  // const: does not insert
      if (!child) {
        const auto known = keys_of(cur);
        const auto guess = closest_match(part, known);
        fail_override(
            o, o.key,
            fmt::format("unknown key '{}' in the assumptions file{}; expected one of: {}", part,
                        guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                        fmt::join(known, ", ")));
      }
      if (dot == std::string::npos) {
        if (child.IsMap() && !v.IsMap()) {
          fail_override(
              o, o.key,
              fmt::format("expected a mapping with keys {}", fmt::join(keys_of(child), ", ")));
        }
        cur[part] = v;
        break;
      }
      cur.reset(child);
      start = dot + 1;
    }
  }
}

const std::vector<std::string> kWindowKeys = {"start_h", "start_sd_h", "earliest_h", "latest_h",
                                              "duration_h"};

// The keys of a TimeWindow in block `n` (key `k`).
TimeWindow time_window(const Yaml& y, const YAML::Node& n, const std::string& k) {
  TimeWindow w;
  w.start_h = y.in_range(n, k, "start_h", 0, 30);
  w.start_sd_h = y.in_range(n, k, "start_sd_h", 0, 12);
  w.earliest_h = y.in_range(n, k, "earliest_h", 0, 30);
  w.latest_h = y.in_range(n, k, "latest_h", w.earliest_h, 30);
  w.duration_h = y.in_range(n, k, "duration_h", 0, 24);
  return w;
}

// The blocks travel_times .. departures: the behaviour of the daily-plan model.
ModeChoiceModel mode_choice(const Yaml& y, const YAML::Node& root) {
  ModeChoiceModel m;
  const auto mc =
      y.block(root, "", "mode_choice",
              {"beta_time", "beta_walk_time", "beta_cost", "constants", "costs", "angkot_wait_min",
               "ojek_wait_min", "bicycle_time_weight", "max_walk_km", "max_bicycle_km"});
  m.beta_time = y.in_range(mc, "mode_choice", "beta_time", -10, 0);
  m.beta_walk_time = y.in_range(mc, "mode_choice", "beta_walk_time", -10, 0);
  m.beta_cost = y.in_range(mc, "mode_choice", "beta_cost", -10, 0);
  const auto k = y.block(mc, "mode_choice", "constants",
                         {"motorcycle", "car", "angkot", "ojek", "walk", "bicycle"});
  const std::array<std::pair<Mode, const char*>, 6> modes = {{{Mode::Motorcycle, "motorcycle"},
                                                              {Mode::Car, "car"},
                                                              {Mode::Angkot, "angkot"},
                                                              {Mode::Ojek, "ojek"},
                                                              {Mode::Walk, "walk"},
                                                              {Mode::Bicycle, "bicycle"}}};
  for (const auto& [mode, name] : modes)
    m.constant[static_cast<std::size_t>(mode)] =
        y.in_range(k, "mode_choice.constants", name, -20, 20);
  const auto c = y.block(mc, "mode_choice", "costs",
                         {"fuel_motorcycle_per_km", "car_per_km", "car_parking", "angkot_fare",
                          "ojek_base", "ojek_per_km"});
  m.fuel_motorcycle_per_km = y.in_range(c, "mode_choice.costs", "fuel_motorcycle_per_km", 0, 1000);
  m.car_per_km = y.in_range(c, "mode_choice.costs", "car_per_km", 0, 1000);
  m.car_parking = y.in_range(c, "mode_choice.costs", "car_parking", 0, 1000);
  m.angkot_fare = y.in_range(c, "mode_choice.costs", "angkot_fare", 0, 1000);
  m.ojek_base = y.in_range(c, "mode_choice.costs", "ojek_base", 0, 1000);
  m.ojek_per_km = y.in_range(c, "mode_choice.costs", "ojek_per_km", 0, 1000);
  m.angkot_wait_min = y.in_range(mc, "mode_choice", "angkot_wait_min", 0, 240);
  m.ojek_wait_min = y.in_range(mc, "mode_choice", "ojek_wait_min", 0, 240);
  m.bicycle_time_weight = y.in_range(mc, "mode_choice", "bicycle_time_weight", 0, 100);
  m.max_walk_km = y.in_range(mc, "mode_choice", "max_walk_km", 0, 1000);
  m.max_bicycle_km = y.in_range(mc, "mode_choice", "max_bicycle_km", 0, 1000);
  return m;
}

DayPlanAssumptions day_plans(const Yaml& y, const YAML::Node& root) {
  DayPlanAssumptions a;
  const auto tt =
      y.block(root, "", "travel_times",
              {"intrazonal_speed_kmh", "intrazonal_distance_factor", "intrazonal_detour",
               "unreachable_detour", "interzonal_min_detour", "interzonal_max_speed_kmh",
               "unknown_zone_time_min", "unreachable_time_h"});
  a.intrazonal_speed_kmh = y.in_range(tt, "travel_times", "intrazonal_speed_kmh", 1, 200);
  a.intrazonal_distance_factor =
      y.in_range(tt, "travel_times", "intrazonal_distance_factor", 0, 10);
  a.intrazonal_detour = y.in_range(tt, "travel_times", "intrazonal_detour", 1, 10);
  a.unreachable_detour = y.in_range(tt, "travel_times", "unreachable_detour", 1, 10);
  a.interzonal_min_detour = y.in_range(tt, "travel_times", "interzonal_min_detour", 0, 10);
  a.interzonal_max_speed_kmh = y.in_range(tt, "travel_times", "interzonal_max_speed_kmh", 1, 200);
  a.unknown_zone_time_min = y.in_range(tt, "travel_times", "unknown_zone_time_min", 0, 1440);
  a.unreachable_time_h = y.in_range(tt, "travel_times", "unreachable_time_h", 0, 24);

  std::vector<std::string> sectors;
  for (int s = 1; s < kSectors; ++s) sectors.push_back(sector_name(static_cast<Sector>(s)));
  auto with = [](std::vector<std::string> v, std::initializer_list<const char*> more) {
    v.insert(v.end(), more.begin(), more.end());
    return v;
  };
  const auto wt = y.block(root, "", "work_timing",
                          with(sectors, {"earliest_start_h", "latest_start_h", "start_shift_min"}));
  for (int s = 1; s < kSectors; ++s) {
    const char* name = sector_name(static_cast<Sector>(s));
    const std::string k = join("work_timing", name);
    const auto n = y.block(wt, "work_timing", name, {"start_h", "start_sd_h", "duration_h"});
    auto& t = a.work_timing[s];
    t.start_h = y.in_range(n, k, "start_h", 0, 24);
    t.start_sd_h = y.in_range(n, k, "start_sd_h", 0, 12);
    t.duration_h = y.in_range(n, k, "duration_h", 0, 24);
  }
  a.work_earliest_start_h = y.in_range(wt, "work_timing", "earliest_start_h", 0, 24);
  a.work_latest_start_h =
      y.in_range(wt, "work_timing", "latest_start_h", a.work_earliest_start_h, 24);
  a.work_start_shift_min = y.in_range(wt, "work_timing", "start_shift_min", -600, 600);

  const auto wd = y.block(root, "", "work_destinations", with(sectors, {"share_at_sites"}));
  a.share_of_jobs_at_sites = y.in_range(wd, "work_destinations", "share_at_sites", 0, 1);
  for (int s = 1; s < kSectors; ++s) {
    const char* name = sector_name(static_cast<Sector>(s));
    const std::string k = join("work_destinations", name);
    const auto n = y.block(wd, "work_destinations", name,
                           {"beta_per_min", "per_resident", "per_km2", "urban_factor", "sites"});
    auto& d = a.work_destinations[s];
    d.beta_per_min = y.in_range(n, k, "beta_per_min", 0, 10);
    d.per_resident = y.in_range(n, k, "per_resident", 0, 1e6);
    d.per_km2 = y.in_range(n, k, "per_km2", 0, 1e6);
    d.urban_factor = y.in_range(n, k, "urban_factor", 0, 1e6);
    const auto sites = y.need(n, k, "sites");
    const std::string sk = join(k, "sites");
    if (!sites.IsMap()) y.fail(sites, sk, "expected a mapping of facility types to jobs");
    for (const auto& kv : sites) {
      JobSite site;
      site.type = kv.first.as<std::string>();
      const std::string tk = join(sk, site.type);
      if (kv.second.IsMap()) {
        y.block(sites, sk, site.type.c_str(), {"capacity_or", "share"});
        site.use_capacity = true;
        site.jobs = y.in_range(kv.second, tk, "capacity_or", 0, 1e9);
        if (kv.second["share"]) site.share = y.in_range(kv.second, tk, "share", 0, 1e6);
      } else {
        site.jobs = y.in_range(sites, sk, site.type.c_str(), 0, 1e9);
      }
      d.sites.push_back(site);
    }
  }

  const auto sv =
      y.block(root, "", "service_visits",
              {"health_days_per_year", "civil_registry_days_per_year", "civil_registry_adult_age",
               "civil_registry_adult_factor", "rate_factor", "puskesmas", "hospital",
               "civil_registry", "logit_travel_per_min", "logit_wait_per_min"});
  a.health_days_per_year = y.in_range(sv, "service_visits", "health_days_per_year", 1, 366);
  a.civil_registry_days_per_year =
      y.in_range(sv, "service_visits", "civil_registry_days_per_year", 1, 366);
  a.civil_registry_adult_age = y.whole(sv, "service_visits", "civil_registry_adult_age", 0, 120);
  a.civil_registry_adult_factor =
      y.in_range(sv, "service_visits", "civil_registry_adult_factor", 0, 100);
  a.service_rate_factor = y.in_range(sv, "service_visits", "rate_factor", 0, 100);
  a.puskesmas_visit = time_window(y, y.block(sv, "service_visits", "puskesmas", kWindowKeys),
                                  "service_visits.puskesmas");
  a.hospital_visit = time_window(y, y.block(sv, "service_visits", "hospital", kWindowKeys),
                                 "service_visits.hospital");
  a.civil_registry_visit =
      time_window(y, y.block(sv, "service_visits", "civil_registry", kWindowKeys),
                  "service_visits.civil_registry");
  a.logit_travel_per_min = y.in_range(sv, "service_visits", "logit_travel_per_min", -100, 0);
  a.logit_wait_per_min = y.in_range(sv, "service_visits", "logit_wait_per_min", -100, 0);

  const auto sd = y.block(root, "", "school_day",
                          {"start_h", "hours", "unknown_capacity_slack", "seat_growth"});
  a.school_start_h = y.in_range(sd, "school_day", "start_h", 0, 24);
  const auto hours = y.block(sd, "school_day", "hours", {"sd", "smp", "sma"});
  a.school_hours_sd = y.in_range(hours, "school_day.hours", "sd", 0, 24);
  a.school_hours_smp = y.in_range(hours, "school_day.hours", "smp", 0, 24);
  a.school_hours_sma = y.in_range(hours, "school_day.hours", "sma", 0, 24);
  a.school_unknown_capacity_slack = y.in_range(sd, "school_day", "unknown_capacity_slack", 1, 10);
  a.school_seat_growth = y.in_range(sd, "school_day", "seat_growth", 1, 10);

  const auto un =
      y.block(root, "", "university", with(kWindowKeys, {"base_capacity", "beta_per_min"}));
  a.university = time_window(y, un, "university");
  a.university_base_capacity = y.in_range(un, "university", "base_capacity", 0, 1e9);
  a.university_beta_per_min = y.in_range(un, "university", "beta_per_min", 0, 10);

  const auto mk =
      y.block(root, "", "market",
              with(kWindowKeys, {"probability", "rural_divisor", "base_stalls", "beta_per_min"}));
  const auto pr = y.block(mk, "market", "probability", {"homemaker", "retired", "unemployed"});
  a.market_homemaker = y.in_range(pr, "market.probability", "homemaker", 0, 1);
  a.market_retired = y.in_range(pr, "market.probability", "retired", 0, 1);
  a.market_unemployed = y.in_range(pr, "market.probability", "unemployed", 0, 1);
  a.market_rural_divisor = y.in_range(mk, "market", "rural_divisor", 1, 1e6);
  a.market = time_window(y, mk, "market");
  a.market_base_stalls = y.in_range(mk, "market", "base_stalls", 0, 1e9);
  a.market_beta_per_min = y.in_range(mk, "market", "beta_per_min", 0, 10);

  const auto es =
      y.block(root, "", "escort",
              {"max_children", "max_detour_min", "dropoff_before_school_min", "stop_min"});
  a.escort_max_children = y.whole(es, "escort", "max_children", 0, 10);
  a.escort_max_detour_min = y.in_range(es, "escort", "max_detour_min", 0, 240);
  a.escort_dropoff_before_school_min =
      y.in_range(es, "escort", "dropoff_before_school_min", 0, 120);
  a.escort_stop_min = y.in_range(es, "escort", "stop_min", 0, 120);

  const auto dp = y.block(root, "", "departures", {"buffer_min", "earliest_h"});
  a.departure_buffer_min = y.in_range(dp, "departures", "buffer_min", 0, 120);
  a.earliest_departure_h = y.in_range(dp, "departures", "earliest_h", 0, 24);
  return a;
}

}  // namespace

Assumptions load_assumptions(const std::string& path, const AssumptionOverrides& overrides) {
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap())
    throw InputError(
        fmt::format("{}:1: expected a mapping of blocks (age_sex, household_size, ...)", path));
  apply_overrides(root, overrides);
  Yaml y(path, overrides);
  Assumptions a;
  const auto age = y.need(root, "", "age_sex");
  a.age_male = to_array<kAgeBands>(y.shares(age, "age_sex", "male", kAgeBands));
  a.age_female = to_array<kAgeBands>(y.shares(age, "age_sex", "female", kAgeBands));
  const auto hh = y.need(root, "", "household_size");
  a.household_size = y.shares(hh, "household_size", "shares", 8);
  a.household_mean = y.number(hh, "household_size", "mean");
  const auto enr = y.need(root, "", "school_enrolment");
  a.enrol_sd = y.in_range(enr, "school_enrolment", "sd", 0, 1);
  a.enrol_smp = y.in_range(enr, "school_enrolment", "smp", 0, 1);
  a.enrol_sma = y.in_range(enr, "school_enrolment", "sma", 0, 1);
  a.enrol_university = y.in_range(enr, "school_enrolment", "university", 0, 1);
  const auto lab = y.need(root, "", "labour");
  a.participation_male = y.in_range(lab, "labour", "participation_male", 0, 1);
  a.participation_female = y.in_range(lab, "labour", "participation_female", 0, 1);
  a.unemployment = y.in_range(lab, "labour", "unemployment", 0, 1);
  a.retirement_age = static_cast<int>(y.number(lab, "labour", "retirement_age"));
  a.participation_after_retirement =
      y.in_range(lab, "labour", "participation_after_retirement", 0, 1);
  const auto sec = y.need(root, "", "employment_sectors");
  a.sectors_urban = y.sectors(sec, "employment_sectors", "urban");
  a.sectors_rural = y.sectors(sec, "employment_sectors", "rural");
  const auto veh = y.need(root, "", "vehicles");
  a.motorcycles_urban = to_array<4>(y.shares(veh, "vehicles", "motorcycles_urban", 4));
  a.motorcycles_rural = to_array<4>(y.shares(veh, "vehicles", "motorcycles_rural", 4));
  a.car_share_urban = y.in_range(veh, "vehicles", "car_share_urban", 0, 1);
  a.car_share_rural = y.in_range(veh, "vehicles", "car_share_rural", 0, 1);
  a.licence_age_min = static_cast<int>(y.number(veh, "vehicles", "licence_age_min"));
  if (veh["underage_riding"]) a.underage_riding = y.number(veh, "vehicles", "underage_riding");
  const auto lic = y.need(veh, "vehicles", "licence_share");
  a.licence_male = y.in_range(lic, "vehicles.licence_share", "male", 0, 1);
  a.licence_female = y.in_range(lic, "vehicles.licence_share", "female", 0, 1);
  a.licence_male_older = y.in_range(lic, "vehicles.licence_share", "male_older", 0, 1);
  a.licence_female_older = y.in_range(lic, "vehicles.licence_share", "female_older", 0, 1);
  a.licence_older_age = y.whole(veh, "vehicles", "licence_older_age", 0, 120);
  a.underage_riding_min_age = y.whole(veh, "vehicles", "underage_riding_min_age", 0, 120);
  const auto svc = y.need(root, "", "service_rates");
  a.puskesmas_visits_per_year = y.number(svc, "service_rates", "puskesmas_visits_per_person_year");
  a.hospital_outpatient_per_year =
      y.number(svc, "service_rates", "hospital_outpatient_per_person_year");
  a.civil_registry_per_year =
      y.number(svc, "service_rates", "civil_registry_services_per_person_year");
  a.plans = day_plans(y, root);
  a.mode_choice = mode_choice(y, root);
  return a;
}

namespace {
void collect(const YAML::Node& n, const std::string& key, const YamlReader& scenario,
             AssumptionOverrides& out) {
  if (n.IsMap()) {
    for (const auto& kv : n)
      collect(kv.second, join(key, kv.first.as<std::string>()), scenario, out);
    return;
  }
  if (!n.IsDefined() || n.IsNull()) return;
  YAML::Emitter e;
  e << YAML::Flow << n;
  const int line = n.Mark().line >= 0 ? n.Mark().line + 1 : 0;
  out.push_back({key, e.c_str(), scenario.origin("population.overrides." + key), line});
}
}  // namespace

AssumptionOverrides overrides_from_scenario(const YAML::Node& node, const YamlReader& scenario) {
  AssumptionOverrides out;
  if (node && !node.IsNull() && !node.IsMap()) {
    scenario.fail(node, "population.overrides",
                  "expected a mapping with the structure of the assumptions file");
  }
  if (node) collect(node, "", scenario, out);
  return out;
}

}  // namespace ogan::pop
