#include "calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace viz {

namespace {

// engine/calibration/writer.cpp spells these inline; the tests write their fixture with it, so a
// name that drifts fails them.
namespace cal {
constexpr const char* kGroup = "/calibration";
constexpr const char* kKey = "/calibration/parameters/key";
constexpr const char* kMin = "/calibration/parameters/min";
constexpr const char* kMax = "/calibration/parameters/max";
constexpr const char* kPrior = "/calibration/parameters/prior";
constexpr const char* kPriorSd = "/calibration/parameters/prior_sd";
constexpr const char* kFitted = "/calibration/parameters/fitted";
constexpr const char* kStdError = "/calibration/parameters/std_error";
constexpr const char* kTraceEvaluations = "/calibration/trace/evaluations";
constexpr const char* kTraceObjective = "/calibration/trace/objective";
constexpr const char* kTraceLambda = "/calibration/trace/lambda";
constexpr const char* kTraceValues = "/calibration/trace/values";
constexpr const char* kStationId = "/calibration/stations/station_id";
constexpr const char* kHeldOut = "/calibration/stations/held_out";
}  // namespace cal

namespace obs = ogan::results::observations;

void same_length(const Results& r, std::size_t n, std::size_t m, const char* a, const char* b) {
  if (n != m)
    throw InputError(
        fmt::format("file '{}': {} has {} entries but {} has {}", r.path(), a, n, b, m));
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t p = 0; p <= s.size();) {
    const auto e = std::min(s.find(',', p), s.size());
    out.push_back(s.substr(p, e - p));
    p = e + 1;
  }
  return out;
}

CountFit fit_of(const std::vector<double>& o, const std::vector<double>& s, std::size_t below,
                std::size_t stations) {
  CountFit f;
  f.records = o.size();
  f.stations = stations;
  if (o.empty()) return f;
  const auto n = static_cast<double>(o.size());
  double so = 0, ss = 0, soo = 0, sss = 0, sos = 0;
  for (std::size_t i = 0; i < o.size(); ++i) {
    so += o[i];
    ss += s[i];
    soo += o[i] * o[i];
    sss += s[i] * s[i];
    sos += o[i] * s[i];
  }
  const double cov = sos / n - so / n * ss / n, vo = soo / n - so / n * so / n,
               vs = sss / n - ss / n * ss / n;
  f.r2 = vo > 0 && vs > 0 ? cov * cov / (vo * vs) : 0.0;
  f.slope = soo > 0 ? sos / soo : 0.0;
  f.share_geh_below_5 = static_cast<double>(below) / n;
  return f;
}

}  // namespace

std::string not_calibrated_message(const std::string& path) {
  return fmt::format(
      "file '{}' has no /calibration: it was not written by ogan calibrate (ogan calibrate "
      "SCENARIO --observations DIR -o X.yaml writes X.h5 with it)",
      path);
}

