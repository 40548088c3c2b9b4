#include "engine/calibration/objective.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/sha256.hpp"

namespace ogan::calib {

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Count:
      return "count";
    case Kind::Arrivals:
      return "arrivals";
    case Kind::Served:
      return "served";
    case Kind::Queue:
      return "queue";
    case Kind::MeanWait:
      return "mean_wait";
    case Kind::TravelTime:
      return "travel_time";
  }
  return "?";
}

std::vector<Record> records(const metrics::ObservationComparison& c,
                            const std::vector<bool>& held_out_station) {
  std::vector<Record> out;
  for (const auto& k : c.counts) {
    Record r;
    r.kind = Kind::Count;
    r.index = k.station;
    r.hours = (k.to_s - k.from_s) / 3600.0;
    r.observed = k.observed;
    r.simulated = k.simulated;
    const auto s = static_cast<std::size_t>(k.station);
    r.fitted = !(s < held_out_station.size() && held_out_station[s]);
    out.push_back(r);
  }
  for (const auto& f : c.facilities) {
    auto add = [&](Kind kind, double obs, double sim) {
      if (std::isnan(obs)) return;
      Record r;
      r.kind = kind;
      r.index = f.facility;
      r.hours = (f.to_s - f.from_s) / 3600.0;
      r.observed = obs;
      r.simulated = sim;
      if (kind == Kind::MeanWait) {
        r.served = !std::isnan(f.observed_served)     ? f.observed_served
                   : !std::isnan(f.observed_arrivals) ? f.observed_arrivals
                                                      : 0.0;
      }
      out.push_back(r);
    };
    add(Kind::Arrivals, f.observed_arrivals, f.simulated_arrivals);
    add(Kind::Served, f.observed_served, f.simulated_served);
    add(Kind::Queue, f.observed_queue, f.simulated_queue);
    add(Kind::MeanWait, f.observed_mean_wait_s, f.simulated_mean_wait_s);
  }
  for (const auto& t : c.travel_times) {
    Record r;
    r.kind = Kind::TravelTime;
    r.hours = (t.to_s - t.from_s) / 3600.0;
    r.observed = t.observed_s;
    r.simulated = t.simulated_s;
    out.push_back(r);
  }
  return out;
}

std::vector<bool> hold_out(const std::vector<metrics::Station>& stations, double share,
                           std::uint64_t seed) {
  std::vector<std::pair<std::string, std::size_t>> order;
  for (std::size_t i = 0; i < stations.size(); ++i)
    order.emplace_back(sha256_text(std::to_string(seed) + "/" + stations[i].id), i);
  std::sort(order.begin(), order.end());
  const auto n =
      static_cast<std::size_t>(std::lround(share * static_cast<double>(stations.size())));
  std::vector<bool> out(stations.size(), false);
  for (std::size_t i = 0; i < n && i < order.size(); ++i) out[order[i].second] = true;
  return out;
}

namespace {

// The standard deviation of a record's simulated minus observed value.
double sigma(const Record& r, double sample_rate) {
  // A count observed once (Poisson) and simulated on a sample (Poisson, scaled by 1 / rate).
  const double both = 1.0 + 1.0 / sample_rate;
  switch (r.kind) {
    case Kind::Count:
    case Kind::Arrivals:
    case Kind::Served:
    case Kind::Queue:
      return std::sqrt(both * std::max(r.observed, 4.0));
    case Kind::MeanWait: {
      // A mean of n exponential waits has a standard error of mean / sqrt(n); 30 s for what the
      // register rounds.
      const double n = std::max(r.served, 1.0);
      return std::sqrt(both * r.observed * r.observed / n + 30.0 * 30.0);
    }
    case Kind::TravelTime:
      return 0.1 * r.observed + 10.0;
  }
  return 1.0;
}

double residual(const Record& r, double sample_rate) {
  return std::isnan(r.simulated) ? 3.0 : (r.simulated - r.observed) / sigma(r, sample_rate);
}

}  // namespace

std::vector<double> residuals(const std::vector<Record>& rs, double sample_rate) {
  std::vector<double> out;
  for (const auto& r : rs)
    if (r.fitted) out.push_back(residual(r, sample_rate));
  return out;
}

Fit fit(const std::vector<Record>& rs, bool held_out, double sample_rate) {
  Fit f;
  double so = 0, so2 = 0, ss = 0, ss2 = 0, sos = 0, se2 = 0;
  int below = 0;
  double fa_e2 = 0, fa_o = 0, w_e2 = 0, w_o = 0;
  int fa_n = 0, w_n = 0;
  for (const auto& r : rs) {
    if (r.fitted == held_out) continue;
    const double res = residual(r, sample_rate);
    f.objective += 0.5 * res * res;
    if (r.kind == Kind::Count) {
      const double o = r.observed, s = r.simulated;
      ++f.counts;
      so += o;
      so2 += o * o;
      ss += s;
      ss2 += s * s;
      sos += o * s;
      se2 += (s - o) * (s - o);
      if (metrics::geh(s / r.hours, o / r.hours) < 5) ++below;
    } else if (r.kind == Kind::Arrivals) {
      ++fa_n;
      fa_o += r.observed;
      fa_e2 += (r.simulated - r.observed) * (r.simulated - r.observed);
    } else if (r.kind == Kind::MeanWait && !std::isnan(r.simulated)) {
      ++w_n;
      w_o += r.observed;
      w_e2 += (r.simulated - r.observed) * (r.simulated - r.observed);
    }
  }
  if (f.counts > 0) {
    const double n = f.counts;
    f.share_geh_below_5 = below / n;
    const double cov = sos / n - so / n * ss / n;
    const double vo = so2 / n - so / n * so / n, vs = ss2 / n - ss / n * ss / n;
    f.r2 = vo > 0 && vs > 0 ? cov * cov / (vo * vs) : 0.0;
    f.slope = so2 > 0 ? sos / so2 : 0.0;
    f.rmse_pct = so > 0 ? 100.0 * std::sqrt(se2 / n) / (so / n) : 0.0;
  }
  f.facility_records = fa_n;
  if (fa_n > 0 && fa_o > 0) f.arrivals_rmse_pct = 100.0 * std::sqrt(fa_e2 / fa_n) / (fa_o / fa_n);
  if (w_n > 0 && w_o > 0) f.mean_wait_rmse_pct = 100.0 * std::sqrt(w_e2 / w_n) / (w_o / w_n);
  return f;
}

}  // namespace ogan::calib
