#include "engine/metrics/kpis.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "engine/metrics/traffic.hpp"
#include "engine/metrics/transit.hpp"

namespace ogan::metrics {

using scenario::Demand;
using scenario::World;

std::vector<std::string> input_files(const scenario::WorldConfig& cfg) {
  std::vector<std::string> files = cfg.doc.files;
  const std::vector<std::string> data = {cfg.network.roads.layer.path, cfg.zones.path,
                                         cfg.controls.path, cfg.facilities.path, cfg.assumptions};
  files.insert(files.end(), data.begin(), data.end());
  if (!cfg.density_raster.empty()) files.push_back(cfg.density_raster);
  if (!cfg.transit_lines.empty()) files.push_back(cfg.transit_lines);
  if (cfg.kecamatan) files.push_back(cfg.kecamatan->path);
  if (cfg.river) files.push_back(cfg.river->path);
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::vector<Kpi> demand_kpis(const World&, const Demand& d, const pop::PlanOptions& o) {
  const double scale = 1.0 / o.sample_rate;
  const auto& t = d.plans.trips;
  std::vector<double> by_mode(pop::kModes, 0.0);
  double dist = 0, vehicle_km = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    by_mode[static_cast<std::size_t>(t.mode[k])] += 1;
    dist += t.distance_m[k];
    if (pop::mode_info(t.mode[k]).on_network) vehicle_km += t.distance_m[k] / 1000;
  }
  const double n = static_cast<double>(std::max<std::size_t>(1, t.size()));
  std::vector<Kpi> k = {
      {"population", static_cast<double>(d.population.num_persons()), "persons"},
      {"households", static_cast<double>(d.population.num_households()), "households"},
      {"trips", static_cast<double>(t.size()) * scale, "trips/day"},
      {"mean_trip_distance", dist / n / 1000, "km"},
      {"planned_vehicle_km", vehicle_km * scale, "veh-km/day"},
  };
  for (int m = 0; m < pop::kModes; ++m) {
    k.push_back({"mode_share_" + std::string(pop::mode_info(static_cast<pop::Mode>(m)).name),
                 by_mode[m] / n, "share of trips"});
  }
  k.push_back({"civil_registry_visits_in_person",
               static_cast<double>(d.plans.report.civil_registry_in_person) * scale, "visits/day"});
  k.push_back({"civil_registry_services_online",
               static_cast<double>(d.plans.report.civil_registry_online) * scale, "services/day"});
  k.push_back({"escorted_school_children",
               static_cast<double>(d.plans.report.escorted_children) * scale, "children/day"});
  return k;
}

std::vector<Kpi> service_kpis(const World& w, const Demand& d, const svc::ServiceStats& s,
                              const svc::Accessibility& acc, const pop::PlanOptions& o) {
  std::vector<Kpi> k;
  const double scale = 1.0 / o.sample_rate;
  std::map<std::string, std::pair<double, double>> wait;    // type -> (sum, served)
  std::map<std::string, std::pair<double, double>> volume;  // type -> (arrivals, turned away)
  double away = 0;
  for (std::size_t c = 0; c < s.served.size(); ++c) {
    const std::size_t f = c % s.facilities;
    if (!w.service_params[f]) continue;
    auto& x = wait[w.facilities.type[f]];
    x.first += s.wait_sum_s[c];
    x.second += s.served[c];
    away += s.turned_away[c];
    volume[w.facilities.type[f]].first += s.arrivals[c];
    volume[w.facilities.type[f]].second += s.turned_away[c];
  }
  for (const auto& [type, v] : volume) {
    k.push_back({"visits_" + type, v.first * scale, "visitors/day"});
    k.push_back({"turned_away_" + type, v.second * scale, "visitors/day"});
  }
  for (const auto& [type, x] : wait) {
    k.push_back({"mean_wait_" + type, x.second > 0 ? x.first / x.second / 60 : 0, "min"});
  }
  k.push_back({"unmet_service_demand", away * scale, "visitors/day"});
  for (std::size_t t = 0; t < acc.types.size(); ++t) {
    if (acc.types[t] != "puskesmas") continue;
    double in30 = 0, walk30 = 0, total = 0;
    for (std::size_t z = 0; z < w.zones.size(); ++z) {
      const double n = static_cast<double>(d.zone_totals.male[z] + d.zone_totals.female[z]);
      in30 += n * acc.share_30min[z * acc.types.size() + t];
      walk30 += n * acc.walk_share_30min[z * acc.types.size() + t];
      total += n;
    }
    k.push_back(
        {"share_within_30min_puskesmas", total > 0 ? in30 / total : 0, "share of population"});
    k.push_back({"share_within_30min_walk_puskesmas", total > 0 ? walk30 / total : 0,
                 "share of population"});
  }
  return k;
}

std::vector<Kpi> traffic_kpis(const World& w, const traffic::AssignmentResult& a,
                              const pop::PlanOptions& o) {
  std::vector<Kpi> k;
  if (a.iterations.empty()) return k;
  const auto& it = a.iterations.back();
  k.push_back({"vehicle_km", it.vehicle_km, "veh-km/day"});
  k.push_back({"vehicle_hours", it.vehicle_h, "veh-h/day"});
  k.push_back({"total_delay", it.total_delay_h, "veh-h/day"});
  k.push_back({"mean_network_travel_time", it.mean_travel_time_s / 60, "min"});
  k.push_back({"mean_network_speed", it.vehicle_h > 0 ? it.vehicle_km / it.vehicle_h : 0, "km/h"});
  k.push_back({"relative_gap", it.relative_gap, "1"});
  k.push_back({"stuck_vehicles", static_cast<double>(it.stuck), "vehicles (sample)"});
  k.push_back({"vehicles_en_route_at_end", static_cast<double>(it.en_route), "vehicles (sample)"});
  k.push_back({"cancelled_trips", static_cast<double>(a.last.report.cancelled) / o.sample_rate,
               "trips/day"});
  // Morning peak: the hour with the most link-km, and its mean speed.
  const auto hourly = hourly_km_hours(a.last.links, w.network.length_m);
  int worst_h = 0;
  for (int h = 1; h < 24; ++h)
    if (hourly[h].first > hourly[worst_h].first) worst_h = h;
  const auto [km, hours] = hourly[worst_h];
  k.push_back({"peak_hour_mean_speed", hours > 0 ? km / hours : 0, "km/h"});
  k.push_back({"peak_hour", static_cast<double>(worst_h), "hour"});
  // Door to door for vehicles: the wait at the origin for room on the first link counts.
  const auto& r = a.last.trips;
  double delay_sum = 0;
  std::int64_t departed = 0, over_hour = 0;
  for (std::size_t j = 0; j < r.depart_s.size(); ++j) {
    if (r.status[j] != traffic::TripStatus::Arrived && r.status[j] != traffic::TripStatus::EnRoute)
      continue;
    if (r.depart_s[j] < 0) continue;
    ++departed;
    const double wait = r.departure_delay_s.empty() ? 0.0 : r.departure_delay_s[j];
    delay_sum += wait;
    const double tt = r.status[j] == traffic::TripStatus::Arrived
                          ? r.arrival_s[j] - r.depart_s[j] + wait
                          : std::numeric_limits<double>::infinity();
    if (tt > 3600) ++over_hour;
  }
  const double n = static_cast<double>(std::max<std::int64_t>(departed, 1));
  k.push_back({"mean_departure_delay", delay_sum / n / 60, "min"});
  k.push_back(
      {"share_vehicle_trips_over_1h", static_cast<double>(over_hour) / n, "share of trips"});
  k.push_back({"stuck_moves_per_vehicle_trip", static_cast<double>(a.last.report.stuck_events) / n,
               "moves per trip"});
  k.push_back({"vehicles_waiting_at_origin_at_end",
               static_cast<double>(a.last.report.waiting_at_origin), "vehicles (sample)"});
  if (w.transit) {
    const auto pt = transit_kpis(*w.transit, a, o.sample_rate);
    k.insert(k.end(), pt.begin(), pt.end());
  }
  return k;
}

}  // namespace ogan::metrics
