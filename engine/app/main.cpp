#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "engine/app/commands.hpp"
#include "engine/core/error.hpp"
#include "engine/core/log.hpp"
#include "engine/core/version.hpp"
#include "engine/results/hdf5.hpp"

namespace ogan::app {

int run_guarded(const Action& action) {
  try {
    action();
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return e.exit_code();
  } catch (const results::Error& e) {  // a results file that cannot be read: bad input
    spdlog::error("{}", e.what());
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {
    // A path the user gave that the system refuses (too long, a folder, no permission) is
    // their input to fix; anything else the file system says is ours.
    if (is_path_error(e.code())) {
      spdlog::error("{}", describe_path_error(e));
      return 2;
    }
    spdlog::error("internal error: {}", e.what());
    return 1;
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return 1;
  }
  return 0;
}

}  // namespace ogan::app

int main(int argc, char** argv) {
  CLI::App app{"ogan: agent-based simulation and digital twin of Baturaja and OKU"};
  app.require_subcommand(0, 1);
  bool version = false;
  int verbose = 0;
  bool quiet = false;
  app.add_flag("--version", version, "Print the version and git commit, then exit");
  app.add_flag("-v,--verbose", verbose, "More log output (repeat for debug)");
  app.add_flag("-q,--quiet", quiet, "Only warnings and errors");

  ogan::app::Action action;
  ogan::app::add_data_commands(app, action);
  ogan::app::add_network_commands(app, action);
  ogan::app::add_population_commands(app, action);
  ogan::app::add_run_command(app, action);
  ogan::app::add_scenario_commands(app, action);
  ogan::app::add_sweep_command(app, action);
  ogan::app::add_fork_command(app, action);
  ogan::app::add_serve_command(app, action);
  ogan::app::add_export_command(app, action);
  ogan::app::add_calibrate_command(app, action);
  ogan::app::add_observations_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (version) {
    fmt::print("ogan {} (git {})\n", ogan::kVersion, ogan::kGitSha);
    return 0;
  }
  ogan::init_logging(quiet          ? spdlog::level::warn
                     : verbose >= 2 ? spdlog::level::trace
                     : verbose == 1 ? spdlog::level::debug
                                    : spdlog::level::info);
  if (!action) {
    std::cout << app.help();
    return 2;
  }
  return ogan::app::run_guarded(action);
}
