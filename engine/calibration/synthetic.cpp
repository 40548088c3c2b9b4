#include "engine/calibration/synthetic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"
#include "engine/results/durable_file.hpp"
#include "engine/run/observations_reader.hpp"

namespace ogan::calib {

namespace fs = std::filesystem;

namespace {

// A Poisson draw: inversion for small means, a rounded normal for large ones (the survey's
// count noise; the exact tail matters little above a mean of 50).
double poisson(double mean, Rng& rng) {
  if (!(mean > 0)) return 0;
  if (mean > 50) return std::max(0.0, std::round(mean + std::sqrt(mean) * rng.normal()));
  const double limit = std::exp(-mean);
  double k = 0, p = rng.uniform_pos();
  while (p > limit) {
    ++k;
    p *= rng.uniform_pos();
  }
  return k;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

SynthSummary synthesize_observations(const SynthOptions& o) {
  if (!(o.from_h >= 0 && o.to_h > o.from_h && o.to_h <= 30 && o.from_h == std::floor(o.from_h) &&
        o.to_h == std::floor(o.to_h)))
    throw InputError(fmt::format("--hours: expected whole hours FROM-TO within 0-30, got {}-{}",
                                 o.from_h, o.to_h));
  std::vector<metrics::VehicleClass> classes;
  for (const auto& c : o.classes) {
    const auto k = metrics::parse_vehicle_class(c);
    if (!k)
      throw InputError(
          fmt::format("--classes: expected {}, got '{}'", metrics::vehicle_class_labels(), c));
    classes.push_back(*k);
  }
  std::error_code ec;
  fs::create_directories(o.output, ec);
  if (ec)
    throw InputError(fmt::format("folder '{}': cannot create it: {}", o.output, ec.message()));
  for (const char* f :
       {"counts.csv", "facilities.csv", "travel_times.csv", "closures.csv", "stations.gpkg"})
    fs::remove(fs::path(o.output) / f, ec);
  {
    std::ifstream in(o.stations, std::ios::binary);
    if (!in) throw InputError(fmt::format("stations '{}': cannot read it", o.stations));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    files::write_text((fs::path(o.output) / "stations.csv").string(), text);
  }

  run::Run r(run::configure(o.run));
  r.assign();
  // The stations, read and checked like any observations; then one count per station, hour
  // and class, and one day's record per facility of the types asked for.
  auto obs = run::read_observations(fs::absolute(o.output).string(), r.world());
  const auto& facilities = r.world().facility_list;
  std::map<std::string, int> name_count;
  for (const auto& f : facilities) ++name_count[f.name];
  SynthSummary sum;
  sum.stations = static_cast<int>(obs.stations.size());
  for (std::size_t s = 0; s < obs.stations.size(); ++s)
    for (double h = o.from_h; h < o.to_h; ++h)
      for (auto c : classes)
        obs.counts.push_back(
            {static_cast<std::int32_t>(s), h * 3600, (h + 1) * 3600, c, 0, "synthetic"});
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    if (std::find(o.facility_types.begin(), o.facility_types.end(), facilities[f].type) ==
        o.facility_types.end())
      continue;
    if (name_count[facilities[f].name] > 1) {
      sum.skipped.push_back(facilities[f].name);
      continue;
    }
    metrics::FacilityRecord rec;
    rec.facility = static_cast<std::int32_t>(f);
    rec.from_s = 0;
    rec.to_s = 24 * 3600;
    rec.arrivals = 0;
    rec.mean_wait_s = 0;
    rec.source = "synthetic";
    obs.facilities.push_back(rec);
  }
  r.observe(obs, false);
  r.finish_day();
  const auto cmp = r.compare_observations();

  std::string counts = fmt::format(
      "# Synthetic counts: {} {} (seed {}, sample {:g}), {} noise (seed {}).\n"
      "station_id,from,to,class,count\n",
      o.run.scenario,
      [&] {
        std::string s;
        for (const auto& x : o.run.sets) s += "--set " + x + " ";
        return s;
      }(),
      r.setup().plans.seed, r.setup().plans.sample_rate, o.noise ? "Poisson" : "no", o.noise_seed);
  for (std::size_t i = 0; i < cmp.counts.size(); ++i) {
    const auto& c = cmp.counts[i];
    Rng rng(o.noise_seed, StreamId::ObservationNoise, i);
    const double v = o.noise ? poisson(c.simulated, rng) : c.simulated;
    counts += fmt::format("{},{},{},{},{:.10g}\n", csv_field(cmp.stations[c.station].id),
                          format_hhmm(c.from_s), format_hhmm(c.to_s),
                          metrics::vehicle_class_name(c.vehicle_class), v);
    ++sum.counts;
  }
  files::write_text((fs::path(o.output) / "counts.csv").string(), counts);

  std::string fac =
      "# Synthetic daily registers (arrivals with Poisson noise, mean waits with the noise of a "
      "mean of exponential waits).\nfacility,from,to,arrivals,served,queue,mean_wait_s\n";
  for (std::size_t i = 0; i < cmp.facilities.size(); ++i) {
    const auto& f = cmp.facilities[i];
    Rng rng(o.noise_seed, StreamId::ObservationNoise, (std::uint64_t{1} << 40) + i);
    const double arrivals = o.noise ? poisson(f.simulated_arrivals, rng) : f.simulated_arrivals;
    std::string wait;
    if (!std::isnan(f.simulated_mean_wait_s)) {
      const double n = std::max(1.0, std::isnan(f.simulated_served) ? 1.0 : f.simulated_served);
      const double w =
          o.noise ? std::max(0.0, f.simulated_mean_wait_s * (1 + rng.normal() / std::sqrt(n)))
                  : f.simulated_mean_wait_s;
      wait = fmt::format("{:.1f}", w);
    }
    fac += fmt::format("{},{},{},{:.10g},,,{}\n", csv_field(facilities[f.facility].name),
                       format_hhmm(f.from_s), format_hhmm(f.to_s), arrivals, wait);
    ++sum.facilities;
  }
  files::write_text((fs::path(o.output) / "facilities.csv").string(), fac);
  return sum;
}

}  // namespace ogan::calib
