#include "engine/population/plans.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>

#include "engine/core/rng.hpp"
#include "engine/population/mode_choice.hpp"

namespace ogan::pop {

namespace {

constexpr double kHour = 3600.0;
constexpr double kMin = 60.0;

struct Place {
  std::int32_t zone = -1;
  net::LinkId link = -1;
  double x = 0, y = 0;
  std::int32_t facility = -1;
};

// Every behavioural number below comes from `p` (data/facts/population_assumptions.yaml).
struct Context {
  Context(const DemandWorld& world, const PlanOptions& options)
      : w(world),
        o(options),
        p(world.assumptions.plans),
        intrazonal_mps(p.intrazonal_speed_kmh / 3.6),
        interzonal_max_mps(p.interzonal_max_speed_kmh / 3.6),
        mode_model(world.assumptions.mode_choice) {}

  const DemandWorld& w;
  const PlanOptions& o;
  const DayPlanAssumptions& p;
  double intrazonal_mps;      // short trips on local streets
  double interzonal_max_mps;  // no zone-to-zone trip is faster on average
  ModeChoiceModel mode_model;
  std::vector<double> zone_pop;
  std::array<std::vector<double>, kSectors> attraction;  // per sector, per zone
  std::array<std::vector<std::vector<std::pair<std::int32_t, double>>>, kSectors> work_sites;
  std::map<std::string, std::vector<std::int32_t>> by_type;
  std::optional<FacilityChoice> choice_override;

