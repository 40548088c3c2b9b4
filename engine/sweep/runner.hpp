#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/sweep/sweep_spec.hpp"

namespace ogan::sweep {

// Where a sweep keeps its files: DIR/runs/ID.h5 (complete results only: written as .tmp and
// renamed), DIR/runs/ID.failed (why the last attempt failed), DIR/logs/ID.log, DIR/index.h5.
struct Layout {
  std::filesystem::path dir;
  std::filesystem::path results(const RunSpec& r) const { return dir / "runs" / (r.id + ".h5"); }
  std::filesystem::path failed(const RunSpec& r) const { return dir / "runs" / (r.id + ".failed"); }
  std::filesystem::path log(const RunSpec& r) const { return dir / "logs" / (r.id + ".log"); }
  std::filesystem::path index() const { return dir / "index.h5"; }
  void create() const;
};

// A results file that opens, is an ogan results file, carries this run's id and has its summary:
// nothing else counts as done, so a resumed sweep redoes everything else.
bool run_complete(const Layout& layout, const RunSpec& run);

// What a failed run left: exit code and the error message from its log.
struct Failure {
  int exit_code = 0;
  std::string error;
};
std::optional<Failure> read_failure(const Layout& layout, const RunSpec& run);

struct RunnerOptions {
  std::string exe;                    // the ogan program that runs one run (default: this program)
  int threads = 1;                    // OpenMP threads inside each run
  bool verbose = true;                // a line per run on stdout
  std::optional<double> sample_rate;  // the sweep's run options, passed to every run
  std::optional<int> iterations;
  // Runs a run in a child of this process rather than as a new program, when it gives a body for
  // it: the child inherits what this process loaded once for many runs (the world, in
  // app/cmd_sweep.cpp). Called here before the fork; the body runs in the child, its output
  // going to the run's log, and returns the exit code. No body: the run is started as
  // `ogan run`, which then reports any problem itself.
  std::function<std::function<int()>(const RunSpec& run, const std::string& results)> in_process;
};

// Runs `ogan run` (`ogan fork` for a fork sweep's runs) for a sweep's runs as child processes, at
// most `slots` at a time. Children die with their parent (a killed sweep leaves no run writing
// behind it).
class Pool {
 public:
  Pool(Layout layout, RunnerOptions options, int slots);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  bool has_free_slot() const { return static_cast<int>(children_.size()) < slots_; }
  bool busy() const { return !children_.empty(); }
  void start(const RunSpec& run);
  // Reaps finished children (blocking until one finishes if `wait`); returns how many finished.
  int reap(bool wait);
  // How many runs this pool will start in all, for a "[done/total]" count on each run's line.
  void set_total(std::size_t total) { total_ = total; }
  int succeeded() const { return succeeded_; }
  int failed() const { return failed_; }

 private:
  struct Child {
    RunSpec run;
    double started = 0;
  };
  void finish(const Child& c, int status);
  void start_child(const RunSpec& run, const std::function<int()>& body);
  // Forks a child tied to this process (it dies with it) writing to the run's log, which runs
  // `in_child` (that does not return: exec or _exit).
  void fork_child(const RunSpec& run, const std::function<void()>& in_child);

  Layout layout_;
  RunnerOptions options_;
  int slots_;
  std::map<pid_t, Child> children_;
  int succeeded_ = 0;
  int failed_ = 0;
  std::size_t total_ = 0;
};

// The runs of `runs` that are not complete yet, in order.
std::vector<RunSpec> pending_runs(const Layout& layout, const std::vector<RunSpec>& runs);

// Runs that fit this machine side by side: bounded by cores, available memory (estimated from
// the sample rate) and the number of runs; the rest of the cores become threads inside each run.
struct Parallelism {
  int jobs = 1;
  int threads = 1;
};
Parallelism choose_parallelism(const SweepSpec& spec, std::size_t pending, int cores, int jobs,
                               int threads);

// The path of this program, for starting children.
std::string self_exe();

double now_s();

}  // namespace ogan::sweep
