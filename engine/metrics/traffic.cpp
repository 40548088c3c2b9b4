#include "engine/metrics/traffic.hpp"

#include <algorithm>

namespace ogan::metrics {

std::vector<std::pair<double, double>> hourly_km_hours(const traffic::LinkStats& s,
                                                       const std::vector<double>& length_m) {
  std::vector<std::pair<double, double>> out(24, {0.0, 0.0});
  for (int k = 0; k < s.intervals; ++k) {
    const auto h = std::min<std::size_t>(23, static_cast<std::size_t>(k * 24 / s.intervals));
    for (std::size_t l = 0; l < s.links; ++l) {
      const std::size_t c = static_cast<std::size_t>(k) * s.links + l;
      out[h].first += s.exits[c] * length_m[l] / 1000;
      out[h].second += s.travel_time_sum_s[c] / 3600;
    }
  }
  return out;
}

std::vector<double> mean_speed_by_hour_kmh(const traffic::LinkStats& s,
                                           const std::vector<double>& length_m) {
  std::vector<double> by_hour;
  for (const auto& [km, hours] : hourly_km_hours(s, length_m))
    by_hour.push_back(hours > 0 ? km / hours : 0);
  return by_hour;
}

LinkIntervalMetrics link_interval_metrics(const traffic::LinkStats& s,
                                          const std::vector<double>& length_m,
                                          const std::vector<double>& capacity_pcu_h,
                                          double sample_rate) {
  LinkIntervalMetrics m;
  m.intervals = s.intervals;
  m.links = s.links;
  const double scale = 1.0 / sample_rate;
  const auto cells = s.volume_pcu.size();
  m.volume_veh.resize(s.volume_veh.size());
  for (std::size_t i = 0; i < m.volume_veh.size(); ++i)
    m.volume_veh[i] = static_cast<float>(s.volume_veh[i] * scale);
  m.volume_pcu.resize(cells);
  m.mean_speed_mps.resize(cells);
  m.mean_travel_time_s.resize(cells);
  m.queue_pcu.resize(cells);
  m.volume_capacity.resize(cells);
  const double per_hour = 3600.0 / (86400.0 / static_cast<double>(s.intervals));
  for (std::size_t c = 0; c < cells; ++c) {
    const std::size_t l = c % s.links;
    m.volume_pcu[c] = static_cast<float>(s.volume_pcu[c] * scale);
    const double mean_tt = s.exits[c] > 0 ? s.travel_time_sum_s[c] / s.exits[c] : 0;
    m.mean_travel_time_s[c] = static_cast<float>(mean_tt);
    m.mean_speed_mps[c] =
        s.exits[c] > 0 && mean_tt > 0 ? static_cast<float>(length_m[l] / mean_tt) : 0.0f;
    m.queue_pcu[c] = static_cast<float>(s.queue_pcu[c] * scale);
    m.volume_capacity[c] =
        static_cast<float>(s.volume_pcu[c] * scale * per_hour / capacity_pcu_h[l]);
  }
  return m;
}

}  // namespace ogan::metrics
