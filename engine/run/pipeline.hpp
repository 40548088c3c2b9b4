#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/results.hpp"
#include "engine/metrics/observations.hpp"
#include "engine/results/kpi.hpp"
#include "engine/run/day.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/scenario/world.hpp"
#include "engine/traffic/assignment.hpp"

// A run as a library call (docs/twin.md): phases with typed inputs and outputs, which `ogan run`,
// `ogan population synth`, `ogan fork`, `ogan serve` and the tests all use.
//   configure -> Run(setup): world, demand -> assign(): warm-up iterations -> day(): the last
//   day, stepping -> finish_day() -> kpis(), write()

namespace ogan::run {

struct RunOptions {
  std::string scenario;
  std::vector<std::string> sets;  // --set key.path=value
  std::optional<std::uint64_t> seed;
  std::optional<double> sample;
  std::optional<int> iterations;
  std::string run_id;
  std::string observations;  // a folder of observations (docs/observations.md), "" for none
  bool routes = false;       // write every trip's route of the last day (/traffic/routes)
};

// Whether a scenario key (of a --set) changes what load_world builds from the scenario: runs
// that differ only in other keys (and in seed, sample or iterations) can share one world.
bool changes_world(const std::string& key);
// A world to share between runs (a sweep, a calibration): loaded, and its router built on the
// network where it stays (a router keeps a reference to its network, so one built before the
// world moved would not be used, and every run would build its own).
std::shared_ptr<const scenario::World> shared_world(const scenario::WorldConfig& cfg);

// Phase 1: the scenario read, checked and interpreted, with the run's own options applied.
struct Setup {
  RunOptions options;
  scenario::WorldConfig cfg;
  pop::PlanOptions plans;  // seed and sample rate included
};
Setup configure(const RunOptions& options);

// Where a forked day came from (recorded in its results).
struct Parent {
  std::string state_file;
  std::string sha256;
  double time_s = 0;
};

class Run {
 public:
  // Phases 2 and 3: the world and the demand.
  explicit Run(Setup setup);
  // The same with a world already loaded from the same scenario (runs that share it: tests,
  // sweeps); only the demand is built.
  Run(Setup setup, std::shared_ptr<const scenario::World> world);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  const Setup& setup() const { return setup_; }
  // The id recorded in the results (a sweep's run id; a fork gets its own).
  void set_run_id(std::string id) { setup_.options.run_id = std::move(id); }
  const scenario::World& world() const { return *world_; }
  const scenario::Demand& demand() const { return *demand_; }
  const traffic::AssignmentOptions& assignment_options() const { return ao_; }

  // Phase 4: the iterations before the last day; the day then stands at 00:00 with the
  // scenario's timed policies scheduled.
  void assign();
  bool assigned() const { return day_ != nullptr; }
  // Phase 5: the last day (after assign()).
  Day& day();
  const Day& day() const;
  const traffic::Assignment& assignment() const;
  // Runs the rest of the day and closes the last iteration.
  void finish_day();
  bool finished() const { return result_ != nullptr; }
  const traffic::AssignmentResult& result() const;

  // Phase 6: the KPIs (after finish_day()): demand, traffic and services.
  std::vector<results::Kpi> kpis() const;
  // Phase 7: the results file (after finish_day()), written as .tmp and renamed; returns the
  // KPIs it holds.
  std::vector<results::Kpi> write(const std::string& path) const;

  // Observations of the real town (after assign()): their reported closures are scheduled on the
  // day as events; observe() may be called again as new records arrive (they are added).
  // `schedule_closures` false: the closures were scheduled before (a restored day keeps them).
  void observe(metrics::Observations observations, bool schedule_closures = true);
  void observe(const std::string& folder, bool schedule_closures = true);
  // The folders observed so far, in order (state files record them).
  const std::vector<std::string>& observation_folders() const { return observation_folders_; }
  const metrics::Observations& observations() const { return observations_; }
  // Observed beside simulated for every record whose interval has ended by the day's clock (or
  // the whole day once finished).
  metrics::ObservationComparison compare_observations() const;

  // Continuing a saved day (state files, engine/run/state_file.hpp).
  void resume(std::unique_ptr<traffic::Assignment> assignment, std::unique_ptr<Day> day);
  std::optional<Parent> parent;
  double started_s = 0;  // steady-clock seconds when the run began, for the wall time

 private:
  Setup setup_;
  std::shared_ptr<const scenario::World> world_;
  void build_demand();
  std::unique_ptr<scenario::Demand> demand_;
  traffic::AssignmentOptions ao_;
  std::unique_ptr<traffic::Assignment> assignment_;
  std::unique_ptr<Day> day_;
  std::unique_ptr<traffic::AssignmentResult> result_;
  traffic::Routes final_routes_;  // the last day's routes after re-routes (RunOptions::routes)
  metrics::Observations observations_;
  std::vector<std::string> observation_folders_;
  double day_started_s_ = 0;
};

// `ogan run`: every phase in order; returns the KPIs.
std::vector<results::Kpi> run_to_file(const RunOptions& options, const std::string& output);

double steady_now_s();

}  // namespace ogan::run
