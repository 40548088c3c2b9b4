// kill -9 at any moment of `ogan run` leaves no results file under its name (only the
// temporary beside it), and the next run gives exactly the results of an undisturbed one.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/results/reader.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
namespace fs = std::filesystem;

namespace {

class Killed : public test::TempDir {
 protected:
  pid_t start(const std::string& out) const {
    const std::string scenario = test::oku_scenario_file();
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execl(OGAN_EXE, OGAN_EXE, "-q", "run", scenario.c_str(), "--sample", "0.01", "--seed", "11",
              "--threads", "2", "-o", out.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid;
  }
  static void kill_now(pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it was killed";
  }
};

TEST_F(Killed, AtAnyMomentOfARunNoResultsFileIsLeftAndTheNextRunIsUndisturbed) {
  const std::string out = path("r.h5");
  // While the world loads, while the day is simulated, and while the results are written.
  for (const int ms : {150, 1200}) {
    const pid_t pid = start(out);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    kill_now(pid);
    EXPECT_FALSE(fs::exists(out)) << "killed after " << ms << " ms";
  }
  const pid_t pid = start(out);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!fs::exists(out + ".tmp") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  kill_now(pid);
  EXPECT_FALSE(fs::exists(out)) << "killed while writing";
  EXPECT_TRUE(fs::exists(out + ".tmp"));

  // The leftovers do not disturb the next run: the same numbers as a run in a clean folder.
  std::string log;
  ASSERT_EQ(test::run_command(std::string(OGAN_EXE) + " -q run " + test::oku_scenario_file() +
                                  " --sample 0.01 --seed 11 --threads 2 -o " + out,
                              &log),
            0)
      << log;
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  fs::create_directories(path("clean"));
  ASSERT_EQ(test::run_command(std::string(OGAN_EXE) + " -q run " + test::oku_scenario_file() +
                                  " --sample 0.01 --seed 11 --threads 1 -o " + path("clean/r.h5"),
                              &log),
            0)
      << log;
  const results::Reader a(out), b(path("clean/r.h5"));
  for (const char* d :
       {"/summary/kpi_value", "/traffic/links/volume_pcu", "/traffic/trips/arrival_s"})
    EXPECT_EQ(results::read_vector<double>(a.id(), d), results::read_vector<double>(b.id(), d))
        << d;
}

}  // namespace
