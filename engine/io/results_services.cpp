#include <hdf5_hl.h>

#include <cmath>

#include "engine/io/results.hpp"

namespace ogan::io {

void ResultsWriter::write_services(const scenario::World& w, const svc::ServiceStats& s,
                                   const svc::Accessibility& acc) {
  const hid_t f = file_.get();
  const auto T = static_cast<hsize_t>(s.intervals);
  const auto F = static_cast<hsize_t>(s.facilities);
  const double scale = 1.0 / info_.sample_rate;
  if (s.facilities > 0 && s.intervals > 0) {
    auto scaled = [&](const std::vector<std::uint32_t>& v) {
      std::vector<float> out(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<float>(v[i] * scale);
      return out;
    };
    std::vector<float> mean_wait(s.wait_sum_s.size()), queue(s.queue.size());
    for (std::size_t c = 0; c < mean_wait.size(); ++c) {
      mean_wait[c] = s.served[c] > 0 ? static_cast<float>(s.wait_sum_s[c] / s.served[c]) : 0.0f;
      queue[c] = static_cast<float>(s.queue[c] * scale);
    }
    write_array(f, "services/facilities/arrivals", scaled(s.arrivals), {T, F}, "visitors/interval", "visitors arriving, scaled to 100 %");
    write_array(f, "services/facilities/served", scaled(s.served), {T, F}, "visitors/interval", "visitors served, by arrival interval, scaled");
    write_array(f, "services/facilities/turned_away", scaled(s.turned_away), {T, F}, "visitors/interval",
                "visitors turned away (closing, quota) or balking, by arrival interval, scaled");
    write_array(f, "services/facilities/queue", queue, {T, F}, "visitors", "waiting at the interval's end, scaled");
    write_array(f, "services/facilities/mean_wait_s", mean_wait, {T, F}, "s", "mean wait of visitors served, by arrival interval");
    write_array(f, "services/facilities/p95_wait_s", s.wait_p95_s, {T, F}, "s", "95th percentile wait, by arrival interval");
    write_array(f, "services/facilities/utilisation", s.utilisation, {T, F}, "1", "busy server time / open server time");
    for (const char* name : {"arrivals", "served", "turned_away", "queue", "mean_wait_s", "p95_wait_s", "utilisation"}) {
      H5Id ds(H5Dopen2(f, (std::string("/services/facilities/") + name).c_str(), H5P_DEFAULT));
      H5Id ts(H5Dopen2(f, "/time/interval_start_s", H5P_DEFAULT));
      H5DSattach_scale(ds.get(), ts.get(), 0);
    }
    std::vector<float> day_arr(s.facilities, 0), day_served(s.facilities, 0), day_away(s.facilities, 0), day_wait(s.facilities, 0);
    std::vector<double> wait_sum(s.facilities, 0);
    for (std::size_t c = 0; c < s.arrivals.size(); ++c) {
      const std::size_t fac = c % s.facilities;
      day_arr[fac] += static_cast<float>(s.arrivals[c] * scale);
      day_served[fac] += static_cast<float>(s.served[c] * scale);
      day_away[fac] += static_cast<float>(s.turned_away[c] * scale);
      wait_sum[fac] += s.wait_sum_s[c];
    }
    for (std::size_t fac = 0; fac < s.facilities; ++fac) {
      const double n = day_served[fac] / scale;
      day_wait[fac] = n > 0 ? static_cast<float>(wait_sum[fac] / n) : 0.0f;
    }
    write_vector(f, "services/day/arrivals", day_arr, "visitors/day", "scaled");
    write_vector(f, "services/day/served", day_served, "visitors/day", "scaled");
    write_vector(f, "services/day/turned_away", day_away, "visitors/day", "unmet demand: come back another day; scaled");
    write_vector(f, "services/day/mean_wait_s", day_wait, "s", "mean wait of visitors served");
    std::vector<float> hist(s.wait_histogram.size());
    for (std::size_t i = 0; i < hist.size(); ++i) hist[i] = static_cast<float>(s.wait_histogram[i] * scale);
    write_array(f, "services/day/wait_histogram", hist, {F, svc::kWaitBins}, "visitors",
                "served visitors by wait: bins of 300 s, the last one 4 h and more; scaled");
    std::vector<std::int32_t> servers(s.facilities, 0);
    for (std::size_t fac = 0; fac < s.facilities; ++fac)
      if (w.service_params[fac]) servers[fac] = w.service_params[fac]->servers;
    H5Id ds(H5Dopen2(f, "/facilities/servers", H5P_DEFAULT));
    H5Dwrite(ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, servers.data());
  }
  const auto Z = static_cast<hsize_t>(w.zones.size());
  const auto NT = static_cast<hsize_t>(acc.types.size());
  std::string types;
  for (const auto& t : acc.types) types += (types.empty() ? "" : ",") + t;
  auto finite = [](const std::vector<double>& v) {
    std::vector<double> out(v);
    for (double& x : out)
      if (!std::isfinite(x)) x = -1;
    return out;
  };
  write_array(f, "services/accessibility/motorcycle_time_s", finite(acc.motorcycle_s), {Z, NT}, "s",
              "time from the zone's centre node to the nearest facility of each type (attribute 'types') by motorcycle at free flow; -1 unreachable");
  write_array(f, "services/accessibility/walk_time_s", finite(acc.walk_s), {Z, NT}, "s", "the same on foot (1.3 m/s, one-way rules ignored)");
  write_array(f, "services/accessibility/share_within_15min", acc.share_15min, {Z, NT}, "1", "share of residents within 15 min by motorcycle");
  write_array(f, "services/accessibility/share_within_30min", acc.share_30min, {Z, NT}, "1", "share of residents within 30 min by motorcycle");
  write_array(f, "services/accessibility/walk_share_within_30min", acc.walk_share_30min, {Z, NT}, "1", "share of residents within 30 min on foot");
  const auto K = static_cast<hsize_t>(acc.kecamatan.size());
  write_strings(f, "services/accessibility/kecamatan", acc.kecamatan, "kecamatan codes of the summaries");
  write_array(f, "services/accessibility/kecamatan_share_within_30min", acc.kecamatan_share_30min, {K, NT}, "1", "population-weighted");
  write_array(f, "services/accessibility/kecamatan_mean_motorcycle_time_s", acc.kecamatan_mean_motorcycle_s, {K, NT}, "s", "population-weighted");
  for (const char* name : {"motorcycle_time_s", "walk_time_s", "share_within_15min", "share_within_30min",
                           "walk_share_within_30min", "kecamatan_share_within_30min", "kecamatan_mean_motorcycle_time_s"}) {
    H5Id ds(H5Dopen2(f, (std::string("/services/accessibility/") + name).c_str(), H5P_DEFAULT));
    set_attr(ds.get(), "types", types);
  }
}

}  // namespace ogan::io
