#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/results/durable_file.hpp"
#include "engine/results/kpi.hpp"

namespace ogan::run {
class Run;
}

namespace ogan::app {

// Each subcommand registers its options and returns the action to run when it is chosen.
using Action = std::function<void()>;

// Runs an action as the program does: an error is logged and becomes the exit code (2 for bad
// input, 1 for an internal error; docs/errors.md).
int run_guarded(const Action& action);

void add_data_commands(CLI::App& app, Action& action);
void add_network_commands(CLI::App& app, Action& action);
void add_population_commands(CLI::App& app, Action& action);
void add_run_command(CLI::App& app, Action& action);
void add_scenario_commands(CLI::App& app, Action& action);
void add_sweep_command(CLI::App& app, Action& action);
void add_fork_command(CLI::App& app, Action& action);
void add_serve_command(CLI::App& app, Action& action);
void add_export_command(CLI::App& app, Action& action);
void add_calibrate_command(CLI::App& app, Action& action);
void add_observations_command(CLI::App& app, Action& action);

// Saves the day's state at each "HH:MM=FILE" of --snapshot, advancing the day to it.
void advance_with_snapshots(run::Run& r, const std::vector<std::string>& specs);
// Timed policies of --policy files (with --set overrides) scheduled on a forked day.
void add_fork_policies(run::Run& r, const std::vector<std::string>& files,
                       const std::vector<std::string>& sets);

// The KPI table that `ogan run` and `ogan fork` print.
void print_kpis(const std::vector<results::Kpi>& kpis, const std::string& output);

// Checks shared by the subcommands' numeric options. CLI11's Range lets NaN through (every
// comparison with it is false), which then silently meant "the scenario's own value".
inline const CLI::Validator kShareCheck(
    [](std::string& s) -> std::string {
      try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && v >= 1e-6 && v <= 1) return {};
      } catch (const std::exception&) {
      }
      return "expected a share in [1e-06, 1], got '" + s + "'";
    },
    "SHARE in (0, 1]");
inline const CLI::Range kThreadsCheck(1, 1024);
inline const CLI::Range kSeedCheck(std::int64_t{0}, std::numeric_limits<std::int64_t>::max());

// An output file that cannot be written is found before the work, not after it.
inline const CLI::Validator kOutputFileCheck(
    [](std::string& s) -> std::string {
      const auto why = files::output_problem(s);
      return why.empty() ? std::string() : "'" + s + "': " + why;
    },
    "FILE");

}  // namespace ogan::app
