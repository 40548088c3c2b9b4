#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include "engine/app/commands.hpp"
#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/run/pipeline.hpp"
#include "engine/run/state_file.hpp"

namespace ogan::app {

void print_kpis(const std::vector<results::Kpi>& kpis, const std::string& out) {
  fmt::print("{:<40} {:>14} {}\n", "KPI", "value", "unit");
  for (const auto& k : kpis) fmt::print("{:<40} {:>14.4g} {}\n", k.name, k.value, k.unit);
  fmt::print("results: {}\n", out);
}

namespace {

std::vector<std::pair<double, std::string>> parse_snapshots(const std::vector<std::string>& specs) {
  std::vector<std::pair<double, std::string>> out;
  for (const auto& s : specs) {
    const auto eq = s.find('=');
    const auto t = parse_hhmm(s.substr(0, eq == std::string::npos ? 0 : eq), 30);
    if (eq == std::string::npos || !t || eq + 1 >= s.size())
      throw InputError(fmt::format("--snapshot '{}': expected HH:MM=FILE (e.g. 10:00=state.h5){}",
                                   s, t ? "" : ": " + t.error));
    if (const auto why = files::output_problem(s.substr(eq + 1)); !why.empty())
      throw InputError(
          fmt::format("--snapshot '{}': state file '{}': {}", s, s.substr(eq + 1), why));
    out.emplace_back(t.seconds, s.substr(eq + 1));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace

void advance_with_snapshots(run::Run& r, const std::vector<std::string>& specs) {
  for (const auto& [t, file] : parse_snapshots(specs)) {
    if (t < r.day().now())
      throw InputError(fmt::format("--snapshot {}: the day is already at {}", format_hhmm(t),
                                   format_hhmm(r.day().now())));
    r.day().advance_to(t);
    run::write_state(r, file);
  }
}

namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
  std::int64_t seed = -1;
  double sample = -1;
  int threads = 0;
  int iterations = -1;
  std::vector<std::string> sets;
  std::string run_id;
  std::vector<std::string> snapshots;  // "HH:MM=FILE"
  std::string observations;
  bool routes = false;
};

void run(const RunArgs& a) {
  parse_snapshots(a.snapshots);  // a mistake in them is found before the day, not at 10:00
  if (a.threads > 0) omp_set_num_threads(a.threads);
  run::RunOptions o;
  o.scenario = a.scenario;
  o.sets = a.sets;
  if (a.seed >= 0) o.seed = static_cast<std::uint64_t>(a.seed);
  if (a.sample > 0) o.sample = a.sample;
  if (a.iterations > 0) o.iterations = a.iterations;
  o.run_id = a.run_id;
  o.observations = a.observations;
  o.routes = a.routes;
  const double started = run::steady_now_s();
  run::Run r(run::configure(o));
  r.started_s = started;
  const std::string out = a.output.empty() ? r.setup().cfg.doc.name + ".h5" : a.output;
  if (const auto why = files::output_problem(out); !why.empty())
    throw InputError(fmt::format("results file '{}': {}", out, why));
  r.assign();
  advance_with_snapshots(r, a.snapshots);
  r.finish_day();
  print_kpis(r.write(out), out);
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto* cmd =
      app.add_subcommand("run", "Run a scenario end to end and write the results file (HDF5)");
  static RunArgs a;
  cmd->add_option("SCENARIO", a.scenario, "Scenario .yaml")->required();
  cmd->add_option("-o,--output", a.output, "Results file (default: <scenario name>.h5)")
      ->check(kOutputFileCheck);
  cmd->add_option("--seed", a.seed, "Random seed (default: the scenario's demand.seed)")
      ->check(kSeedCheck);
  cmd->add_option("--sample", a.sample, "Share of households to simulate, (0, 1]")
      ->check(kShareCheck);
  cmd->add_option("--threads", a.threads, "OpenMP threads (default: all cores)")
      ->check(kThreadsCheck);
  cmd->add_option("--run-id", a.run_id, "Id recorded in the results file (set by ogan sweep)");
  cmd->add_option("--snapshot", a.snapshots,
                  "Save the day's state at a time of day: HH:MM=FILE (repeatable; ogan fork "
                  "continues it)");
  cmd->add_option("--observations", a.observations,
                  "Folder of observations of the real town (docs/observations.md): compared with "
                  "the day in /observations; reported closures happen as events");
  cmd->add_option("--set", a.sets, "Override a scenario value: key.path=value (repeatable)");
  cmd->add_flag("--routes", a.routes,
                "Write every trip's route of the last day (/traffic/routes), for replaying the "
                "trips in other tools (benchmarks/crosscheck/sumo)");
  cmd->add_option("--iterations", a.iterations,
                  "Routing + traffic iterations (default: the scenario's)")
      ->check(CLI::Range(1, 100));
  cmd->callback([&action] { action = [] { run(a); }; });
}

}  // namespace ogan::app
