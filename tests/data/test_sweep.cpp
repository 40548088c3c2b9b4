// Sweeps on the OKU data: local and MPI runs agree with each other and with a run alone; a killed
// sweep resumes without losing or duplicating runs; a failing run is recorded; the index matches
// the run files; the Slurm scripts run every task and build the index; a fork sweep varies a policy
// from one saved state, locally and over MPI.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/io/h5.hpp"
#include "engine/io/results.hpp"
#include "engine/results/reader.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
namespace fs = std::filesystem;

namespace {

const fs::path& work() {
  static const fs::path dir = [] {
    const fs::path d = ogan::test::scratch_dir() / ("ogan-sweep-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    test::write_text((d / "online.yaml").string(), "extends: " + test::oku_scenario_file() +
                                                       "\nname: online\npolicies:\n"
                                                       "  - {type: online_share, share: 0.5}\n");
    // 2 scenarios x 2 values x 2 seeds, at 1 % of households: small enough for a test.
    test::write_text((d / "sweep.yaml").string(),
                     "name: test\nbase: " + test::oku_scenario_file() +
                         "\nscenarios: [online.yaml]\n"
                         "axes: {demand.work_from_home: [0.0, 0.2]}\nseeds: [1, 2]\n"
                         "run: {sample_rate: 0.01, iterations: 1}\n");
    // The second run names a bridge the network does not have: its files are valid (the sweep
    // starts), its world is not (the run fails, with exit 2).
    test::write_text((d / "closing.yaml").string(),
                     "extends: " + test::oku_scenario_file() +
                         "\nname: closing\npolicies:\n"
                         "  - {type: close_road, name: Jembatan Ogan I}\n");
    test::write_text((d / "failing.yaml").string(),
                     "name: failing\nbase: closing.yaml\n"
                     "axes: {policies.0.name: [Jembatan Ogan I, Jembatan Ogan XIV]}\nseeds: [1]\n"
                     "run: {sample_rate: 0.01, iterations: 1}\n");
    return d;
  }();
  return dir;
}

std::string ogan(const std::string& args) {
  return std::string(OGAN_EXE) + " " + args;
}

int run(const std::string& cmd, std::string* log) {
  return test::run_command(cmd, log);
}

std::vector<std::string> run_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir / "runs"))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The datasets a run's results are made of; timings and creation times are allowed to differ.
void expect_same_results(const std::string& a, const std::string& b) {
  const results::Reader fa(a), fb(b);
  for (const char* d :
       {"/summary/kpi_value", "/traffic/links/volume_pcu", "/traffic/links/mean_speed_mps",
        "/traffic/trips/arrival_s", "/services/day/arrivals", "/services/facilities/queue",
        "/grids/present_population"}) {
    const auto va = results::read_vector<double>(fa.id(), d),
               vb = results::read_vector<double>(fb.id(), d);
    ASSERT_EQ(va.size(), vb.size()) << d;
    EXPECT_TRUE(va == vb) << d << " differs between " << a << " and " << b;
  }
  EXPECT_EQ(results::read_vector<std::uint8_t>(fa.id(), "/population/persons/age"),
            results::read_vector<std::uint8_t>(fb.id(), "/population/persons/age"));
}

struct IndexRow {
  std::string id, status, file, error;
};

