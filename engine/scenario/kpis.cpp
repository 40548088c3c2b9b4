#include "engine/scenario/kpis.hpp"

#include <algorithm>

namespace ogan::scenario {

std::vector<std::string> input_files(const WorldConfig& cfg) {
  std::vector<std::string> files = {cfg.file, cfg.network.roads.layer.path, cfg.zones.path,
                                    cfg.controls.path, cfg.facilities.path, cfg.assumptions};
  if (!cfg.density_raster.empty()) files.push_back(cfg.density_raster);
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::vector<io::Kpi> demand_kpis(const World&, const Demand& d, const pop::PlanOptions& o) {
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
  std::vector<io::Kpi> k = {
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
  k.push_back({"civil_registry_visits_in_person", static_cast<double>(d.plans.report.civil_registry_in_person) * scale, "visits/day"});
  k.push_back({"civil_registry_services_online", static_cast<double>(d.plans.report.civil_registry_online) * scale, "services/day"});
  k.push_back({"escorted_school_children", static_cast<double>(d.plans.report.escorted_children) * scale, "children/day"});
  return k;
}

}  // namespace ogan::scenario