  double zone_time_s(std::int32_t a, std::int32_t b) const {
    if (a < 0 || b < 0) return p.unknown_zone_time_min * kMin;
    if (a == b)
      return std::sqrt(w.zones.area_km2[a] * 1e6) * p.intrazonal_distance_factor / intrazonal_mps;
    const double t = w.skims.time_s(a, b);
    return std::isfinite(t) ? t : p.unreachable_time_h * kHour;
  }
  // Time and distance between two places: skims between zones, a detour factor within one.
  std::pair<double, double> leg(const Place& a, const Place& b) const {
    if (a.zone == b.zone || a.zone < 0 || b.zone < 0) {
      // 100 m: no trip is shorter (two homes on one street); a geometric floor, not behaviour.
      const double d = std::max(100.0, p.intrazonal_detour * std::hypot(a.x - b.x, a.y - b.y));
      return {d / intrazonal_mps, d};
    }
    const double e = std::hypot(a.x - b.x, a.y - b.y);
    const double t = w.skims.time_s(a.zone, b.zone);
    if (!std::isfinite(t))
      return {p.unreachable_detour * e / intrazonal_mps, p.unreachable_detour * e};
    // Zone skims run between anchor nodes; never let them be shorter than the crow flies (two
    // small zones may share an anchor).
    const double d =
        std::max({w.skims.distance_m(a.zone, b.zone), p.interzonal_min_detour * e, 100.0});
    return {std::max(t, d / interzonal_max_mps), d};
  }
  Place facility_place(std::int32_t f) const {
    const auto& s = w.facilities;
    return {s.zone[f], s.link[f], s.x[f], s.y[f], f};
  }
  Place home(std::size_t h) const {
    return {w.pop.hh_zone[h], w.pop.hh_link[h], w.pop.hh_x[h], w.pop.hh_y[h], -1};
  }
};

bool type_matches(const std::string& pattern, const std::string& type) {
  if (!pattern.empty() && pattern.back() == '*')
    return type.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return pattern == type;
}

// Jobs at a facility for workers of one sector (work_destinations.<sector>.sites).
double facility_weight(const SectorDestinations& d, const std::string& type, double capacity) {
  for (const auto& site : d.sites) {
    if (!type_matches(site.type, type)) continue;
    return (site.use_capacity && capacity > 0 ? capacity : site.jobs) * site.share;
  }
  return 0;
}

void build_attractions(Context& c) {
  const auto nz = c.w.zones.size();
  c.zone_pop.assign(nz, 0.0);
  for (std::size_t h = 0; h < c.w.pop.num_households(); ++h)
    c.zone_pop[c.w.pop.hh_zone[h]] += c.w.pop.hh_size[h];
  for (int s = 0; s < kSectors; ++s) {
    c.attraction[s].assign(nz, 0.0);
    c.work_sites[s].assign(nz, {});
  }
  for (std::size_t z = 0; z < nz; ++z) {
    const double pop = c.zone_pop[z];
    for (int s = 1; s < kSectors; ++s) {
      const auto& d = c.p.work_destinations[s];
      const double u = c.w.urban[z] ? d.urban_factor : 1.0;
      c.attraction[s][z] = d.per_resident * pop * u + d.per_km2 * c.w.zones.area_km2[z] * u;
    }
  }
  const auto& f = c.w.facilities;
  for (std::size_t i = 0; i < f.size(); ++i) {
    c.by_type[f.type[i]].push_back(static_cast<std::int32_t>(i));
    if (f.zone[i] < 0) continue;
    for (int s = 1; s < kSectors; ++s) {
      const double wgt = facility_weight(c.p.work_destinations[s], f.type[i], f.capacity[i]);
      if (wgt <= 0) continue;
      c.attraction[s][f.zone[i]] += wgt;
      c.work_sites[s][f.zone[i]].push_back({static_cast<std::int32_t>(i), wgt});
    }
  }
}

// A point in the zone: on a local street (weighted by length) or on the zone's anchor link.
Place random_place_in_zone(const Context& c, std::int32_t z, Rng& rng) {
  const auto& links = c.w.zone_links.home_links[z];
  net::LinkId l = c.w.zone_links.anchor[z];
  if (!links.empty()) {
    std::vector<double> wts;
    wts.reserve(links.size());
    for (auto k : links) wts.push_back(c.w.net.length_m[k]);
    l = links[rng.pick(wts)];
  }
  if (l < 0) return {z, -1, c.w.zones.centroid_x[z], c.w.zones.centroid_y[z], -1};
  const auto [x, y] = point_along(c.w.net, l, rng.uniform() * c.w.net.length_m[l]);
  return {z, l, x, y, -1};
}

Place choose_work_place(const Context& c, std::int32_t home_zone, Sector s, Rng& rng) {
  const auto nz = c.w.zones.size();
  const double beta = c.p.work_destinations[static_cast<int>(s)].beta_per_min;
  std::vector<double> wts(nz, 0.0);
  for (std::size_t z = 0; z < nz; ++z) {
    const double a = c.attraction[static_cast<int>(s)][z];
    if (a <= 0) continue;
    wts[z] = a * std::exp(-beta * c.zone_time_s(home_zone, static_cast<std::int32_t>(z)) / kMin);
  }
  if (std::accumulate(wts.begin(), wts.end(), 0.0) <= 0)
    return random_place_in_zone(c, home_zone, rng);
  const auto z = static_cast<std::int32_t>(rng.pick(wts));
  const auto& sites = c.work_sites[static_cast<int>(s)][z];
  // Part of each zone's jobs are at its facilities, the rest spread along its streets.
  if (!sites.empty() && rng.bernoulli(c.p.share_of_jobs_at_sites)) {
    std::vector<double> sw;
    for (const auto& site : sites) sw.push_back(site.second);
    const auto f = sites[rng.pick(sw)].first;
    return c.facility_place(f);
  }
  return random_place_in_zone(c, z, rng);
}

// Facilities of any of the types, by id.
std::vector<std::int32_t> candidates(const Context& c, const std::vector<std::string>& types) {
  std::vector<std::int32_t> cand;
  for (const auto& t : types) {
    auto it = c.by_type.find(t);
    if (it != c.by_type.end()) cand.insert(cand.end(), it->second.begin(), it->second.end());
  }
  std::sort(cand.begin(), cand.end());
  return cand;
}

// Gravity choice among facilities of some types: weight = (capacity + base) x exp(-beta t).
std::int32_t choose_facility(const Context& c, const std::vector<std::string>& types,
                             const Place& from, double base, double beta_per_min, Rng& rng) {
  std::vector<std::int32_t> cand = candidates(c, types);
  if (cand.empty()) return -1;
  std::vector<double> wts;
  for (auto f : cand) {
    const double t = c.leg(from, c.facility_place(f)).first;
    wts.push_back((c.w.facilities.capacity[f] + base) * std::exp(-beta_per_min * t / kMin));
  }
  return cand[rng.pick(wts)];
}

// PPDB zonasi: students closest to a school choose first; each takes the nearest school of
// its level with a free seat. Capacities are scaled by the sample rate.
void assign_schools(const Context& c, const std::vector<std::uint8_t>& sampled,
                    std::vector<std::int32_t>& school_of, std::int64_t& overflow) {
  const auto& pop = c.w.pop;
  const std::array<std::pair<Role, const char*>, 3> levels = {
      {{Role::StudentSD, "school_primary"},
       {Role::StudentSMP, "school_junior"},
       {Role::StudentSMA, "school_senior"}}};
  for (const auto& [role, type] : levels) {
    auto it = c.by_type.find(type);
    if (it == c.by_type.end()) continue;
    const auto& schools = it->second;
    std::vector<std::int32_t> students;
    for (std::size_t i = 0; i < pop.num_persons(); ++i) {
      if (pop.role[i] == role && sampled[pop.household[i]])
        students.push_back(static_cast<std::int32_t>(i));
    }
    if (students.empty()) continue;
    double known = 0;
    std::size_t unknown = 0;
    for (auto s : schools) {
      if (c.w.facilities.capacity[s] > 0)
        known += c.w.facilities.capacity[s];
      else
        ++unknown;
    }
    // Schools without a stated capacity share what is left of the demand, with some slack.
    const double rate = c.o.sample_rate;
    const double fill = unknown ? std::max(1.0, (static_cast<double>(students.size()) / rate *
                                                     c.p.school_unknown_capacity_slack -
                                                 known) /
                                                    static_cast<double>(unknown))
                                : 0.0;
    // Stated seats that fall short of the demand would send pupils across the regency; real
    // schools absorb them (larger classes, double shifts), so all seats grow to cover the demand,
    // and each school at least to its own catchment (below).
    double stated = 0;
    for (auto s : schools)
      stated += c.w.facilities.capacity[s] > 0 ? c.w.facilities.capacity[s] : fill;
    const double demand = static_cast<double>(students.size()) / rate;
    const double grow = stated > 0 ? std::max(1.0, c.p.school_seat_growth * demand / stated) : 1.0;
    std::vector<double> seats;
    for (auto s : schools) {
      const double cap = c.w.facilities.capacity[s] > 0 ? c.w.facilities.capacity[s] : fill;
      seats.push_back(std::max(1.0, std::round(cap * grow * rate)));
    }
    const auto nz = c.w.zones.size();
    std::vector<std::vector<std::int32_t>> ranking(nz);  // school indices by time from each zone
    for (std::size_t z = 0; z < nz; ++z) {
      auto& r = ranking[z];
      r.resize(schools.size());
      std::iota(r.begin(), r.end(), 0);
      std::vector<double> t(schools.size());
      for (std::size_t k = 0; k < schools.size(); ++k) {
        t[k] = c.zone_time_s(static_cast<std::int32_t>(z), c.w.facilities.zone[schools[k]]);
      }
      std::stable_sort(r.begin(), r.end(), [&](auto a, auto b) { return t[a] < t[b]; });
    }
    // The school nearest a pupil takes every pupil of its catchment (x seat growth): a rural
    // SMA whose generated seats fall short grows rather than send its pupils 40 km to town.
    std::vector<double> catchment(schools.size(), 0.0);
    for (auto i : students) catchment[ranking[pop.zone_of(static_cast<std::size_t>(i))][0]] += 1;
    for (std::size_t k = 0; k < schools.size(); ++k)
      seats[k] = std::max(seats[k], std::ceil(c.p.school_seat_growth * catchment[k]));
    auto first_time = [&](std::int32_t i) {
      const auto z = pop.zone_of(static_cast<std::size_t>(i));
      const auto h = pop.household[i];
      const auto s = schools[ranking[z][0]];
      return std::hypot(pop.hh_x[h] - c.w.facilities.x[s], pop.hh_y[h] - c.w.facilities.y[s]) +
             c.zone_time_s(z, c.w.facilities.zone[s]) * c.intrazonal_mps;
    };
    std::vector<std::pair<double, std::int32_t>> order;
    for (auto i : students) order.push_back({c.o.school_zonasi ? first_time(i) : 0.0, i});
    std::stable_sort(order.begin(), order.end());
    for (const auto& [d, i] : order) {
      const auto z = pop.zone_of(static_cast<std::size_t>(i));
      std::int32_t chosen = -1;
      for (auto k : ranking[z]) {
        if (seats[k] >= 1) {
          chosen = k;
          break;
        }
      }
      if (chosen < 0) {
        chosen = ranking[z][0];
        ++overflow;
      }
      seats[chosen] -= 1;
      school_of[i] = schools[chosen];
    }
  }
}

enum class Need : std::uint8_t { None, Puskesmas, Hospital, CivilRegistry, CivilRegistryOnline };

// Who needs a public service today, decided before the (parallel) planning so that the online
// channel's daily capacity can be shared out in person order. Per-capita annual rates become a
// daily probability: puskesmas and hospital rate / opening days; civil registry rate / working
// days, applied to adults only and scaled up accordingly.
std::vector<Need> service_needs(const Context& c, const std::vector<std::uint8_t>& sampled,
                                PlanReport& rep) {
  const auto& pop = c.w.pop;
  const auto& a = c.w.assumptions;
  const auto& p = c.p;
  std::vector<Need> need(pop.num_persons(), Need::None);
  const double online_cap = c.o.civil_registry_online_capacity * c.o.sample_rate;
  std::int64_t online = 0;
  for (std::size_t i = 0; i < pop.num_persons(); ++i) {
    if (!sampled[pop.household[i]]) continue;
    Rng rng(c.o.seed, StreamId::ServiceNeeds, i);
    const double u_pk = rng.uniform(), u_rs = rng.uniform(), u_cr = rng.uniform(),
                 u_online = rng.uniform();
    const double f = p.service_rate_factor;
    if (u_pk < f * a.puskesmas_visits_per_year / p.health_days_per_year) {
      need[i] = Need::Puskesmas;
    } else if (u_rs < f * a.hospital_outpatient_per_year / p.health_days_per_year) {
      need[i] = Need::Hospital;
    } else if (pop.age[i] >= p.civil_registry_adult_age &&
               u_cr < f * a.civil_registry_per_year / p.civil_registry_days_per_year *
                          p.civil_registry_adult_factor) {
      const bool wants_online = u_online < c.o.civil_registry_online;
      if (wants_online && (online_cap <= 0 || static_cast<double>(online) < online_cap)) {
        need[i] = Need::CivilRegistryOnline;
        ++online;
      } else {
        need[i] = Need::CivilRegistry;
        if (wants_online) ++rep.civil_registry_online_overflow;
      }
    }
  }
  return need;
}

// The facility for a service visit, by the configured rule.
std::int32_t choose_service(const Context& c, Need need, const Place& home, Rng& rng,
                            const std::vector<double>& expected_wait_s) {
  std::vector<std::string> types;
  FacilityChoice rule;
  switch (need) {
    case Need::Puskesmas:
      types = {"puskesmas"};
      rule = c.o.puskesmas_choice;
      break;
    case Need::Hospital:
      types = {"hospital"};
      rule = c.o.hospital_choice;
      break;
    default:
      types = {"civil_registry", "public_service_mall"};
      rule = c.o.civil_registry_choice;
      break;
  }
  std::vector<std::int32_t> cand = candidates(c, types);
  if (cand.empty()) return -1;
  if (c.choice_override) rule = *c.choice_override;
  if (rule == FacilityChoice::Catchment) {
    const std::string& kec = c.w.zones.parent[home.zone];
    std::vector<std::int32_t> local;
    for (auto f : cand) {
      const auto z = c.w.facilities.zone[f];
      if (z >= 0 && c.w.zones.parent[z] == kec) local.push_back(f);
    }
    if (!local.empty()) cand = local;
  }
  if (rule == FacilityChoice::Logit) {
    // Utility per minute of travel and of waiting (waiting in a cool hall weighs less than
    // riding); assumptions, see docs/services-model.md.
    std::vector<double> v;
    double vmax = -1e300;
    for (auto f : cand) {
      const double t = c.leg(home, c.facility_place(f)).first / kMin;
      const double w = expected_wait_s.empty() ? 0.0 : expected_wait_s[f] / kMin;
      v.push_back(c.p.logit_travel_per_min * t + c.p.logit_wait_per_min * w);
      vmax = std::max(vmax, v.back());
    }
    for (double& x : v) x = std::exp(x - vmax);
    return cand[rng.pick(v)];
  }
  std::int32_t best = -1;
  double best_t = 1e300;
  for (auto f : cand) {
    const double t = c.leg(home, c.facility_place(f)).first;
    if (t < best_t) {
      best_t = t;
      best = f;
    }
  }
  return best;
}

struct Tour {
  std::int32_t person;
  Activity purpose;
  Place dest;
  double start_s;  // when the activity starts (arrival target)
  double duration_s;
  bool escort_child = false;
};

struct HouseholdTrips {
  Trips t;
  std::int64_t online = 0, in_person = 0, escorted = 0, wfh = 0, puskesmas = 0, hospital = 0;
};

void add_trip(const Context& c, Trips& t, std::int32_t person, std::uint8_t seq, Activity purpose,
              Mode mode, const Place& from, const Place& to, double depart, double duration,
              double dist, double moto_time) {
  t.person.push_back(person);
  t.seq.push_back(seq);
  t.purpose.push_back(purpose);
  t.mode.push_back(mode);
  t.origin_zone.push_back(from.zone);
  t.dest_zone.push_back(to.zone);
  t.origin_link.push_back(from.link);
  t.dest_link.push_back(to.link);
  t.origin_x.push_back(from.x);
  t.origin_y.push_back(from.y);
  t.dest_x.push_back(to.x);
  t.dest_y.push_back(to.y);
  t.dest_facility.push_back(to.facility);
  // Nobody leaves before the earliest departure: a long early trip starts then and arrives late.
  t.depart_s.push_back(std::max(depart, c.p.earliest_departure_h * kHour));
  t.duration_s.push_back(duration);
  t.distance_m.push_back(dist);
  t.free_time_s.push_back(mode_time_s(mode, moto_time, dist));
}

void append(Trips& dst, const Trips& src) {
  auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
  cat(dst.person, src.person);
  cat(dst.seq, src.seq);
  cat(dst.purpose, src.purpose);
  cat(dst.mode, src.mode);
  cat(dst.origin_zone, src.origin_zone);
  cat(dst.dest_zone, src.dest_zone);
  cat(dst.origin_link, src.origin_link);
  cat(dst.dest_link, src.dest_link);
  cat(dst.origin_x, src.origin_x);
  cat(dst.origin_y, src.origin_y);
  cat(dst.dest_x, src.dest_x);
  cat(dst.dest_y, src.dest_y);
  cat(dst.dest_facility, src.dest_facility);
  cat(dst.depart_s, src.depart_s);
  cat(dst.duration_s, src.duration_s);
  cat(dst.distance_m, src.distance_m);
  cat(dst.free_time_s, src.free_time_s);
}

using MainActivities = std::vector<std::optional<Tour>>;  // per household member

// A visit to the puskesmas, hospital or Disdukcapil replaces the day's main activity (a sick
// day, a morning off for the KTP). The arrival target is drawn for everybody, visit or not, so
// that the person's stream stays aligned.
std::optional<Tour> service_visit(const Context& c, std::int32_t i, Need need, const Place& home,
                                  Rng& rng, const std::vector<double>& expected_wait_s,
                                  HouseholdTrips& out) {
  const auto& p = c.p;
  const TimeWindow& vw = need == Need::CivilRegistry ? p.civil_registry_visit
                         : need == Need::Hospital    ? p.hospital_visit
                                                     : p.puskesmas_visit;
  const double z = rng.normal();
  const double visit_start = std::clamp(vw.start_h * kHour + z * vw.start_sd_h * kHour,
                                        vw.earliest_h * kHour, vw.latest_h * kHour);
  switch (need) {
    case Need::Puskesmas:
    case Need::Hospital:
    case Need::CivilRegistry: {
      const auto f = choose_service(c, need, home, rng, expected_wait_s);
      if (f < 0) return std::nullopt;
      const Activity act = need == Need::Puskesmas  ? Activity::Puskesmas
                           : need == Need::Hospital ? Activity::Hospital
                                                    : Activity::CivilRegistry;
      if (act == Activity::CivilRegistry) ++out.in_person;
      if (act == Activity::Puskesmas) ++out.puskesmas;
      if (act == Activity::Hospital) ++out.hospital;
      return Tour{i, act, c.facility_place(f), visit_start, vw.duration_h * kHour};
    }
    case Need::CivilRegistryOnline:
      ++out.online;
      return std::nullopt;
    case Need::None:
      return std::nullopt;
  }
  return std::nullopt;
}

// A start drawn in a time window: normal around its start, clamped to the window.
double draw_start_s(const TimeWindow& w, Rng& rng) {
  return std::clamp(w.start_h + rng.normal() * w.start_sd_h, w.earliest_h, w.latest_h) * kHour;
}

// Work, school, university or the market, by the person's role; none for a child, a worker at
// home, or somebody who stays home today.
std::optional<Tour> activity_of_role(const Context& c, std::int32_t i, const Place& home,
                                     const std::vector<std::int32_t>& school_of,
                                     std::vector<std::int32_t>& work_zone, Rng& rng,
                                     HouseholdTrips& out) {
  const auto& pop = c.w.pop;
  const auto& p = c.p;
  const Role role = pop.role[i];
  switch (role) {
    case Role::Worker: {
      const Sector s = pop.sector[i];
      if ((s == Sector::Government || s == Sector::Services) &&
          rng.uniform() < c.o.work_from_home) {
        ++out.wfh;
        return std::nullopt;
      }
      const auto& wt = p.work_timing[static_cast<int>(s)];
      const Place dest = choose_work_place(c, home.zone, s, rng);
      work_zone[i] = dest.zone;
      const double start =
          std::clamp(wt.start_h + p.work_start_shift_min / 60.0 + rng.normal() * wt.start_sd_h,
                     p.work_earliest_start_h, p.work_latest_start_h) *
          kHour;
      return Tour{i, Activity::Work, dest, start, wt.duration_h * kHour};
    }
    case Role::StudentSD:
    case Role::StudentSMP:
    case Role::StudentSMA: {
      const auto f = school_of[i];
      if (f < 0) return std::nullopt;
      const double shift = role == Role::StudentSD ? 0.0 : c.o.school_start_shift_s;
      const double hours = role == Role::StudentSD    ? p.school_hours_sd
                           : role == Role::StudentSMP ? p.school_hours_smp
                                                      : p.school_hours_sma;
      return Tour{i, Activity::School, c.facility_place(f), p.school_start_h * kHour + shift,
                  hours * kHour};
    }
    case Role::StudentUni: {
      const auto f = choose_facility(c, {"university"}, home, p.university_base_capacity,
                                     p.university_beta_per_min, rng);
      if (f < 0) return std::nullopt;
      return Tour{i, Activity::University, c.facility_place(f), draw_start_s(p.university, rng),
                  p.university.duration_h * kHour};
    }
    case Role::Homemaker:
    case Role::Retired:
    case Role::Unemployed: {
      // Daily market trips are an urban habit; villages shop at warung and weekly markets.
      const double base = role == Role::Homemaker ? p.market_homemaker
                          : role == Role::Retired ? p.market_retired
                                                  : p.market_unemployed;
      const double pr = c.w.urban[home.zone] ? base : base / p.market_rural_divisor;
      if (rng.uniform() >= pr) return std::nullopt;
      const auto f =
          choose_facility(c, {"market"}, home, p.market_base_stalls, p.market_beta_per_min, rng);
      if (f < 0) return std::nullopt;
      return Tour{i, Activity::Market, c.facility_place(f), draw_start_s(p.market, rng),
                  p.market.duration_h * kHour};
    }
    default:
      return std::nullopt;
  }
}

// Each member's main activity of the day: a service visit if they need one, else by role.
MainActivities choose_main_activities(const Context& c, std::size_t h,
                                      const std::vector<std::int32_t>& school_of,
                                      std::vector<std::int32_t>& work_zone,
                                      const std::vector<Need>& needs,
                                      const std::vector<double>& expected_wait_s,
                                      HouseholdTrips& out) {
  const Place home = c.home(h);
  const auto first = c.w.pop.hh_first_person[h];
  MainActivities main(c.w.pop.hh_size[h]);
  for (std::size_t m = 0; m < main.size(); ++m) {
    const auto i = first + static_cast<std::int32_t>(m);
    Rng rng(c.o.seed, StreamId::Plans, static_cast<std::uint64_t>(i));
    main[m] = service_visit(c, i, needs[i], home, rng, expected_wait_s, out);
    if (!main[m]) main[m] = activity_of_role(c, i, home, school_of, work_zone, rng, out);
  }
  return main;
}

// Escorts: a rider with a motorcycle takes primary-school children on the way, up to a load: a
// worker who starts after classes and whose detour via the school is short, or a free adult.
// Returns, per member, the member who escorts them (-1: none).
std::vector<int> assign_escorts(const Context& c, std::size_t h, const MainActivities& main) {
  const auto& pop = c.w.pop;
  const auto& p = c.p;
  const Place home = c.home(h);
  const auto first = pop.hh_first_person[h];
  const int size = pop.hh_size[h];
  std::vector<int> escort_of(size, -1);
  std::vector<int> load(size, 0);
  // An escort makes one school run: a second child rides along only to the same school.
  std::vector<std::int32_t> school(size, -1);
  for (int m = 0; m < size; ++m) {
    const auto i = first + m;
    if (!main[m] || main[m]->purpose != Activity::School || pop.role[i] != Role::StudentSD)
      continue;
    for (int e = 0; e < size; ++e) {
      const auto j = first + e;
      if (e == m || !pop.motorcycle_access[j] || load[e] >= p.escort_max_children) continue;
      if (load[e] > 0 && school[e] != main[m]->dest.facility) continue;
      const bool free_adult =
          !main[e] && (pop.role[j] == Role::Homemaker || pop.role[j] == Role::Retired ||
                       pop.role[j] == Role::Unemployed);
      bool on_way = false;
      if (main[e] && main[e]->purpose == Activity::Work &&
          main[e]->start_s >= p.school_start_h * kHour) {
        const Place& at = main[m]->dest;
        const double direct = c.leg(home, main[e]->dest).first;
        const double via = c.leg(home, at).first + c.leg(at, main[e]->dest).first;
        on_way = via <= direct + p.escort_max_detour_min * kMin;
      }
      if (!free_adult && !on_way) continue;
      escort_of[m] = e;
      school[e] = main[m]->dest.facility;
      ++load[e];
      break;
    }
  }
  return escort_of;
}

// At school before classes start: when escorts and escorted children arrive (06:55).
double school_drop_off_s(const Context& c) {
  return c.p.school_start_h * kHour - c.p.escort_dropoff_before_school_min * kMin;
}

// An escort who has nothing else to do today gets the school run as the day's tour.
void give_free_escorts_the_school_run(const Context& c, std::size_t h,
                                      const std::vector<int>& escort_of, MainActivities& main) {
  const auto first = c.w.pop.hh_first_person[h];
  for (std::size_t m = 0; m < main.size(); ++m) {
    const int e = escort_of[m];
    if (e >= 0 && !main[e]) {
      main[e] = Tour{first + e, Activity::Escort, main[m]->dest, school_drop_off_s(c),
                     c.p.escort_stop_min * kMin};
    }
  }
}

// An escort with children to drop off: home -> school (drop off) -> work -> home, or, for a free
// adult, home -> school -> home, and back at the end of the school day to pick them up.
void add_drop_off_trips(const Context& c, std::int32_t i, const Place& home, const Tour& tour,
                        const Place& school, Mode mode, HouseholdTrips& out) {
  const double buffer = c.p.departure_buffer_min * kMin;
  const double stop = c.p.escort_stop_min * kMin;
  const auto [t1, d1] = c.leg(home, school);
  const auto [t2, d2] = c.leg(school, tour.dest);
  double depart = school_drop_off_s(c) - t1 - buffer;
  if (tour.purpose == Activity::Work)
    depart = std::min(depart, tour.start_s - t1 - t2 - 2 * buffer);
  add_trip(c, out.t, i, 0, Activity::Escort, mode, home, school, depart, stop, d1, t1);
  if (tour.purpose == Activity::Work) {
    add_trip(c, out.t, i, 1, tour.purpose, mode, school, tour.dest, depart + t1 + stop,
             tour.duration_s, d2, t2);
    const auto [t3, d3] = c.leg(tour.dest, home);
    add_trip(c, out.t, i, 2, Activity::Home, mode, tour.dest, home, tour.start_s + tour.duration_s,
             0, d3, t3);
  } else {
    const double school_end = c.p.school_start_h * kHour + c.p.school_hours_sd * kHour;
    add_trip(c, out.t, i, 1, Activity::Home, mode, school, home, depart + t1 + stop,
             school_end - t1 - stop - (depart + 2 * t1 + stop), d1, t1);
    add_trip(c, out.t, i, 2, Activity::Escort, mode, home, school, school_end - t1 - stop, stop, d1,
             t1);
    add_trip(c, out.t, i, 3, Activity::Home, mode, school, home, school_end, 0, d1, t1);
  }
}

// The mode and trips of member m: out to the main activity and back, or the escort's chain.
void make_trips_for_person(const Context& c, std::size_t h, int m, const MainActivities& main,
                           const std::vector<int>& escort_of, HouseholdTrips& out) {
  const auto& pop = c.w.pop;
  const auto i = pop.hh_first_person[h] + m;
  const Place home = c.home(h);
  Rng rng(c.o.seed, StreamId::ModeChoice, static_cast<std::uint64_t>(i));
  const Tour& tour = *main[m];
  const auto [t_out, d_out] = c.leg(home, tour.dest);
  ModeAvailability av;
  av.motorcycle = pop.motorcycle_access[i] != 0;
  av.car = pop.hh_cars[h] > 0 && pop.licence[i] != 0;
  const bool escorted = escort_of[m] >= 0;
  Mode mode = escorted ? Mode::Passenger : c.mode_model.choose(t_out / kMin, d_out / 1000, av, rng);
  std::vector<int> kids;
  for (std::size_t k = 0; k < escort_of.size(); ++k) {
    if (escort_of[k] == m) kids.push_back(static_cast<int>(k));
  }
  if (!kids.empty()) mode = Mode::Motorcycle;
  if (!kids.empty() && !escorted) {
    add_drop_off_trips(c, i, home, tour, main[kids.front()]->dest, mode, out);
    return;
  }
  const double buffer = c.p.departure_buffer_min * kMin;
  const double door = mode_time_s(mode, t_out, d_out);
  double depart = tour.start_s - door - buffer;
  if (escorted) {
    // The child leaves with the escort, who aims to be at school before classes start.
    depart = school_drop_off_s(c) - t_out - buffer;
    ++out.escorted;
  }
  add_trip(c, out.t, i, 0, tour.purpose, mode, home, tour.dest, depart, tour.duration_s, d_out,
           t_out);
  Mode back = mode;
  if (escorted && main[escort_of[m]]->purpose != Activity::Escort) {
    // Only an escort who is free all day comes back at midday; otherwise the child comes
    // home alone by the best mode a child has.
    ModeAvailability child;
    back = c.mode_model.choose(t_out / kMin, d_out / 1000, child, rng);
  }
  add_trip(c, out.t, i, 1, Activity::Home, back, tour.dest, home, tour.start_s + tour.duration_s, 0,
           d_out, t_out);
}

// One household's day: main activities, escorts, then modes and trips person by person.
HouseholdTrips plan_household(const Context& c, std::size_t h,
                              const std::vector<std::int32_t>& school_of,
                              std::vector<std::int32_t>& work_zone, const std::vector<Need>& needs,
                              const std::vector<double>& expected_wait_s) {
  HouseholdTrips out;
  MainActivities main =
      choose_main_activities(c, h, school_of, work_zone, needs, expected_wait_s, out);
  const std::vector<int> escort_of = assign_escorts(c, h, main);
  give_free_escorts_the_school_run(c, h, escort_of, main);
  for (int m = 0; m < static_cast<int>(main.size()); ++m) {
    if (main[m]) make_trips_for_person(c, h, m, main, escort_of, out);
  }
  return out;
}

}  // namespace

Plans make_plans(const DemandWorld& w, const PlanOptions& o) {
  Context c(w, o);
  build_attractions(c);
  const auto& pop = w.pop;
  Plans plans;
  plans.sampled.assign(pop.num_households(), 0);
  for (std::size_t h = 0; h < pop.num_households(); ++h) {
    Rng rng(o.seed, StreamId::Sampling, h);
    plans.sampled[h] = (o.sample_rate >= 1.0 || rng.uniform() < o.sample_rate) ? 1 : 0;
    if (plans.sampled[h]) {
      ++plans.report.households_sampled;
      plans.report.persons_sampled += pop.hh_size[h];
    }
  }
  plans.school_of.assign(pop.num_persons(), -1);
  plans.work_zone.assign(pop.num_persons(), -1);
  assign_schools(c, plans.sampled, plans.school_of, plans.report.school_overflow);

  const auto needs = service_needs(c, plans.sampled, plans.report);
  // Expected waits for the logit choice: the load each facility would get if everybody went to
  // the nearest one, turned into a wait by the caller's queueing formula.
  std::vector<double> expected_wait_s;
  if (o.expected_wait) {
    std::vector<double> load(w.facilities.size(), 0.0);
    Context nearest = c;
    nearest.choice_override = FacilityChoice::Nearest;
    for (std::size_t i = 0; i < pop.num_persons(); ++i) {
      if (needs[i] == Need::None || needs[i] == Need::CivilRegistryOnline) continue;
      Rng unused(o.seed, StreamId::ServiceNeeds, i, 1);
      const auto f = choose_service(nearest, needs[i], c.home(pop.household[i]), unused, {});
      if (f >= 0) load[f] += 1.0 / o.sample_rate;
    }
    expected_wait_s.resize(w.facilities.size());
    for (std::size_t f = 0; f < load.size(); ++f)
      expected_wait_s[f] = o.expected_wait(static_cast<std::int32_t>(f), load[f]);
  }
  std::vector<HouseholdTrips> per(pop.num_households());
#pragma omp parallel for schedule(dynamic, 256)
  for (std::size_t h = 0; h < pop.num_households(); ++h) {
    if (!plans.sampled[h] || pop.hh_link[h] < 0) continue;
    per[h] = plan_household(c, h, plans.school_of, plans.work_zone, needs, expected_wait_s);
  }
  for (const auto& ht : per) {
    append(plans.trips, ht.t);
    plans.report.civil_registry_online += ht.online;
    plans.report.civil_registry_in_person += ht.in_person;
    plans.report.escorted_children += ht.escorted;
    plans.report.work_from_home += ht.wfh;
    plans.report.puskesmas_visits += ht.puskesmas;
    plans.report.hospital_visits += ht.hospital;
  }
  return plans;
}

}  // namespace ogan::pop
