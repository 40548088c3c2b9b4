#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <omp.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "engine/app/commands.hpp"
#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/core/log.hpp"
#include "engine/run/pipeline.hpp"
#include "engine/scenario/scenario_file.hpp"
#include "engine/scenario/validate.hpp"
#include "engine/scenario/world.hpp"
#include "engine/sweep/mpi_sweep.hpp"
#include "engine/sweep/runner.hpp"
#include "engine/sweep/sweep_index.hpp"
#include "engine/sweep/sweep_spec.hpp"

namespace ogan::app {

namespace {

// The sweep ran to the end but some runs failed: they are recorded in the index.
class RunsFailed : public Error {
 public:
  using Error::Error;
  int exit_code() const noexcept override { return 3; }
};

struct SweepArgs {
  std::string sweep;
  std::string output;
  int jobs = 0;
  int threads = 0;
  long task = -1;
  bool index_only = false;
  bool list = false;
  bool count = false;
};

// One driver per sweep folder: two would start the same runs and race on their files.
class FolderLock {
 public:
  explicit FolderLock(const std::filesystem::path& dir) {
    const auto path = (dir / ".sweep.lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0 || ::flock(fd_, LOCK_EX | LOCK_NB) != 0)
      throw InputError(
          fmt::format("sweep folder '{}': another ogan sweep is running on it", dir.string()));
  }
  ~FolderLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

// The cores this process may use: mpirun binds each rank to a core by default, Slurm to its
// allocation, and the runs started from here inherit that.
int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0)
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, CPU_COUNT(&set));
}

// Threads per run for a rank: its own cores when it is bound to some, else a share of the node.
int rank_threads(int usable, int ranks) {
  const int node = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (usable < node) return usable;
  const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  const int sharing = local ? std::max(1, std::atoi(local)) : ranks;
  return std::max(1, usable / sharing);
}

// The worlds of a sweep's runs, each loaded once in the sweep's process, with its router: runs
// started as children of this process inherit them instead of loading them again (the loaded
// world, its network and the routing table are about a third of a 5 % run). Runs share a world
// when they use the same scenario file and set no key that changes the world
// (run::changes_world); their seeds, samples and other keys may differ.
class SharedWorlds {
 public:
  // In the parent: what the run's child will do, or nothing when the run's scenario cannot be
  // read or its world cannot be loaded here (the run then starts as `ogan run`, which reports
  // the problem in its log as any run does).
  std::function<int()> prepare(const sweep::RunSpec& spec, const sweep::RunnerOptions& ro,
                               const std::string& results) {
    run::RunOptions o;
    o.scenario = spec.scenario;
    o.seed = spec.seed;
    o.run_id = spec.id;
    o.sets = spec.sets();
    o.sample = ro.sample_rate;
    o.iterations = ro.iterations;
    std::optional<run::Setup> setup;
    std::shared_ptr<const scenario::World> world;
    {
      const auto level = spdlog::get_level();
      spdlog::set_level(spdlog::level::warn);  // one line per run on the sweep's output
      try {
        setup = run::configure(o);
        std::string key = std::filesystem::absolute(spec.scenario).string();
        for (const auto& set : o.sets)
          if (run::changes_world(set)) key += "\n" + set;
        const auto it = worlds_.find(key);
        if (it != worlds_.end()) {
          world = it->second;
        } else {
          try {
            // One thread: this process forks its runs, and an OpenMP team started here would
            // not exist in them.
            const int threads = omp_get_max_threads();
            omp_set_num_threads(1);
            world = run::shared_world(setup->cfg);
            omp_set_num_threads(threads);
          } catch (const std::exception&) {
            world = nullptr;  // remembered: each of its runs reports the problem itself
          }
          worlds_.emplace(key, world);
        }
      } catch (const std::exception&) {
        world = nullptr;
      }
      spdlog::set_level(level);
    }
    if (!world) return {};
    return [setup = std::move(*setup), world, results, threads = ro.threads] {
      // As `ogan run` logs, to the log file now on stderr (the parent's sink saw a terminal).
      spdlog::drop("ogan");
      init_logging(spdlog::level::info);
      return run_guarded([&] {
        omp_set_num_threads(threads);
        const double started = run::steady_now_s();
        spdlog::info("[1/4] the world: loaded once by the sweep for {}", setup.options.scenario);
        run::Run r(setup, world);
        r.started_s = started;
        if (const auto why = files::output_problem(results); !why.empty())
          throw InputError(fmt::format("results file '{}': {}", results, why));
        r.assign();
        r.finish_day();
        print_kpis(r.write(results), results);
      });
    };
  }

