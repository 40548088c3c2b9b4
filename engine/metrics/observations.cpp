#include "engine/metrics/observations.hpp"

#include <fmt/format.h>

#include <array>
#include <set>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"

namespace ogan::metrics {

namespace {

constexpr std::array<std::string_view, kVehicleClasses> kClassNames = {"motorcycle", "car",
                                                                       "angkot", "ojek", "all"};

// The statistics intervals [t0, t1) that [from_s, to_s) covers; InputError naming the record
// when the interval is not whole statistics intervals.
struct Span {
  std::size_t t0 = 0, t1 = 0;
};

Span span_of(double from_s, double to_s, double interval_s, const std::string& source) {
  if (!(to_s > from_s) || from_s < 0) {
    throw InputError(fmt::format("{}: to: the interval {}-{} does not end after it starts", source,
                                 format_hhmm(from_s), format_hhmm(to_s)));
  }
  const double a = from_s / interval_s;
  const double b = to_s / interval_s;
  if (std::abs(a - std::round(a)) > 1e-9 || std::abs(b - std::round(b)) > 1e-9) {
    throw InputError(fmt::format(
        "{}: from, to: the interval {}-{} is not a whole number of statistics intervals of {:g} s",
        source, format_hhmm(from_s), format_hhmm(to_s), interval_s));
  }
  return {static_cast<std::size_t>(std::lround(a)), static_cast<std::size_t>(std::lround(b))};
}

void check_within(const Span& s, int intervals, double interval_s, const std::string& source,
                  const char* what) {
  if (s.t1 > static_cast<std::size_t>(std::max(intervals, 0))) {
    throw InputError(fmt::format("{}: to: {} is past the end of the simulated {} statistics ({})",
                                 source, format_hhmm(static_cast<double>(s.t1) * interval_s), what,
                                 format_hhmm(intervals * interval_s)));
  }
}

void check_link(net::LinkId l, const net::Network& net, const traffic::LinkStats& links,
                const std::string& source) {
  if (l < 0 || static_cast<std::size_t>(l) >= net.num_links() ||
      static_cast<std::size_t>(l) >= links.links) {
    throw InputError(fmt::format("{}: link {} is not a link of the network (0 to {})", source, l,
                                 static_cast<long long>(net.num_links()) - 1));
  }
}

// 100 sqrt(mean (s - o)^2) / mean o over the pairs where both are numbers; NaN when none.
double rmse_pct(const std::vector<std::pair<double, double>>& obs_sim) {
  double se = 0, so = 0;
  std::size_t n = 0;
  for (const auto& [o, s] : obs_sim) {
    if (!std::isfinite(o) || !std::isfinite(s)) continue;
    se += (s - o) * (s - o);
    so += o;
    ++n;
  }
  if (n == 0 || so <= 0) return kMissing;
  const double nn = static_cast<double>(n);
  return 100.0 * std::sqrt(se / nn) / (so / nn);
}

}  // namespace

std::string_view vehicle_class_name(VehicleClass c) {
  return kClassNames[static_cast<std::size_t>(c)];
}

std::optional<VehicleClass> parse_vehicle_class(std::string_view name) {
  for (std::size_t i = 0; i < kClassNames.size(); ++i)
    if (kClassNames[i] == name) return static_cast<VehicleClass>(i);
  return std::nullopt;
}

std::string vehicle_class_labels() {
  std::string out;
  for (const auto n : kClassNames) {
    if (!out.empty()) out += ',';
    out += n;
  }
  return out;
}

double geh(double m, double c) {
  if (m + c <= 0) return 0;
  return std::sqrt(2.0 * (m - c) * (m - c) / (m + c));
}

ObservationComparison compare_observations(const Observations& obs, const net::Network& net,
                                           const traffic::LinkStats& links,
                                           const svc::ServiceStats& services, double sample_rate,
                                           double until_s, double interval_s) {
  if (!(sample_rate > 0) || !(interval_s > 0))
    throw InternalError(fmt::format("compare_observations: sample rate {} and interval {} s",
                                    sample_rate, interval_s));
  const double scale = 1.0 / sample_rate;
  const std::size_t L = links.links;
  const std::size_t F = services.facilities;
  ObservationComparison out;
  out.until_s = until_s;
  out.stations = obs.stations;
  for (const auto& s : obs.stations) check_link(s.link, net, links, s.source);

  for (const auto& c : obs.counts) {
    const Span sp = span_of(c.from_s, c.to_s, interval_s, c.source);
    if (c.station < 0 || static_cast<std::size_t>(c.station) >= obs.stations.size())
      throw InputError(fmt::format("{}: station_id: station {} is not in the list of stations",
                                   c.source, c.station));
    if (c.to_s > until_s) continue;
    check_within(sp, links.intervals, interval_s, c.source, "traffic");
    const auto l = static_cast<std::size_t>(obs.stations[static_cast<std::size_t>(c.station)].link);
    double veh = 0;
    for (std::size_t t = sp.t0; t < sp.t1; ++t) {
      const std::size_t base = (t * L + l) * traffic::kNetworkModes;
      if (c.vehicle_class == VehicleClass::All) {
        for (int m = 0; m < traffic::kNetworkModes; ++m) veh += links.volume_veh[base + m];
      } else {
        veh += links.volume_veh[base + static_cast<std::size_t>(c.vehicle_class)];
      }
    }
    CountComparison r;
    r.station = c.station;
    r.from_s = c.from_s;
    r.to_s = c.to_s;
    r.vehicle_class = c.vehicle_class;
    r.observed = c.count;
    r.simulated = veh * scale;
    const double hours = (c.to_s - c.from_s) / 3600.0;
    r.geh = geh(r.simulated / hours, r.observed / hours);
    r.source = c.source;
    out.counts.push_back(std::move(r));
  }

  for (const auto& tt : obs.travel_times) {
    const Span sp = span_of(tt.from_s, tt.to_s, interval_s, tt.source);
    for (const auto l : tt.links) check_link(l, net, links, tt.source);
    if (tt.to_s > until_s) continue;
    check_within(sp, links.intervals, interval_s, tt.source, "traffic");
    double total = 0;
    for (const auto link : tt.links) {
      const auto l = static_cast<std::size_t>(link);
      double sum = 0;
      std::uint64_t exits = 0;
      for (std::size_t t = sp.t0; t < sp.t1; ++t) {
        sum += links.travel_time_sum_s[t * L + l];
        exits += links.exits[t * L + l];
      }
      total += exits > 0 ? sum / static_cast<double>(exits) : net.free_time_s(link);
    }
    TravelTimeComparison r;
    r.route_id = tt.route_id;
    r.links = tt.links;
    r.from_s = tt.from_s;
    r.to_s = tt.to_s;
    r.observed_s = tt.mean_s;
    r.simulated_s = total;
    r.source = tt.source;
    out.travel_times.push_back(std::move(r));
  }

  for (const auto& fr : obs.facilities) {
    const Span sp = span_of(fr.from_s, fr.to_s, interval_s, fr.source);
    if (fr.facility < 0 || static_cast<std::size_t>(fr.facility) >= F)
      throw InputError(fmt::format("{}: facility: facility {} is not one of the {} facilities",
                                   fr.source, fr.facility, F));
    if (fr.to_s > until_s) continue;
    check_within(sp, services.intervals, interval_s, fr.source, "service");
    const auto f = static_cast<std::size_t>(fr.facility);
    double arrivals = 0, served = 0, wait_sum = 0;
    for (std::size_t t = sp.t0; t < sp.t1; ++t) {
      arrivals += services.arrivals[t * F + f];
      served += services.served[t * F + f];
      wait_sum += services.wait_sum_s[t * F + f];
    }
    FacilityComparison r;
    r.facility = fr.facility;
    r.from_s = fr.from_s;
    r.to_s = fr.to_s;
    r.observed_arrivals = fr.arrivals;
    r.observed_served = fr.served;
    r.observed_queue = fr.queue;
    r.observed_mean_wait_s = fr.mean_wait_s;
    r.simulated_arrivals = arrivals * scale;
    r.simulated_served = served * scale;
    r.simulated_queue = services.queue[(sp.t1 - 1) * F + f] * scale;
    r.simulated_mean_wait_s = served > 0 ? wait_sum / served : kMissing;
    r.source = fr.source;
    out.facilities.push_back(std::move(r));
  }
  out.summary = observation_kpis(out);
  return out;
}

std::vector<results::Kpi> observation_kpis(const ObservationComparison& c) {
  std::vector<results::Kpi> k;
  std::set<std::int32_t> stations;
  for (const auto& r : c.counts) stations.insert(r.station);
  k.push_back({"obs_stations_compared", static_cast<double>(stations.size()), "stations"});
  const auto n = static_cast<double>(c.counts.size());
  k.push_back({"obs_count_records", n, "records"});

  double below = 0, so = 0, ss = 0, soo = 0, sss = 0, sos = 0;
  for (const auto& r : c.counts) {
    if (r.geh < 5) below += 1;
    so += r.observed;
    ss += r.simulated;
    soo += r.observed * r.observed;
    sss += r.simulated * r.simulated;
    sos += r.observed * r.simulated;
  }
  k.push_back({"obs_count_share_geh_below_5", n > 0 ? below / n : kMissing, "1"});
  // R^2 of the least-squares line of simulated on observed (Pearson's r squared).
  const double cov = sos - so * ss / n;
  const double var_o = soo - so * so / n;
  const double var_s = sss - ss * ss / n;
  const bool r2_defined = n >= 2 && var_o > 0 && var_s > 0;
  k.push_back({"obs_count_r2", r2_defined ? cov * cov / (var_o * var_s) : kMissing, "1"});
  // Slope of simulated = slope x observed, fitted through the origin.
  k.push_back({"obs_count_slope", soo > 0 ? sos / soo : kMissing, "1"});

  double ape = 0;
  std::size_t nt = 0;
  for (const auto& r : c.travel_times) {
    if (!(r.observed_s > 0)) continue;
    ape += std::abs(r.simulated_s - r.observed_s) / r.observed_s;
    ++nt;
  }
  k.push_back(
      {"obs_travel_time_mape", nt > 0 ? 100.0 * ape / static_cast<double>(nt) : kMissing, "%"});

  std::vector<std::pair<double, double>> arrivals, waits;
  for (const auto& r : c.facilities) {
    arrivals.emplace_back(r.observed_arrivals, r.simulated_arrivals);
    waits.emplace_back(r.observed_mean_wait_s, r.simulated_mean_wait_s);
  }
  k.push_back({"obs_facility_arrivals_rmse_pct", rmse_pct(arrivals), "%"});
  k.push_back({"obs_facility_mean_wait_rmse_pct", rmse_pct(waits), "%"});
  return k;
}

}  // namespace ogan::metrics
