// `ogan calibrate` on the OKU test world, through the program: an identical twin at a small
// sample (observations sampled from a run with two behaviours changed) is recovered; a
// calibration killed part way resumes from its work folder and ends where an uninterrupted one
// does; bad calibration blocks exit 2 naming file, line and key.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/results/hdf5.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
namespace fs = std::filesystem;

namespace {

std::string exe() {
  return OGAN_EXE;
}

class Calibration : public ::testing::Test {
 protected:
  static fs::path dir() {
    static const fs::path d = [] {
      const auto p = ogan::test::scratch_dir() / ("ogan-calib-" + std::to_string(::getpid()));
      fs::remove_all(p);
      fs::create_directories(p);
      return p;
    }();
    return d;
  }
  static std::string path(const std::string& name) { return (dir() / name).string(); }

  // The test scenario with a calibration block of two parameters.
  static const std::string& scenario() {
    static const std::string s = [] {
      const std::string p = path("cal.yaml");
      std::ofstream(p) << "extends: " << test::oku_scenario_file() << "\n"
                       << "calibration:\n"
                       << "  sample_rate: 0.03\n"
                       << "  iterations: 1\n"
                       << "  max_evaluations: 80\n"
                       << "  fd_step: 0.05\n"
                       // Two departure times, which hourly counts pin down even at 3 % and one
                       // iteration (the motorcycle constant they barely see at this scale:
                       // 0.83 and 1.0 misfit by 0.3; the 10 % benchmark recovers it).
                       << "  parameters:\n"
                       << "    - {key: population.overrides.school_day.start_h, min: 6.25, "
                          "max: 8, prior: 7}\n"
                       << "    - {key: population.overrides.work_timing.start_shift_min, min: "
                          "-60, max: 60, prior: 0}\n";
      return p;
    }();
    return s;
  }

  // The 30 stations of the 10 % benchmark (the Ogan bridges, the arterial entries and crossings
  // of Baturaja): the test world's network is the baseline's. With only the bridges and the Lintas
  // Tengah (17 stations), which few pupils cross, the school start at 3 % was pinned to +-3 min.
  static std::string stations() {
    return std::string(OGAN_SOURCE_DIR) + "/scenarios/calibration/stations.csv";
  }

  // The truth: schools and work start 20 minutes later, no noise.
  static const std::string& truth() {
    static const std::string t = [] {
      const std::string out = path("truth");
      std::string log;
      const int rc = test::run_command(
          exe() + " observations synth " + scenario() + " --stations " + stations() +
              " --sample 0.03 --iterations 1 --no-noise" +
              " --set population.overrides.school_day.start_h=7.3333333333333333" +
              " --set population.overrides.work_timing.start_shift_min=20 -o " + out,
          &log);
      EXPECT_EQ(rc, 0) << log;
      return out;
    }();
    return t;
  }

  // An uninterrupted calibration (two evaluations side by side, one thread each).
  static const std::string& full() {
    static const std::string out = [] {
      const std::string o = path("full.yaml");
      std::string log;
      const int rc = test::run_command(exe() + " calibrate " + scenario() + " --observations " +
                                           truth() + " --jobs 2 --threads 1 -o " + o,
                                       &log);
      EXPECT_EQ(rc, 0) << log;
      return o;
    }();
    return out;
  }