 private:
  std::map<std::string, std::shared_ptr<const scenario::World>> worlds_;
};

void warn_if_oversubscribed(int threads, int usable) {
  if (threads > usable)
    spdlog::warn(
        "{} threads per run but this process may use {} core(s): runs will be slow. Under mpirun, "
        "bind ranks to more cores (mpirun --map-by slot:PE={} or --bind-to none)",
        threads, usable, threads);
}

void report(const sweep::IndexSummary& s, const sweep::Layout& layout) {
  fmt::print("sweep: {} complete, {} failed, {} pending; index: {}\n", s.complete, s.failed,
             s.pending, layout.index().string());
  if (s.failed > 0)
    throw RunsFailed(
        fmt::format("{} run(s) failed; their errors are in {} (/runs/error) and {}/logs", s.failed,
                    layout.index().string(), layout.dir.string()));
}

// Every run's scenario, with its axis values, checked as `ogan validate --quick` would before
// any runs: a misspelt axis key is one exit-2 error now, not a failed run in every task.
void check_runs_up_front(const std::vector<sweep::RunSpec>& runs) {
  std::vector<std::string> problems;
  std::set<std::string> seen;
  for (const auto& r : runs) {
    std::vector<std::string> errors;
    if (!r.resolve_error.empty()) {
      errors.push_back(r.resolve_error);
    } else if (!r.fork()) {
      const auto sets = r.sets();
      if (!seen.insert(fmt::format("{}\n{}", r.scenario, fmt::join(sets, "\n"))).second) continue;
      errors = scenario::validate(scenario::load_scenario(r.scenario, sets), {});
    }
    for (const auto& e : errors)
      problems.push_back(fmt::format("task {} ({}): {}", r.task, r.params_text(), e));
  }
  if (problems.empty()) return;
  const std::size_t shown = std::min<std::size_t>(problems.size(), 20);
  throw InputError(fmt::format(
      "sweep: {} problem(s) in the runs' scenarios; nothing was run:\n  {}{}", problems.size(),
      fmt::join(problems.begin(), problems.begin() + static_cast<long>(shown), "\n  "),
      problems.size() > shown ? "\n  ..." : ""));
}

void sweep_command(const SweepArgs& a) {
  sweep::MpiSession mpi;
  const auto spec = sweep::load_sweep(a.sweep);
  const auto runs = sweep::expand(spec);
  const sweep::Layout layout{a.output};
  if (a.count) {
    if (mpi.rank() == 0) fmt::print("{}\n", runs.size());
    return;
  }
  if (!a.index_only) check_runs_up_front(runs);
  if (a.list) {
    if (mpi.rank() != 0) return;
    fmt::print("{:>5}  {:<12}  {:<9}  {:<24}  {:>10}  {}\n", "task", "id", "status", "scenario",
               "seed", "parameters");
    for (const auto& r : runs) {
      const char* status = sweep::run_complete(layout, r)   ? "complete"
                           : sweep::read_failure(layout, r) ? "failed"
                                                            : "pending";
      fmt::print("{:>5}  {:<12}  {:<9}  {:<24}  {:>10}  {}\n", r.task, r.id, status,
                 r.scenario_name, r.seed, r.params_text());
    }
    return;
  }
  if (mpi.rank() == 0) layout.create();
  if (spec.fork() && mpi.rank() == 0)
    fmt::print("sweep {}: forks of {} at {} (seed {}, sample rate {:g}) with {}\n", spec.name,
               spec.state, format_hhmm(spec.state_time_s), spec.state_seed, spec.state_sample_rate,
               fmt::join(spec.policies, ", "));
  const int cores = usable_cores();
  sweep::RunnerOptions ro;
  ro.sample_rate = spec.sample_rate;
  ro.iterations = spec.iterations;
  SharedWorlds worlds;
  const auto share = [&worlds](sweep::RunnerOptions& r) {
    r.in_process = [&worlds, &r](const sweep::RunSpec& run, const std::string& results) {
      return worlds.prepare(run, r, results);
    };
  };

  if (a.index_only) {
    if (mpi.rank() == 0) report(sweep::write_index(spec, runs, layout), layout);
    return;
  }
  if (a.task >= 0) {  // one run, e.g. one Slurm array task; the index is a separate step
    if (static_cast<std::size_t>(a.task) >= runs.size())
      throw InputError(fmt::format("--task {}: the sweep '{}' has {} runs (tasks 0-{})", a.task,
                                   a.sweep, runs.size(), runs.size() - 1));
    const auto& r = runs[static_cast<std::size_t>(a.task)];
    layout.create();
    if (sweep::run_complete(layout, r)) {
      fmt::print("run {} (task {}): already complete\n", r.id, r.task);
      return;
    }
    ro.threads = a.threads > 0 ? a.threads : cores;
    warn_if_oversubscribed(ro.threads, cores);
    sweep::Pool pool(layout, ro, 1);
    pool.start(r);
    pool.reap(true);
    if (pool.failed() > 0) {
      const auto f = sweep::read_failure(layout, r);
      throw RunsFailed(
          fmt::format("run {} (task {}) failed: {}", r.id, r.task, f ? f->error : "unknown"));
    }
    return;
  }

  if (mpi.size() > 1) {
    std::vector<std::size_t> pending;
    std::unique_ptr<FolderLock> lock;
    if (mpi.rank() == 0) {
      lock = std::make_unique<FolderLock>(layout.dir);
      for (const auto& r : sweep::pending_runs(layout, runs)) pending.push_back(r.task);
      fmt::print("sweep {}: {} runs, {} to do, over {} ranks\n", spec.name, runs.size(),
                 pending.size(), mpi.size());
      std::fflush(stdout);
    }
    ro.threads = a.threads > 0 ? a.threads : rank_threads(cores, mpi.size());
    warn_if_oversubscribed(ro.threads, cores);
    share(ro);
    int ok = 0, failed = 0;
    sweep::run_over_ranks(mpi, runs, pending, layout, ro, &ok, &failed);
    if (mpi.rank() == 0) report(sweep::write_index(spec, runs, layout), layout);
    return;
  }

  FolderLock lock(layout.dir);
  const auto pending = sweep::pending_runs(layout, runs);
  const auto par = sweep::choose_parallelism(spec, pending.size(), cores, a.jobs, a.threads);
  ro.threads = par.threads;
  warn_if_oversubscribed(par.jobs * par.threads, cores);
  share(ro);
  fmt::print("sweep {}: {} runs, {} to do, {} at a time with {} thread(s) each\n", spec.name,
             runs.size(), pending.size(), par.jobs, par.threads);
  std::fflush(stdout);
  sweep::Pool pool(layout, ro, par.jobs);
  pool.set_total(pending.size());
  for (const auto& r : pending) {
    while (!pool.has_free_slot()) pool.reap(true);
    pool.start(r);
  }
  while (pool.busy()) pool.reap(true);
  report(sweep::write_index(spec, runs, layout), layout);
}

}  // namespace

void add_sweep_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run a batch of scenarios x parameters x seeds (locally, under mpirun, or one Slurm task)");
  static SweepArgs a;
  cmd->add_option("SWEEP", a.sweep, "Sweep .yaml (scenarios/sweeps/)")->required();
  cmd->add_option("-o,--output", a.output, "Sweep folder: runs/, logs/, index.h5")->required();
  cmd->add_option("--jobs", a.jobs, "Runs side by side (default: as cores and memory allow)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--threads", a.threads,
                  "OpenMP threads per run (default: cores / runs side by side)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--task", a.task,
                  "Only this run (0-based position, e.g. $SLURM_ARRAY_TASK_ID); no index")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--index", a.index_only, "Only (re)build DIR/index.h5 from the runs present");
  cmd->add_flag("--list", a.list, "List the runs with their ids and status; run nothing");
  cmd->add_flag("--count", a.count, "Print the number of runs (for a Slurm --array); run nothing");
  cmd->callback([&action] { action = [] { sweep_command(a); }; });
}

}  // namespace ogan::app
