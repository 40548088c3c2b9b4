#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include "engine/app/commands.hpp"
#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/run/pipeline.hpp"
#include "engine/run/state_file.hpp"
#include "engine/scenario/timed_policies.hpp"

namespace ogan::app {

namespace {

struct ForkArgs {
  std::string state;
  std::string output;
  std::vector<std::string> policies;
  std::vector<std::string> sets;
  std::vector<std::string> snapshots;
  int threads = 0;
  std::string run_id;
};

void fork(const ForkArgs& a) {
  if (a.threads > 0) omp_set_num_threads(a.threads);
  const double started = run::steady_now_s();
  auto r = run::restore_state(a.state);
  r->started_s = started;
  r->set_run_id(a.run_id);
  const double t = r->day().now();
  spdlog::info("continuing the day of {} from {}", a.state, format_hhmm(t));
  if (!a.policies.empty() || !a.sets.empty()) add_fork_policies(*r, a.policies, a.sets);
  advance_with_snapshots(*r, a.snapshots);
  r->finish_day();
  print_kpis(r->write(a.output), a.output);
}

}  // namespace

void add_fork_policies(run::Run& r, const std::vector<std::string>& files,
                       const std::vector<std::string>& sets) {
  if (files.empty()) throw InputError("--set needs a --policy file to apply to");
  for (const auto& file : files) {
    for (auto& e : scenario::policy_file_events(file, sets, r.world(), r.day().now()))
      r.day().schedule(std::move(e));
  }
}

void add_fork_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "fork",
      "Continue a saved day (ogan run --snapshot) to its end, with changes from that moment");
  static ForkArgs a;
  cmd->add_option("STATE", a.state, "State file written by --snapshot")->required();
  cmd->add_option("-o,--output", a.output, "Results file (the whole day, before and after)")
      ->check(kOutputFileCheck)
      ->required();
  cmd->add_option("--policy", a.policies,
                  "YAML file with a policies: list, applied from the fork's time (or their at:)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", a.sets,
                  "Override a value of the policy files: policies.N.key=value (repeatable)");
  cmd->add_option("--snapshot", a.snapshots, "Save the day's state again: HH:MM=FILE");
  cmd->add_option("--threads", a.threads, "OpenMP threads (default: all cores)")
      ->check(kThreadsCheck);
  cmd->add_option("--run-id", a.run_id, "Id recorded in the results file (set by ogan sweep)");
  cmd->callback([&action] { action = [] { fork(a); }; });
}

}  // namespace ogan::app