std::vector<IndexRow> index_rows(const fs::path& dir) {
  io::H5Id f(H5Fopen((dir / "index.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  EXPECT_TRUE(f.valid());
  const auto id = results::read_strings(f.get(), "runs/id"),
             status = results::read_strings(f.get(), "runs/status");
  const auto file = results::read_strings(f.get(), "runs/file"),
             error = results::read_strings(f.get(), "runs/error");
  std::vector<IndexRow> rows;
  for (std::size_t i = 0; i < id.size(); ++i) rows.push_back({id[i], status[i], file[i], error[i]});
  return rows;
}

TEST(Sweep, LocalAndMpiSweepsAndARunAloneGiveTheSameResults) {
  const fs::path local = work() / "local", mpi = work() / "mpi";
  std::string log;
  ASSERT_EQ(run(ogan("sweep " + (work() / "sweep.yaml").string() + " -o " + local.string() +
                     " --jobs 2 --threads 1"),
                &log),
            0)
      << log;
  EXPECT_NE(log.find("sweep: 8 complete, 0 failed, 0 pending"), std::string::npos) << log;

  // The index: a row per run, each pointing at its file, with that file's KPIs, and an external
  // link through which the run's datasets read as if they were in the index.
  const auto rows = index_rows(local);
  ASSERT_EQ(rows.size(), 8u);
  io::H5Id index(H5Fopen((local / "index.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  const auto trips = results::read_vector<double>(index.get(), "runs/kpi/trips");
  const auto params = results::read_strings(index.get(), "runs/param/demand.work_from_home");
  const auto seeds = results::read_vector<std::int64_t>(index.get(), "runs/seed");
  ASSERT_EQ(trips.size(), 8u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].status, "complete");
    EXPECT_EQ(rows[i].file, "runs/" + rows[i].id + ".h5");
    const results::Reader f((local / rows[i].file).string());
    EXPECT_EQ(f.attr("run_id"), rows[i].id);
    for (const auto& k : f.kpis()) {
      if (k.name == "trips") {
        EXPECT_EQ(trips[i], k.value) << rows[i].id;
      }
    }
    const auto linked =
        results::read_vector<double>(index.get(), "files/" + rows[i].id + "/summary/kpi_value");
    EXPECT_EQ(linked, results::read_vector<double>(f.id(), "/summary/kpi_value"));
    EXPECT_EQ(results::read_vector<std::int64_t>(f.id(), "/population/households/zone").empty(),
              false);
  }
  EXPECT_EQ(params[0], "0.0");
  EXPECT_EQ(params[2], "0.2");
  EXPECT_EQ(seeds[1], 2);
  EXPECT_EQ(run_files(local).size(), 8u);

#ifdef OGAN_HAVE_MPI
  const std::string root = ::geteuid() == 0 ? " --allow-run-as-root" : "";
  ASSERT_EQ(run("mpirun -n 2 --oversubscribe" + root + " " +
                    ogan("sweep " + (work() / "sweep.yaml").string() + " -o " + mpi.string() +
                         " --threads 1"),
                &log),
            0)
      << log;
  EXPECT_NE(log.find("over 2 ranks"), std::string::npos) << log;
  EXPECT_NE(log.find("sweep: 8 complete, 0 failed, 0 pending"), std::string::npos) << log;
  ASSERT_EQ(run_files(mpi), run_files(local));
  for (const auto& r : rows)
    expect_same_results((local / r.file).string(), (mpi / r.file).string());
#endif

  // The same run alone, with two threads instead of one.
  const std::string alone = (work() / "alone.h5").string();
  ASSERT_EQ(run(ogan("run " + test::oku_scenario_file() +
                     " --seed 2 --sample 0.01 --iterations 1 --threads 2 "
                     "--set demand.work_from_home=0.2 -o " +
                     alone),
                &log),
            0)
      << log;
  std::string id;
  ASSERT_EQ(
      run(ogan("sweep " + (work() / "sweep.yaml").string() + " -o " + local.string() + " --list"),
          &log),
      0);
  // Task 3 is the base scenario, work_from_home 0.2, seed 2.
  EXPECT_NE(log.find("    3  " + rows[3].id + "  complete   "), std::string::npos) << log;
  expect_same_results((local / rows[3].file).string(), alone);
}

TEST(Sweep, AKilledSweepResumesWithoutLosingOrDuplicatingRuns) {
  const fs::path dir = work() / "killed";
  const std::string sweep = (work() / "sweep.yaml").string();
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string out = dir.string();
    ::execl(OGAN_EXE, OGAN_EXE, "-q", "sweep", sweep.c_str(), "-o", out.c_str(), "--jobs", "1",
            "--threads", "1", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it, without warning, once two runs are done and the third is under way.
  const auto complete = [&] {
    std::size_t n = 0;
    if (fs::exists(dir / "runs"))
      for (const auto& e : fs::directory_iterator(dir / "runs")) n += e.path().extension() == ".h5";
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  while (complete() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  // The run it had started dies with it: no process is left writing into the folder. A run is
  // a child of the sweep (it has the sweep's command line) or an `ogan run` (its own): either
  // way it has a file of the folder open (its log) or the folder's runs on its command line.
  const auto runs_left = [&] {
    int n = 0;
    for (const auto& p : fs::directory_iterator("/proc")) {
      std::ifstream in(p.path() / "cmdline");
      std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      bool open = cmd.find((dir / "runs").string()) != std::string::npos;
      std::error_code ec;
      for (fs::directory_iterator fd(p.path() / "fd", ec), end; !ec && fd != end && !open;
           fd.increment(ec)) {
        const auto target = fs::read_symlink(fd->path(), ec).string();
        open = !ec && target.rfind(dir.string(), 0) == 0;
        ec.clear();
      }
      n += open;
    }
    return n;
  };
  for (int i = 0; i < 25 && runs_left() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(runs_left(), 0);
  const std::size_t before = complete();
  ASSERT_GE(before, 2u);
  ASSERT_LT(before, 8u) << "the sweep finished before it could be killed";
  std::map<std::string, std::pair<ino_t, long>> kept;
  for (const auto& e : fs::directory_iterator(dir / "runs")) {
    if (e.path().extension() != ".h5") continue;
    struct stat st {};
    ::stat(e.path().c_str(), &st);
    kept[e.path().filename().string()] = {st.st_ino,
                                          st.st_mtim.tv_nsec + st.st_mtim.tv_sec * 1000000000L};
  }

  std::string log;
  ASSERT_EQ(run(ogan("sweep " + sweep + " -o " + dir.string() + " --jobs 2 --threads 1"), &log), 0)
      << log;
  EXPECT_NE(log.find(fmt::format("8 runs, {} to do", 8 - before)), std::string::npos) << log;
  EXPECT_NE(log.find("sweep: 8 complete, 0 failed, 0 pending"), std::string::npos) << log;
  // Every run once, no leftovers of the killed attempt, and the runs done before untouched.
  std::size_t h5 = 0;
  for (const auto& f : run_files(dir)) {
    EXPECT_EQ(fs::path(f).extension(), ".h5") << f;
    h5 += fs::path(f).extension() == ".h5";
  }
  EXPECT_EQ(h5, 8u);
  for (const auto& [name, id] : kept) {
    struct stat st {};
    ::stat((dir / "runs" / name).c_str(), &st);
    EXPECT_EQ(st.st_ino, id.first) << name << " was rewritten";
    EXPECT_EQ(st.st_mtim.tv_nsec + st.st_mtim.tv_sec * 1000000000L, id.second)
        << name << " was rewritten";
  }
  for (const auto& r : index_rows(dir)) EXPECT_EQ(r.status, "complete") << r.id;
  // A third time there is nothing to do.
  ASSERT_EQ(run(ogan("sweep " + sweep + " -o " + dir.string()), &log), 0) << log;
  EXPECT_NE(log.find("8 runs, 0 to do"), std::string::npos) << log;
}

TEST(Sweep, AFailingRunIsRecordedAndTheOthersStillRun) {
  const fs::path dir = work() / "failing";
  const std::string sweep = (work() / "failing.yaml").string();
  std::string log;
  EXPECT_EQ(run(ogan("sweep " + sweep + " -o " + dir.string()), &log), 3) << log;
  EXPECT_NE(log.find("sweep: 1 complete, 1 failed, 0 pending"), std::string::npos) << log;
  const auto rows = index_rows(dir);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status, "complete");
  EXPECT_EQ(rows[1].status, "failed");
  EXPECT_EQ(rows[1].file, "");
  EXPECT_NE(rows[1].error.find("no road or bridge is named 'Jembatan Ogan XIV'"), std::string::npos)
      << rows[1].error;
  EXPECT_TRUE(fs::exists(dir / "logs" / (rows[1].id + ".log")));
  io::H5Id index(H5Fopen((dir / "index.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  EXPECT_EQ(results::read_vector<std::int32_t>(index.get(), "runs/exit_code"),
            (std::vector<std::int32_t>{0, 2}));
  EXPECT_TRUE(std::isnan(results::read_vector<double>(index.get(), "runs/kpi/trips")[1]));
  // Rerun: the complete run is kept, the failed one is tried again (and fails again).
  EXPECT_EQ(run(ogan("sweep " + sweep + " -o " + dir.string()), &log), 3) << log;
  EXPECT_NE(log.find("2 runs, 1 to do"), std::string::npos) << log;
}

TEST(Sweep, SlurmScriptsRunEveryTaskAndThenBuildTheIndex) {
  // A stand-in for sbatch that runs the job at once, each array task in turn, as Slurm would.
  const fs::path bin = work() / "bin", dir = work() / "slurm";
  fs::create_directories(bin);
  test::write_text((bin / "sbatch").string(),
                   "#!/usr/bin/env bash\n"
                   "array=''; script=''\n"
                   "for a in \"$@\"; do case \"$a\" in --array=*) array=${a#--array=};; -*) ;; *) "
                   "script=$a;; esac; done\n"
                   "echo \"sbatch $*\" >> \"$FAKE_SLURM_LOG\"\n"
                   "if [[ -n $array ]]; then\n"
                   "  for ((t=${array%-*}; t<=${array#*-}; t++)); do\n"
                   "    SLURM_ARRAY_TASK_ID=$t SLURM_CPUS_PER_TASK=1 bash \"$script\" >> "
                   "\"$FAKE_SLURM_LOG\" 2>&1 || true\n"
                   "  done\n"
                   "else\n"
                   "  bash \"$script\" >> \"$FAKE_SLURM_LOG\" 2>&1 || true\n"
                   "fi\n"
                   "echo 4242\n");
  fs::permissions(bin / "sbatch", fs::perms::owner_all);
  const std::string slurm_log = (work() / "slurm.log").string();
  std::string log;
  ASSERT_EQ(run("PATH=" + bin.string() + ":$PATH FAKE_SLURM_LOG=" + slurm_log + " OGAN=" +
                    OGAN_EXE + " " + OGAN_SOURCE_DIR + "/scenarios/sweeps/slurm/submit " +
                    (work() / "failing.yaml").string() + " " + dir.string(),
                &log),
            0)
      << log;
  EXPECT_NE(log.find("submitted 2 runs as array job 4242"), std::string::npos) << log;
  std::string calls;
  run("cat " + slurm_log, &calls);
  EXPECT_NE(calls.find("--array=0-1"), std::string::npos) << calls;
  EXPECT_NE(calls.find("--dependency=afterany:4242"), std::string::npos) << calls;
  const auto rows = index_rows(dir);
  ASSERT_EQ(rows.size(), 2u) << calls;
  EXPECT_EQ(rows[0].status, "complete") << calls;
  EXPECT_EQ(rows[1].status, "failed") << calls;
}

// A fork sweep: a state saved at 10:00 from a small run, and two values of a facility's servers
// from it (ogan fork --policy FILE --set policies.0.servers=N for each run), locally and over MPI.
TEST(Sweep, AForkSweepVariesAPolicyFromOneSavedState) {
  const fs::path dir = work() / "fork";
  fs::create_directories(dir);
  const std::string state = (dir / "state-8h.h5").string(), parent = (dir / "parent.h5").string();
  // Three-hour consultations at the puskesmas: at 2 % of households (one desk each) the desk is
  // still busy after 08:00 (the morning's visitors come early), so that more desks from 08:00
  // change the waits of later visitors.
  test::write_text((dir / "slow.yaml").string(), "extends: " + test::oku_scenario_file() +
                                                     "\nname: slow_puskesmas\nservices:\n  types:\n"
                                                     "    puskesmas: {service_min: 180}\n");
  std::string log;
  ASSERT_EQ(run(ogan("run " + (dir / "slow.yaml").string() +
                     " --sample 0.02 --iterations 1 --threads 2 --snapshot 08:00=" + state +
                     " -o " + parent),
                &log),
            0)
      << log;

  // The puskesmas with the most visitors after 08:00.
  const results::Reader p(parent);
  std::vector<hsize_t> dims;
  const auto arrivals =
      results::read_vector<double>(p.id(), "/services/facilities/arrivals", &dims);
  const auto queue = results::read_vector<double>(p.id(), "/services/facilities/queue");
  const auto names = results::read_strings(p.id(), "/facilities/name");
  const auto types = results::read_strings(p.id(), "/facilities/type");
  const auto starts = results::read_vector<double>(p.id(), "/time/interval_start_s");
  ASSERT_EQ(dims.size(), 2u);
  const std::size_t intervals = dims[0], facilities = dims[1];
  ASSERT_EQ(names.size(), facilities);
  std::size_t before = 0;  // intervals that end by 08:00
  while (before < starts.size() && starts[before] < 8 * 3600.0) ++before;
  ASSERT_EQ(before, 32u);
  std::size_t busiest = facilities;
  double most = 0;
  for (std::size_t k = 0; k < facilities; ++k) {
    double late = 0;
    for (std::size_t t = before; t < intervals; ++t) late += arrivals[t * facilities + k];
    if (types[k] == "puskesmas" && late > most) {
      most = late;
      busiest = k;
    }
  }
  ASSERT_LT(busiest, facilities) << "no puskesmas visitors after 08:00 at 2 %";

  test::write_text(
      (dir / "servers.yaml").string(),
      "policies:\n  - {type: facility_service, name: \"" + names[busiest] + "\", servers: 2}\n");
  // 1 and 200 servers: 1 and 4 at 2 % of households.
  test::write_text((dir / "sweep.yaml").string(),
                   "name: fork_servers\nstate: state-8h.h5\npolicy: servers.yaml\n"
                   "axes: {policies.0.servers: [1, 200]}\n");
  const fs::path local = dir / "local";
  ASSERT_EQ(run(ogan("sweep " + (dir / "sweep.yaml").string() + " -o " + local.string() +
                     " --jobs 2 --threads 1"),
                &log),
            0)
      << log;
  EXPECT_NE(log.find("sweep: 2 complete, 0 failed, 0 pending"), std::string::npos) << log;
  const auto rows = index_rows(local);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.status, "complete") << r.error;
    ASSERT_TRUE(fs::exists(local / r.file)) << r.file;
    const results::Reader f((local / r.file).string());
    EXPECT_EQ(f.attr("run_id"), r.id);
  }
  {
    io::H5Id index(H5Fopen((local / "index.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    EXPECT_EQ(results::read_strings(index.get(), "runs/scenario_file"),
              (std::vector<std::string>{state, state}));
    EXPECT_EQ(results::read_strings(index.get(), "runs/param/policies.0.servers"),
              (std::vector<std::string>{"1", "200"}));
  }

  // Both continue the parent's day: everything before 08:00 is the parent's; after it, the
  // services differ with the servers.
  const results::Reader a((local / rows[0].file).string()), b((local / rows[1].file).string());
  std::vector<hsize_t> vdims;
  const auto vp = results::read_vector<double>(p.id(), "/traffic/links/volume_veh", &vdims);
  ASSERT_GE(vdims.size(), 2u);
  ASSERT_EQ(vdims[0], intervals);
  const std::size_t row = vp.size() / intervals;  // [T, L, ...]: one interval's values
  for (const results::Reader* f : {&a, &b}) {
    const auto v = results::read_vector<double>(f->id(), "/traffic/links/volume_veh");
    ASSERT_EQ(v.size(), vp.size());
    EXPECT_TRUE(
        std::equal(vp.begin(), vp.begin() + static_cast<std::ptrdiff_t>(before * row), v.begin()))
        << "traffic before 08:00 differs from the parent day";
    const auto q = results::read_vector<double>(f->id(), "/services/facilities/queue");
    ASSERT_EQ(q.size(), queue.size());
    EXPECT_TRUE(std::equal(
        queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(before * facilities), q.begin()))
        << "queues before 08:00 differ from the parent day";
  }
  for (const char* d : {"/services/facilities/mean_wait_s", "/services/day/mean_wait_s"}) {
    EXPECT_NE(results::read_vector<double>(a.id(), d), results::read_vector<double>(b.id(), d))
        << d << ": 1 and 200 servers at " << names[busiest] << " give the same";
  }

  // Resumable: a second time there is nothing to do.
  ASSERT_EQ(run(ogan("sweep " + (dir / "sweep.yaml").string() + " -o " + local.string()), &log), 0)
      << log;
  EXPECT_NE(log.find("2 runs, 0 to do"), std::string::npos) << log;

  // The same runs over two MPI ranks give the same results (when this ogan has MPI).
  const fs::path mpi = dir / "mpi";
  const std::string root = ::geteuid() == 0 ? " --allow-run-as-root" : "";
  if (run("command -v mpirun", &log) == 0) {
    const int rc = run(
        "mpirun -n 2 --oversubscribe" + root + " " +
            ogan("sweep " + (dir / "sweep.yaml").string() + " -o " + mpi.string() + " --threads 1"),
        &log);
    if (log.find("built without MPI") == std::string::npos) {
      ASSERT_EQ(rc, 0) << log;
      EXPECT_NE(log.find("over 2 ranks"), std::string::npos) << log;
      ASSERT_EQ(run_files(mpi), run_files(local));
      for (const auto& r : rows)
        expect_same_results((local / r.file).string(), (mpi / r.file).string());
    }
  }
}

}  // namespace
