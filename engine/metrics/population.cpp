#include "engine/metrics/population.hpp"

#include <algorithm>

namespace ogan::metrics {

PopulationMetrics population_metrics(std::size_t zones, const scenario::Demand& d,
                                     double sample_rate) {
  PopulationMetrics m;
  const auto& p = d.population;
  m.zone_persons.assign(zones, 0);
  m.zone_households.assign(zones, 0);
  for (std::size_t h = 0; h < p.num_households(); ++h) {
    m.zone_households[p.hh_zone[h]] += 1;
    m.zone_persons[p.hh_zone[h]] += p.hh_size[h];
  }
  m.person_zone.resize(p.num_persons());
  m.person_age_band.resize(p.num_persons());
  m.person_first_trip_mode.assign(p.num_persons(), -1);
  for (std::size_t i = 0; i < p.num_persons(); ++i) {
    m.person_zone[i] = p.zone_of(i);
    m.person_age_band[i] = static_cast<std::uint8_t>(std::min(p.age[i] / 5, pop::kAgeBands - 1));
  }
  const auto& t = d.plans.trips;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t.seq[k] == 0) m.person_first_trip_mode[t.person[k]] = static_cast<std::int8_t>(t.mode[k]);
  }
  m.trips_by_purpose_mode_hour.assign(static_cast<std::size_t>(pop::kActivities * pop::kModes * 24),
                                      0.0);
  const double scale = 1.0 / sample_rate;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const int hour = std::clamp(static_cast<int>(t.depart_s[k] / 3600), 0, 23);
    m.trips_by_purpose_mode_hour[(static_cast<std::size_t>(t.purpose[k]) * pop::kModes +
                                  static_cast<std::size_t>(t.mode[k])) *
                                     24 +
                                 hour] += scale;
  }
  return m;
}

}  // namespace ogan::metrics
