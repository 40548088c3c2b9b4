#include "engine/sweep/runner.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/io/h5.hpp"
#include "engine/io/results.hpp"
#include "engine/results/durable_file.hpp"
#include "engine/results/reader.hpp"

namespace ogan::sweep {

namespace fs = std::filesystem;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string self_exe() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw InternalError("cannot find this program's path (/proc/self/exe)");
  return p.string();
}

void Layout::create() const {
  std::error_code ec;
  for (const auto& d : {dir, dir / "runs", dir / "logs"}) {
    fs::create_directories(d, ec);
    if (ec)
      throw InputError(
          fmt::format("sweep output '{}': cannot create the folder: {}", d.string(), ec.message()));
  }
}

bool run_complete(const Layout& layout, const RunSpec& run) {
  const auto path = layout.results(run);
  if (!fs::exists(path)) return false;
  H5E_auto2_t func = nullptr;
  void* data = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &func, &data);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  bool ok = false;
  try {
    const results::Reader f(path.string());
    ok = f.attr(results::attr::kRunId) == run.id && f.has(results::path::kKpiValue);
  } catch (const std::exception&) {
    ok = false;
  }
  H5Eset_auto2(H5E_DEFAULT, func, data);
  return ok;
}

std::optional<Failure> read_failure(const Layout& layout, const RunSpec& run) {
  std::ifstream in(layout.failed(run));
  if (!in) return std::nullopt;
  Failure f;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("exit_code: ", 0) == 0)
      f.exit_code = std::atoi(line.c_str() + 11);
    else if (line.rfind("error: ", 0) == 0)
      f.error = line.substr(7);
  }
  return f;
}

std::vector<RunSpec> pending_runs(const Layout& layout, const std::vector<RunSpec>& runs) {
  std::vector<RunSpec> out;
  for (const auto& r : runs)
    if (!run_complete(layout, r)) out.push_back(r);
  return out;
}

Parallelism choose_parallelism(const SweepSpec& spec, std::size_t pending, int cores, int jobs,
                               int threads) {
  Parallelism p;
  cores = std::max(1, cores);
  if (jobs > 0) {
    p.jobs = jobs;
  } else {
    // A run holds the network and world (~200 MB) plus ~1 GB per unit of sample rate (measured:
    // 180 MB at 2 %, 210 MB at 20 %); keep a fifth of the available memory free.
    const double rate = spec.sample_rate.value_or(spec.fork() ? spec.state_sample_rate : 1.0);
    const double per_run_mb = 200 + 1000 * rate;
    double avail_mb = 4096;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    double kb = 0;
    std::string unit;
    while (meminfo >> key >> kb >> unit)
      if (key == "MemAvailable:") avail_mb = kb / 1024;
    const int by_memory = std::max(1, static_cast<int>(0.8 * avail_mb / per_run_mb));
    p.jobs = std::max(
        1, std::min({cores, by_memory, static_cast<int>(std::max<std::size_t>(1, pending))}));
  }
  p.threads = threads > 0 ? threads : std::max(1, cores / p.jobs);
  return p;
}

Pool::Pool(Layout layout, RunnerOptions options, int slots)
    : layout_(std::move(layout)), options_(std::move(options)), slots_(std::max(1, slots)) {
  if (options_.exe.empty()) options_.exe = self_exe();
}

Pool::~Pool() {
  // Only reached with children still running when the sweep itself is failing: stop them so
  // that no results file is completed behind the caller's back.
  for (const auto& [pid, c] : children_) ::kill(pid, SIGTERM);
  for (const auto& [pid, c] : children_) ::waitpid(pid, nullptr, 0);
}

