#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace ogan::app {

// Each subcommand registers its options and returns the action to run when it is chosen.
using Action = std::function<void()>;

void add_data_commands(CLI::App& app, Action& action);
void add_network_commands(CLI::App& app, Action& action);
void add_population_commands(CLI::App& app, Action& action);
void add_run_command(CLI::App& app, Action& action);
void add_scenario_commands(CLI::App& app, Action& action);
void add_sweep_command(CLI::App& app, Action& action);

}  // namespace ogan::app
