#include "engine/metrics/services.hpp"

namespace ogan::metrics {

FacilityMetrics facility_metrics(
    const svc::ServiceStats& s,
    const std::vector<std::optional<svc::FacilityParams>>& service_params, double sample_rate) {
  FacilityMetrics m;
  m.intervals = s.intervals;
  m.facilities = s.facilities;
  if (s.facilities == 0 || s.intervals <= 0) return m;
  const double scale = 1.0 / sample_rate;
  auto scaled = [&](const std::vector<std::uint32_t>& v) {
    std::vector<float> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<float>(v[i] * scale);
    return out;
  };
  m.arrivals = scaled(s.arrivals);
  m.served = scaled(s.served);
  m.turned_away = scaled(s.turned_away);
  m.mean_wait_s.resize(s.wait_sum_s.size());
  m.queue.resize(s.queue.size());
  for (std::size_t c = 0; c < m.mean_wait_s.size(); ++c) {
    m.mean_wait_s[c] = s.served[c] > 0 ? static_cast<float>(s.wait_sum_s[c] / s.served[c]) : 0.0f;
    m.queue[c] = static_cast<float>(s.queue[c] * scale);
  }
  m.p95_wait_s = s.wait_p95_s;
  m.utilisation = s.utilisation;

  m.day_arrivals.assign(s.facilities, 0);
  m.day_served.assign(s.facilities, 0);
  m.day_turned_away.assign(s.facilities, 0);
  m.day_mean_wait_s.assign(s.facilities, 0);
  std::vector<double> wait_sum(s.facilities, 0);
  for (std::size_t c = 0; c < s.arrivals.size(); ++c) {
    const std::size_t fac = c % s.facilities;
    m.day_arrivals[fac] += static_cast<float>(s.arrivals[c] * scale);
    m.day_served[fac] += static_cast<float>(s.served[c] * scale);
    m.day_turned_away[fac] += static_cast<float>(s.turned_away[c] * scale);
    wait_sum[fac] += s.wait_sum_s[c];
  }
  for (std::size_t fac = 0; fac < s.facilities; ++fac) {
    const double n = m.day_served[fac] / scale;
    m.day_mean_wait_s[fac] = n > 0 ? static_cast<float>(wait_sum[fac] / n) : 0.0f;
  }
  m.wait_histogram.resize(s.wait_histogram.size());
  for (std::size_t i = 0; i < m.wait_histogram.size(); ++i)
    m.wait_histogram[i] = static_cast<float>(s.wait_histogram[i] * scale);
  m.servers.assign(s.facilities, 0);
  for (std::size_t fac = 0; fac < s.facilities; ++fac)
    if (service_params[fac]) m.servers[fac] = service_params[fac]->servers;
  return m;
}

}  // namespace ogan::metrics