Calibration read_calibration(const Results& r) {
  if (!r.has(cal::kGroup)) throw InputError(not_calibrated_message(r.path()));
  Calibration c;
  c.path = r.path();
  c.stop_reason = r.dataset_attr(cal::kGroup, "stop_reason");
  c.evaluations = static_cast<int>(r.number_attr_of(cal::kGroup, "evaluations", 0));
  c.cached_evaluations = static_cast<int>(r.number_attr_of(cal::kGroup, "cached_evaluations", 0));
  c.sample_rate = r.number_attr_of(cal::kGroup, "sample_rate", 1);

  const auto key = r.strings(cal::kKey);
  const auto lo = r.doubles(cal::kMin), hi = r.doubles(cal::kMax), prior = r.doubles(cal::kPrior),
             sd = r.doubles(cal::kPriorSd), fitted = r.doubles(cal::kFitted),
             se = r.doubles(cal::kStdError);
  const std::size_t P = key.size();
  for (const auto& [v, name] : {std::pair{&lo, cal::kMin},
                                {&hi, cal::kMax},
                                {&prior, cal::kPrior},
                                {&sd, cal::kPriorSd},
                                {&fitted, cal::kFitted},
                                {&se, cal::kStdError}})
    same_length(r, v->size(), P, name, cal::kKey);
  for (std::size_t p = 0; p < P; ++p) {
    if (!(hi[p] > lo[p]))
      throw InputError(fmt::format("file '{}': parameter {} has max {} not above min {}", r.path(),
                                   key[p], hi[p], lo[p]));
    c.parameters.push_back({key[p], lo[p], hi[p], prior[p], sd[p], fitted[p], se[p]});
  }

  c.trace_evaluations = r.doubles(cal::kTraceEvaluations);
  c.trace_objective = r.doubles(cal::kTraceObjective);
  c.trace_lambda = r.doubles(cal::kTraceLambda);
  std::vector<hsize_t> dims;
  const auto values = r.doubles(cal::kTraceValues, &dims);
  const std::size_t K = c.trace_evaluations.size();
  same_length(r, c.trace_objective.size(), K, cal::kTraceObjective, cal::kTraceEvaluations);
  same_length(r, c.trace_lambda.size(), K, cal::kTraceLambda, cal::kTraceEvaluations);
  if (values.size() != K * P)
    throw InputError(fmt::format("file '{}': {} is not {} steps by {} parameters", r.path(),
                                 cal::kTraceValues, K, P));
  for (std::size_t k = 0; k < K; ++k)
    c.trace_values.emplace_back(values.begin() + static_cast<long>(k * P),
                                values.begin() + static_cast<long>((k + 1) * P));

  const auto cal_id = r.strings(cal::kStationId);
  const auto held = r.ints(cal::kHeldOut);
  same_length(r, held.size(), cal_id.size(), cal::kHeldOut, cal::kStationId);
  std::map<std::string, bool> held_out;
  for (std::size_t i = 0; i < cal_id.size(); ++i) held_out[cal_id[i]] = held[i] != 0;

  c.station_id = r.strings(obs::kStationsId);
  const auto link = r.ints(obs::kStationsLink);
  same_length(r, link.size(), c.station_id.size(), obs::kStationsLink, obs::kStationsId);
  for (std::size_t s = 0; s < c.station_id.size(); ++s) {
    const auto it = held_out.find(c.station_id[s]);
    if (it == held_out.end())
      throw InputError(fmt::format("file '{}': station '{}' of {} is not in {}", r.path(),
                                   c.station_id[s], obs::kStationsId, cal::kStationId));
    c.station_held_out.push_back(it->second);
    c.station_link.push_back(link[s]);
  }

  const auto station = r.ints(obs::kCountsStation);
  const auto from = r.doubles(obs::kCountsFromS), to = r.doubles(obs::kCountsToS),
             observed = r.doubles(obs::kCountsObserved),
             simulated = r.doubles(obs::kCountsSimulated), geh = r.doubles(obs::kCountsGeh);
  const auto cls = r.ints(obs::kCountsClass);
  const std::size_t N = station.size();
  for (const auto& [v, name] : {std::pair{&from, obs::kCountsFromS},
                                {&to, obs::kCountsToS},
                                {&observed, obs::kCountsObserved},
                                {&simulated, obs::kCountsSimulated},
                                {&geh, obs::kCountsGeh}})
    same_length(r, v->size(), N, name, obs::kCountsStation);
  same_length(r, cls.size(), N, obs::kCountsClass, obs::kCountsStation);
  c.class_names = split(r.dataset_attr(obs::kCountsClass, ogan::results::attr::kClasses));
  for (std::size_t i = 0; i < N; ++i) {
    if (station[i] < 0 || static_cast<std::size_t>(station[i]) >= c.station_id.size())
      throw InputError(fmt::format("file '{}': {} {} is not a station", r.path(),
                                   obs::kCountsStation, station[i]));
    const auto s = static_cast<std::size_t>(station[i]);
    c.counts.push_back({s, c.station_held_out[s], from[i], to[i], static_cast<int>(cls[i]),
                        observed[i], simulated[i], geh[i]});
  }
  return c;
}

