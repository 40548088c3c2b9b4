#include <cmath>

#include "engine/io/results.hpp"

namespace ogan::io {

void ResultsWriter::write_services(const scenario::World& w, const metrics::FacilityMetrics& m,
                                   const svc::Accessibility& acc) {
  const hid_t f = file_.get();
  const auto T = static_cast<hsize_t>(m.intervals);
  const auto F = static_cast<hsize_t>(m.facilities);
  if (m.facilities > 0 && m.intervals > 0) {
    write_array(f, results::path::kFacArrivals, m.arrivals, {T, F}, "visitors/interval",
                "visitors arriving, scaled to 100 %");
    write_array(f, results::path::kFacServed, m.served, {T, F}, "visitors/interval",
                "visitors served, by arrival interval, scaled");
    write_array(f, results::path::kFacTurnedAway, m.turned_away, {T, F}, "visitors/interval",
                "visitors turned away (closing, quota) or balking, by arrival interval, scaled");
    write_array(f, results::path::kFacQueue, m.queue, {T, F}, "visitors",
                "waiting at the interval's end, scaled");
    write_array(f, results::path::kFacMeanWaitS, m.mean_wait_s, {T, F}, "s",
                "mean wait of visitors served, by arrival interval");
    write_array(f, results::path::kFacP95WaitS, m.p95_wait_s, {T, F}, "s",
                "95th percentile wait, by arrival interval");
    write_array(f, results::path::kFacUtilisation, m.utilisation, {T, F}, "1",
                "busy server time / open server time");
    attach_scale(f, results::kFacilityIntervalDatasets, results::path::kIntervalStartS, 0);
    write_vector(f, results::path::kDayArrivals, m.day_arrivals, "visitors/day", "scaled");
    write_vector(f, results::path::kDayServed, m.day_served, "visitors/day", "scaled");
    write_vector(f, results::path::kDayTurnedAway, m.day_turned_away, "visitors/day",
                 "unmet demand: come back another day; scaled");
    write_vector(f, results::path::kDayMeanWaitS, m.day_mean_wait_s, "s",
                 "mean wait of visitors served");
    write_array(f, results::path::kDayWaitHistogram, m.wait_histogram, {F, svc::kWaitBins},
                "visitors",
                "served visitors by wait: bins of 300 s, the last one 4 h and more; scaled");
    H5Id ds(H5Dopen2(f, results::path::kFacilitiesServers, H5P_DEFAULT));
    H5Dwrite(ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.servers.data());
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
  write_array(f, results::path::kAccMotorcycleTimeS, finite(acc.motorcycle_s), {Z, NT}, "s",
              "time from the zone's centre node to the nearest facility of each type (attribute "
              "'types') by motorcycle at free flow; -1 unreachable");
  write_array(f, results::path::kAccWalkTimeS, finite(acc.walk_s), {Z, NT}, "s",
              "the same on foot (1.3 m/s, one-way rules ignored)");
  write_array(f, results::path::kAccShareWithin15min, acc.share_15min, {Z, NT}, "1",
              "share of residents within 15 min by motorcycle");
  write_array(f, results::path::kAccShareWithin30min, acc.share_30min, {Z, NT}, "1",
              "share of residents within 30 min by motorcycle");
  write_array(f, results::path::kAccWalkShareWithin30min, acc.walk_share_30min, {Z, NT}, "1",
              "share of residents within 30 min on foot");
  const auto K = static_cast<hsize_t>(acc.kecamatan.size());
  write_strings(f, results::path::kAccKecamatan, acc.kecamatan, "kecamatan codes of the summaries");
  write_array(f, results::path::kAccKecamatanShareWithin30min, acc.kecamatan_share_30min, {K, NT},
              "1", "population-weighted");
  write_array(f, results::path::kAccKecamatanMeanMotorcycleTimeS, acc.kecamatan_mean_motorcycle_s,
              {K, NT}, "s", "population-weighted");
  for (const char* name : results::kAccessibilityDatasets) {
    H5Id ds(H5Dopen2(f, name, H5P_DEFAULT));
    set_attr(ds.get(), results::attr::kTypes, types);
  }
}

}  // namespace ogan::io