void Pool::start(const RunSpec& run) {
  if (!run.fork() && options_.in_process) {
    if (auto body = options_.in_process(run, layout_.results(run).string())) {
      start_child(run, std::move(body));
      return;
    }
  }
  std::vector<std::string> args;
  if (run.fork()) {
    // A fork continues the state with its seed, sample rate and iterations: only the policy files
    // and their values are the run's.
    args = {options_.exe,
            "fork",
            run.state,
            "--threads",
            std::to_string(options_.threads),
            "--run-id",
            run.id,
            "-o",
            layout_.results(run).string()};
    for (const auto& p : run.policies) args.insert(args.end(), {"--policy", p});
  } else {
    args = {options_.exe,
            "run",
            run.scenario,
            "--seed",
            std::to_string(run.seed),
            "--threads",
            std::to_string(options_.threads),
            "--run-id",
            run.id,
            "-o",
            layout_.results(run).string()};
    if (options_.sample_rate)
      args.insert(args.end(), {"--sample", fmt::format("{}", *options_.sample_rate)});
    if (options_.iterations)
      args.insert(args.end(), {"--iterations", std::to_string(*options_.iterations)});
  }
  for (const auto& s : run.sets()) args.insert(args.end(), {"--set", s});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Only async-signal-safe calls between fork and exec.
  fork_child(run, [&argv] { ::execv(argv[0], argv.data()); });
}

void Pool::start_child(const RunSpec& run, const std::function<int()>& body) {
  std::fflush(nullptr);  // nothing buffered here is written twice by the child
  fork_child(run, [&body] {
    int code = 1;
    try {
      code = body();
    } catch (...) {
      code = 1;
    }
    std::fflush(nullptr);
    // Not exit(): the parent's handlers (MPI, HDF5) are not the child's to run.
    ::_exit(code);
  });
}

void Pool::fork_child(const RunSpec& run, const std::function<void()>& in_child) {
  const std::string log = layout_.log(run).string();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0)
    throw InternalError(fmt::format("cannot start a run: fork failed: {}", std::strerror(errno)));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    in_child();
    ::_exit(127);
  }
  children_[pid] = Child{run, now_s()};
}

int Pool::reap(bool wait) {
  int n = 0;
  while (!children_.empty()) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, (wait && n == 0) ? 0 : WNOHANG);
    if (pid <= 0) {
      if (pid < 0 && errno == EINTR) continue;
      break;
    }
    const auto it = children_.find(pid);
    if (it == children_.end()) continue;
    const Child c = it->second;
    children_.erase(it);
    finish(c, status);
    ++n;
  }
  return n;
}

namespace {

// The reason a run failed, from its log: the error line ogan logs ("[E] ..."), or the last line.
std::string error_from_log(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last, error;
  bool in_error = false;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    last = line;
    if (line.rfind("[E] ", 0) == 0) {  // ogan's log format for errors
      error = line.substr(4);
      in_error = true;
    } else if (in_error && line.rfind("  ", 0) == 0) {  // the problems listed under it
      const auto text = line.find_first_not_of(' ');
      error += (error.back() == ':' ? " " : "; ") + line.substr(text);
    } else {
      in_error = false;
    }
  }
  return error.empty() ? last : error;
}

}  // namespace

void Pool::finish(const Child& c, int status) {
  const double wall = now_s() - c.started;
  const auto count = [&] {
    return total_ ? fmt::format("[{}/{}] ", succeeded_ + failed_, total_) : std::string();
  };
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::error_code ec;
  if (code == 0 && run_complete(layout_, c.run)) {
    fs::remove(layout_.failed(c.run), ec);
    ++succeeded_;
    if (options_.verbose)
      fmt::print("{}run {} ({} {} seed {}): done in {:.1f} s\n", count(), c.run.id,
                 c.run.scenario_name, c.run.params_text(), c.run.seed, wall);
  } else {
    std::string error = error_from_log(layout_.log(c.run));
    if (code == 0) error = "the run ended without a complete results file";
    if (!WIFEXITED(status)) error = fmt::format("killed by signal {}: {}", WTERMSIG(status), error);
    files::write_text(layout_.failed(c.run).string(),
                      fmt::format("exit_code: {}\nerror: {}\nwall_time_s: {:.3f}\nlog: {}\n", code,
                                  error, wall, layout_.log(c.run).string()));
    ++failed_;
    if (options_.verbose)
      fmt::print("{}run {} ({} {} seed {}): FAILED (exit {}): {}\n", count(), c.run.id,
                 c.run.scenario_name, c.run.params_text(), c.run.seed, code, error);
  }
  std::fflush(stdout);
}

}  // namespace ogan::sweep
