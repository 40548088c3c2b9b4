#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "engine/app/commands.hpp"
#include "engine/calibration/calibrate.hpp"
#include "engine/calibration/synthetic.hpp"
#include "engine/core/error.hpp"

namespace ogan::app {

namespace {

struct CalibrateArgs {
  calib::Options o;
  std::int64_t seed = -1;
  double sample = 0;
  int iterations = 0;
  int max_evaluations = 0;
  bool quiet = false;
};

void calibrate(CalibrateArgs& a) {
  auto o = a.o;
  if (a.seed >= 0) o.seed = static_cast<std::uint64_t>(a.seed);
  if (a.sample > 0) o.sample = a.sample;
  if (a.iterations > 0) o.iterations = a.iterations;
  if (a.max_evaluations > 0) o.max_evaluations = a.max_evaluations;
  o.verbose = !a.quiet;
  // The evaluations' own progress would bury the one line each gets here.
  const auto level = spdlog::get_level();
  spdlog::set_level(spdlog::level::warn);
  const auto s = calib::calibrate(o);
  spdlog::set_level(level);
  fmt::print("\n{}: {} evaluations, {}\n", s.output, s.search.evaluations, s.search.stop_reason);
  for (const auto& p : s.parameters)
    fmt::print("  {} = {:.6g} (prior {:.6g}, standard error {})\n", p.parameter.key, p.fitted,
               p.parameter.prior,
               std::isnan(p.std_error) ? "n/a" : fmt::format("{:.3g}", p.std_error));
  fmt::print("  counts with GEH < 5: fitted {:.1f} % -> {:.1f} %, held out {:.1f} % -> {:.1f} %\n",
             100 * s.before_fitted.share_geh_below_5, 100 * s.after_fitted.share_geh_below_5,
             100 * s.before_held_out.share_geh_below_5, 100 * s.after_held_out.share_geh_below_5);
  fmt::print("  report: {}\n", s.report);
  if (!s.results.empty()) fmt::print("  results: {}\n", s.results);
}

struct SynthArgs {
  calib::SynthOptions o;
  std::int64_t seed = -1;
  double sample = 0;
  int iterations = 0;
  std::string hours = "05:00-21:00";
  std::int64_t noise_seed = 1;
  bool no_noise = false;
};

double hour_of(const std::string& s, const std::string& all) {
  const auto colon = s.find(':');
  try {
    if (colon != std::string::npos && s.substr(colon) == ":00")
      return std::stod(s.substr(0, colon));
  } catch (const std::exception&) {
  }
  throw InputError(fmt::format("--hours: expected HH:00-HH:00, got '{}'", all));
}

void synth(SynthArgs& a) {
  auto o = a.o;
  if (a.seed >= 0) o.run.seed = static_cast<std::uint64_t>(a.seed);
  if (a.sample > 0) o.run.sample = a.sample;
  if (a.iterations > 0) o.run.iterations = a.iterations;
  const auto dash = a.hours.find('-');
  if (dash == std::string::npos)
    throw InputError(fmt::format("--hours: expected HH:00-HH:00, got '{}'", a.hours));
  o.from_h = hour_of(a.hours.substr(0, dash), a.hours);
  o.to_h = hour_of(a.hours.substr(dash + 1), a.hours);
  o.noise = !a.no_noise;
  o.noise_seed = static_cast<std::uint64_t>(a.noise_seed);
  const auto s = calib::synthesize_observations(o);
  fmt::print("{}: {} stations, {} counts, {} facility records\n", o.output, s.stations, s.counts,
             s.facilities);
  for (const auto& n : s.skipped)
    fmt::print("  left out '{}': several facilities have that name\n", n);
}

}  // namespace

void add_calibrate_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Fit the parameters of the scenario's calibration: block to observed counts and facility "
      "records; writes the calibrated scenario, a report and its results (docs/calibration.md)");
  static CalibrateArgs a;
  cmd->add_option("SCENARIO", a.o.scenario, "Scenario .yaml with a calibration: block")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--observations", a.o.observations,
                  "Folder of observations (docs/observations.md)")
      ->required();
  cmd->add_option("-o,--output", a.o.output,
                  "The calibrated scenario (.yaml); OUTPUT.md (report) and OUTPUT.h5 beside it")
      ->required()
      ->check(kOutputFileCheck);
  cmd->add_option("--work-dir", a.o.work_dir,
                  "Where evaluations are kept, so that an interrupted calibration resumes "
                  "(default: OUTPUT.work)");
  cmd->add_option("--jobs", a.o.jobs, "Evaluations run side by side (default 1)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--threads", a.o.threads, "OpenMP threads per evaluation (default: cores / jobs)")
      ->check(kThreadsCheck);
  cmd->add_option("--seed", a.seed, "Random seed of every evaluation (default: the scenario's)")
      ->check(kSeedCheck);
  cmd->add_option("--sample", a.sample,
                  "Share of households in every evaluation (default: calibration.sample_rate)")
      ->check(kShareCheck);
  cmd->add_option("--iterations", a.iterations, "Iterations of every evaluation")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--max-evaluations", a.max_evaluations,
                  "Budget (default: calibration.max_evaluations)")
      ->check(CLI::Range(1, 100000));
  cmd->add_flag(
      "--no-results", [](std::int64_t) { a.o.write_results = false; },
      "Do not run the calibrated scenario once more for OUTPUT.h5");
  cmd->add_flag("--quiet", a.quiet, "No line per evaluation");
  cmd->callback([&action] { action = [] { calibrate(a); }; });
}

void add_observations_command(CLI::App& app, Action& action) {
  auto* grp = app.add_subcommand("observations", "Observations of the real town");
  grp->require_subcommand(1);
  auto* cmd = grp->add_subcommand(
      "synth",
      "Sample observations from a simulated day, as a survey would count them: hourly "
      "classified counts at stations, daily visits and mean waits at facilities, with noise "
      "(the truth of an identical-twin calibration, docs/calibration.md)");
  static SynthArgs a;
  cmd->add_option("SCENARIO", a.o.run.scenario, "The true scenario .yaml")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--stations", a.o.stations, "stations.csv (station_id,link_id)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", a.o.output, "Folder to write (stations, counts, facilities)")
      ->required();
  cmd->add_option("--set", a.o.run.sets, "Override a scenario value: key.path=value (repeatable)");
  cmd->add_option("--seed", a.seed, "Random seed of the run")->check(kSeedCheck);
  cmd->add_option("--sample", a.sample, "Share of households simulated")->check(kShareCheck);
  cmd->add_option("--iterations", a.iterations, "Iterations")->check(CLI::Range(1, 100));
  cmd->add_option("--hours", a.hours, "Hours counted, HH:00-HH:00 (default 05:00-21:00)");
  cmd->add_option("--classes", a.o.classes,
                  "Vehicle classes counted (default motorcycle car; all for totals)");
  cmd->add_option("--facility-types", a.o.facility_types,
                  "Facility types whose registers are sampled (default puskesmas hospital "
                  "civil_registry public_service_mall)");
  cmd->add_option("--noise-seed", a.noise_seed, "Seed of the observation noise")->check(kSeedCheck);
  cmd->add_flag("--no-noise", a.no_noise, "The simulated values as they are");
  cmd->callback([&action] { action = [] { synth(a); }; });
}

}  // namespace ogan::app