  static std::vector<double> fitted(const std::string& yaml) {
    const auto h5 = (fs::path(yaml).parent_path() / fs::path(yaml).stem()).string() + ".h5";
    results::H5Id f(H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    EXPECT_TRUE(f.valid()) << h5;
    if (!f.valid()) return {};
    return results::read_vector<double>(f.get(), "/calibration/parameters/fitted");
  }
  static double fit_stat(const std::string& yaml, const std::string& column,
                         const std::string& name) {
    const auto h5 = (fs::path(yaml).parent_path() / fs::path(yaml).stem()).string() + ".h5";
    results::H5Id f(H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    const auto names = results::read_strings(f.get(), "/calibration/fit/name");
    const auto v = results::read_vector<double>(f.get(), "/calibration/fit/" + column);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return v[i];
    ADD_FAILURE() << name;
    return 0;
  }

  // Runs `ogan calibrate` on a scenario text; returns the exit code and the output.
  static int bad(const std::string& name, const std::string& block, std::string* log) {
    const std::string p = path(name);
    std::ofstream(p) << "extends: " << test::oku_scenario_file() << "\n" << block;
    return test::run_command(exe() + " calibrate " + p + " --observations " + truth() + " -o " +
                                 path(name + ".out.yaml"),
                             log);
  }
};

}  // namespace

TEST_F(Calibration, AnIdenticalTwinIsRecoveredAndAKilledCalibrationResumesToTheSameValues) {
  const auto x = fitted(full());
  ASSERT_EQ(x.size(), 2u);
  // Each within 10 % of its true change (+20 min each).
  EXPECT_NEAR(x[0], 7.0 + 20.0 / 60, 2.0 / 60);
  EXPECT_NEAR(x[1], 20.0, 2.0);
  EXPECT_GE(fit_stat(full(), "after_fitted", "count_share_geh_below_5"), 0.95);
  EXPECT_GE(fit_stat(full(), "after_held_out", "count_share_geh_below_5"), 0.85);
  EXPECT_LT(fit_stat(full(), "after_fitted", "objective"),
            fit_stat(full(), "before_fitted", "objective"));
  // The calibrated scenario extends the input with the fitted values and runs as it is.
  std::ifstream in(full());
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("extends: \"cal.yaml\""), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("start_shift_min:"), std::string::npos) << text.str();
  std::string log;
  EXPECT_EQ(test::run_command(
                exe() + " run " + full() + " --sample 0.01 -o " + path("calibrated-run.h5"), &log),
            0)
      << log;

  // Killed part way and resumed, a calibration ends where the uninterrupted one did. In the same
  // test as that one, so that the suite pays for it once (ctest runs each test in a process).
  const auto expected = fitted(full());
  const std::string work = path("resumed.work");
  const std::string cmd = exe() + " calibrate " + scenario() + " --observations " + truth() +
                          " --work-dir " + work + " -o " + path("resumed.yaml");
  log.clear();
  // Killed without warning part way (SIGKILL: nothing is flushed or cleaned up).
  test::run_command("timeout -s KILL 12 " + cmd + " --jobs 1", &log);
  ASSERT_FALSE(fs::exists(path("resumed.yaml"))) << "the calibration ended before the kill";
  ASSERT_EQ(test::run_command(cmd + " --jobs 2 --threads 1", &log), 0) << log;
  EXPECT_NE(log.find("(cached)"), std::string::npos) << log;
  EXPECT_EQ(fitted(path("resumed.yaml")), expected);
}

TEST_F(Calibration, BadCalibrationBlocksExit2WithFileLineAndKey) {
  std::string log;
  EXPECT_EQ(bad("unknown.yaml",
                "calibration:\n  holdout: 0.2\n  parameters:\n    - {key: "
                "population.overrides.mode_choice.constants.motorcycle, min: 0, max: 1, prior: "
                "0.5}\n",
                &log),
            2);
  EXPECT_NE(log.find("unknown.yaml:3: calibration.holdout: unknown key"), std::string::npos) << log;
  EXPECT_EQ(bad("reversed.yaml",
                "calibration:\n  parameters:\n    - key: "
                "population.overrides.mode_choice.constants.motorcycle\n      min: 2\n      max: "
                "1\n      prior: 1.5\n",
                &log),
            2);
  EXPECT_NE(log.find("reversed.yaml:6: calibration.parameters.0.max: must be greater than min "
                     "(2), got 1"),
            std::string::npos)
      << log;
  EXPECT_EQ(bad("choice.yaml",
                "calibration:\n  parameters:\n    - {key: services.choice.puskesmas, min: 0, "
                "max: 1, prior: 0.5}\n",
                &log),
            2);
  EXPECT_NE(log.find("choice.yaml:4: calibration.parameters.0.key: 'services.choice.puskesmas' "
                     "is not numeric (services.choice.puskesmas is one of); calibration fits "
                     "numbers"),
            std::string::npos)
      << log;
  EXPECT_EQ(bad("text.yaml",
                "calibration:\n  parameters:\n    - key: "
                "population.overrides.mode_choice.constants.motorcycle\n      min: 0\n      max: "
                "1\n      prior: abc\n",
                &log),
            2);
  EXPECT_NE(log.find("text.yaml:7: calibration.parameters.0.prior: expected a number, got 'abc'"),
            std::string::npos)
      << log;
  EXPECT_EQ(bad("nokey.yaml",
                "calibration:\n  parameters:\n    - {key: population.overrides.no_such.thing, "
                "min: 0, max: 1, prior: 0.5}\n",
                &log),
            2);
  EXPECT_NE(log.find("nokey.yaml:4: calibration.parameters.0: the scenario does not accept "
                     "population.overrides.no_such.thing=0"),
            std::string::npos)
      << log;
}
