#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "engine/results/kpi.hpp"

namespace ogan::run {
class Run;
}

namespace ogan::app {

// Each subcommand registers its options and returns the action to run when it is chosen.
using Action = std::function<void()>;

void add_data_commands(CLI::App& app, Action& action);
void add_network_commands(CLI::App& app, Action& action);
void add_population_commands(CLI::App& app, Action& action);
void add_run_command(CLI::App& app, Action& action);
void add_scenario_commands(CLI::App& app, Action& action);
void add_sweep_command(CLI::App& app, Action& action);
void add_fork_command(CLI::App& app, Action& action);
void add_serve_command(CLI::App& app, Action& action);

// Saves the day's state at each "HH:MM=FILE" of --snapshot, advancing the day to it.
void advance_with_snapshots(run::Run& r, const std::vector<std::string>& specs);
// Timed policies of --policy files (with --set overrides) scheduled on a forked day.
void add_fork_policies(run::Run& r, const std::vector<std::string>& files,
                       const std::vector<std::string>& sets);

// The KPI table that `ogan run` and `ogan fork` print.
void print_kpis(const std::vector<results::Kpi>& kpis, const std::string& output);

}  // namespace ogan::app