Scatter scatter_data(const Calibration& c) {
  Scatter out;
  std::size_t below[2] = {0, 0};
  std::set<std::size_t> stations[2];
  for (const auto& r : c.counts) {
    auto& g = r.held_out ? out.held_out : out.fitted;
    const double h = r.hours() > 0 ? r.hours() : 1;
    g.observed.push_back(r.observed / h);
    g.simulated.push_back(r.simulated / h);
    below[r.held_out] += r.geh < 5;
    stations[r.held_out].insert(r.station);
  }
  out.fitted.fit = fit_of(out.fitted.observed, out.fitted.simulated, below[0], stations[0].size());
  out.held_out.fit =
      fit_of(out.held_out.observed, out.held_out.simulated, below[1], stations[1].size());
  return out;
}

std::size_t geh_bin(double geh) {
  if (!(geh >= 0)) return 0;
  return std::min(kGehBins - 1, static_cast<std::size_t>(std::floor(geh)));
}

GehHistogram geh_histogram(const Calibration& c) {
  GehHistogram h;
  for (const auto& r : c.counts) {
    const bool below = r.geh < 5;
    if (r.held_out) {
      ++h.held_out[geh_bin(r.geh)];
      h.held_out_below_5 += below;
      ++h.held_out_records;
    } else {
      ++h.fitted[geh_bin(r.geh)];
      h.fitted_below_5 += below;
      ++h.fitted_records;
    }
  }
  return h;
}

std::vector<StationGeh> station_geh(const Calibration& c, const Results& r) {
  const auto gx = r.doubles(ds::kLinksGeometryX), gy = r.doubles(ds::kLinksGeometryY);
  same_length(r, gy.size(), gx.size(), ds::kLinksGeometryY, ds::kLinksGeometryX);
  const auto off = r.offsets(ds::kLinksGeometryOffset, Results::kAnyCount, gx.size());
  std::vector<StationGeh> out(c.station_id.size());
  for (std::size_t s = 0; s < out.size(); ++s) {
    auto& st = out[s];
    st.id = c.station_id[s];
    st.held_out = c.station_held_out[s];
    const auto l = static_cast<std::size_t>(c.station_link[s]);
    if (c.station_link[s] < 0 || l + 1 >= off.size())
      throw InputError(
          fmt::format("file '{}': station '{}' counts on link {}, but the network has "
                      "{} links",
                      r.path(), st.id, c.station_link[s], off.size() - 1));
    // The point halfway along the link's polyline, and the direction of travel there.
    const auto a = static_cast<std::size_t>(off[l]), b = static_cast<std::size_t>(off[l + 1]);
    double length = 0;
    for (auto i = a + 1; i < b; ++i) length += std::hypot(gx[i] - gx[i - 1], gy[i] - gy[i - 1]);
    st.at = {gx[a], gy[a]};
    double run = 0;
    for (auto i = a + 1; i < b; ++i) {
      const double dx = gx[i] - gx[i - 1], dy = gy[i] - gy[i - 1], d = std::hypot(dx, dy);
      if (d <= 0) continue;
      if (run + d >= length / 2) {
        const double t = (length / 2 - run) / d;
        st.at = {gx[i - 1] + t * dx, gy[i - 1] + t * dy};
        st.side = {-dy / d, dx / d};
        break;
      }
      run += d;
    }
  }
  for (const auto& rec : c.counts) {
    auto& st = out[rec.station];
    ++st.records;
    st.mean_geh += rec.geh;
    st.worst_geh = std::max(st.worst_geh, rec.geh);
  }
  for (auto& st : out)
    st.mean_geh = st.records > 0 ? st.mean_geh / static_cast<double>(st.records) : std::nan("");
  return out;
}

Trace trace_data(const Calibration& c) {
  Trace t;
  const std::size_t P = c.parameters.size(), K = c.trace_evaluations.size();
  t.position.resize(P);
  t.accepted = K;
  for (std::size_t k = 0; k <= K; ++k) {
    if (k == K && (K == 0 || c.evaluations <= c.trace_evaluations.back())) break;
    const std::size_t j = std::min(k, K - 1);
    t.evaluations.push_back(k < K ? c.trace_evaluations[k] : c.evaluations);
    t.objective.push_back(c.trace_objective[j]);
    t.compass.push_back(k > 0 && c.trace_lambda[j] == 0);
    for (std::size_t p = 0; p < P; ++p) {
      const auto& q = c.parameters[p];
      t.position[p].push_back((c.trace_values[j][p] - q.min) / (q.max - q.min));
    }
  }
  return t;
}

}  // namespace viz
