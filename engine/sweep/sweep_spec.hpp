#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ogan::sweep {

// One parameter axis: explicit values (also from from/to/step), or a continuous [min, max] range
// that only a Latin hypercube can sample.
struct Axis {
  std::string key;                  // scenario key path, as for --set (policies.0.share)
  std::vector<std::string> values;  // YAML text of each value
  std::optional<std::pair<double, double>> range;
};

enum class Design { Grid, LatinHypercube };

// One run of a sweep: everything `ogan run` (or, with a state, `ogan fork`) needs, and its
// stable id.
struct RunSpec {
  std::size_t task = 0;       // position in the sweep's run list (Slurm array index)
  std::string id;             // 12 hex digits of SHA-256 of the resolved scenario and seed
  std::string scenario;       // absolute path (a fork: the state file)
  std::string scenario_name;  // the scenario's name (a fork: the state file's name)
  std::vector<std::pair<std::string, std::string>> params;  // axis key -> value (YAML text)
  std::uint64_t seed = 0;     // a fork: the state's seed (it continues the state's streams)
  std::string resolve_error;  // the scenario could not be resolved (the run will fail)
  // A fork run: `ogan fork state --policy P... --set ...` instead of `ogan run scenario`.
  std::string state;                  // absolute path; empty for a run of a scenario
  std::vector<std::string> policies;  // absolute paths of the policy files
  bool fork() const { return !state.empty(); }

  std::vector<std::string> sets() const;
  std::string params_text() const;  // "k=v, k=v"
};

struct SweepSpec {
  std::string file;
  std::string name;
  std::vector<std::string> scenarios;  // absolute paths, the base first
  std::vector<Axis> axes;
  Design design = Design::Grid;
  std::size_t samples = 0;  // Latin hypercube points
  std::uint64_t design_seed = 1;
  std::vector<std::uint64_t> seeds;   // one run per seed per point per scenario
  std::optional<double> sample_rate;  // overrides for every run
  std::optional<int> iterations;
  std::string yaml;  // the sweep file's text

  // A fork sweep (`state:` and `policy:`): every run continues the day saved in `state` (ogan run
  // --snapshot) with the policy files, the axes changing the policy files' values. The sample
  // rate, iterations and seed are the state's; `scenarios` is empty.
  std::string state;                  // absolute path; empty for a sweep of scenarios
  std::vector<std::string> policies;  // absolute paths of the policy files
  std::string state_sha256;           // of the state file's bytes, part of every run id
  std::uint64_t state_seed = 0;
  double state_sample_rate = 1.0;
  double state_time_s = 0;  // the clock of the saved day
  bool fork() const { return !state.empty(); }
};

// Reads and checks a sweep file; InputError with "file:line: key: what" on bad input.
SweepSpec load_sweep(const std::string& path);

// The design points: one list of (key, value) per point, in a fixed order.
std::vector<std::vector<std::pair<std::string, std::string>>> design_points(const SweepSpec& spec);

// Every run: scenarios x points x seeds, with ids. Deterministic: the same file gives the same
// list.
std::vector<RunSpec> expand(const SweepSpec& spec);

// The id of a run: the resolved scenario (keys sorted, paths relative to `base_dir`) with the run
// options that change results. Adding an axis value leaves the other runs' ids unchanged.
std::string run_id(const std::string& scenario, const std::vector<std::string>& sets,
                   std::uint64_t seed, const SweepSpec& spec, std::string* resolve_error = nullptr);

// The id of a fork run: the state file's SHA-256 with the policy files resolved with `sets`
// (keys sorted, paths relative to the sweep file's folder).
std::string fork_run_id(const std::vector<std::string>& sets, const SweepSpec& spec,
                        std::string* resolve_error = nullptr);

}  // namespace ogan::sweep
