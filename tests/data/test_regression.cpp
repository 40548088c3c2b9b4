// Golden regression at a 5 % sample, 1 iteration, on the generated data: the baseline's KPIs, the
// KPIs of a policy scenario (Jembatan Ogan I closed) and the baseline's daily volume on every link.
// The expected values live in tests/regression/ with the version, date and tolerance they were
// made with; they change only through `./scripts/update-golden`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/core/version.hpp"
#include "engine/results/names.hpp"
#include "engine/results/reader.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

const std::string kGoldenDir = std::string(OGAN_SOURCE_DIR) + "/tests/regression/";
// On one machine the run is bit-identical; another CPU may take other libm code paths (FMA) and
// round a last bit differently, which can flip single choices. 2 % absorbs that, not a change.
constexpr double kTolerance = 0.02;  // relative
constexpr double kFloor = 1e-6;      // absolute, for values at or near zero
// Per link: one flipped route moves one sampled vehicle, 20 vehicles (up to 20 pcu) at a 5 %
// sample.
constexpr double kLinkFloorPcu = 20.0;

bool close_enough(double got, double expected, double floor) {
  return std::abs(got - expected) <= kTolerance * std::abs(expected) + floor;
}

std::string temp_h5(const std::string& what) {
  return ogan::test::scratch_dir() /
         ("ogan-golden-" + what + "-" + std::to_string(::getpid()) + ".h5");
}

// Runs `ogan run` on a scenario at the golden settings; the results file is removed at the end.
class GoldenRun {
 public:
  GoldenRun(const std::string& scenario, const std::string& what) : path_(temp_h5(what)) {
    std::string log;
    rc_ = test::run_command(std::string(OGAN_EXE) + " run " + scenario +
                                " --sample 0.05 --iterations 1 --seed 20250101 --threads 2 -o " +
                                path_,
                            &log);
    log_ = log;
  }
  ~GoldenRun() { std::filesystem::remove(path_); }
  int rc() const { return rc_; }
  const std::string& log() const { return log_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int rc_ = -1;
  std::string log_;
};

// The baseline run, shared by the KPI and the link-volume goldens.
const GoldenRun& baseline_run() {
  static const GoldenRun run(test::oku_scenario_file(), "baseline");
  return run;
}

bool updating() {
  return std::getenv("OGAN_UPDATE_GOLDEN") != nullptr;
}

void write_golden(const std::string& file, const std::string& what,
                  const std::vector<std::pair<std::string, double>>& values) {
  std::ofstream g(kGoldenDir + file);
  g << "# ogan golden " << what << ": sample 0.05, 1 iteration, seed 20250101, generated data\n"
    << "# version " << kVersion << " (git " << kGitSha << "), relative tolerance " << kTolerance
    << "\n"
    << "# regenerate only on purpose: ./scripts/update-golden\n";
  g.precision(17);
  for (const auto& [k, v] : values) g << k << " " << v << "\n";
}

std::map<std::string, double> read_golden(const std::string& file) {
  std::ifstream g(kGoldenDir + file);
  EXPECT_TRUE(g) << "no golden file " << file << "; create it with ./scripts/update-golden";
  std::map<std::string, double> expected;
  std::string line;
  while (std::getline(g, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string name;
    double v;
    ss >> name >> v;
    expected[name] = v;
  }
  return expected;
}

void expect_kpis_match(const std::string& results, const std::string& golden,
                       const std::string& what) {
  std::vector<std::pair<std::string, double>> got;
  for (const auto& k : results::Reader(results).kpis()) got.emplace_back(k.name, k.value);
  if (updating()) {
    write_golden(golden, what, got);
    GTEST_SKIP() << "golden file updated: " << golden;
  }
  auto expected = read_golden(golden);
  ASSERT_EQ(expected.size(), got.size())
      << "the KPI list changed; update the golden file on purpose";
  for (const auto& [name, value] : got) {
    ASSERT_TRUE(expected.count(name)) << name;
    EXPECT_TRUE(close_enough(value, expected[name], kFloor))
        << name << ": " << value << ", golden " << expected[name];
  }
}

class Regression : public test::TempDir {};

TEST_F(Regression, BaselineKpisMatchTheGoldenFile) {
  const GoldenRun& run = baseline_run();
  ASSERT_EQ(run.rc(), 0) << run.log();
  expect_kpis_match(run.path(), "baseline_kpis.txt", "KPIs of the baseline");
}

TEST_F(Regression, PolicyScenarioKpisMatchTheGoldenFile) {
  const std::string scenario = path("ogan1_closed.yaml");
  test::write_text(scenario, "extends: " + test::oku_scenario_file() +
                                 "\nname: ogan1_closed\npolicies:\n"
                                 "  - {type: close_road, name: Jembatan Ogan I}\n");
  const GoldenRun run(scenario, "ogan1");
  ASSERT_EQ(run.rc(), 0) << run.log();
  expect_kpis_match(run.path(), "ogan1_closed_kpis.txt", "KPIs with Jembatan Ogan I closed");
}

TEST_F(Regression, BaselineDailyLinkVolumesMatchTheGoldenFile) {
  const GoldenRun& run = baseline_run();
  ASSERT_EQ(run.rc(), 0) << run.log();
  std::vector<hsize_t> dims;
  const auto pcu = results::Reader(run.path()).doubles(results::path::kLinkVolumePcu, &dims);
  ASSERT_EQ(dims.size(), 2u);
  const std::size_t links = dims[1];
  std::vector<double> day(links, 0.0);
  for (std::size_t t = 0; t < dims[0]; ++t)
    for (std::size_t l = 0; l < links; ++l) day[l] += pcu[t * links + l];
  std::vector<std::pair<std::string, double>> got;
  for (std::size_t l = 0; l < links; ++l)
    if (day[l] > 0) got.emplace_back(std::to_string(l), std::round(day[l] * 10) / 10);
  got.emplace_back("links", static_cast<double>(links));
  if (updating()) {
    write_golden("baseline_link_volumes.txt", "daily pcu per link (link id, pcu/day)", got);
    GTEST_SKIP() << "golden file updated";
  }
  auto expected = read_golden("baseline_link_volumes.txt");
  ASSERT_EQ(expected["links"], static_cast<double>(links)) << "the network changed";
  std::size_t off = 0, compared = 0;
  double total = 0, total_expected = 0;
  for (std::size_t l = 0; l < links; ++l) {
    const double v = std::round(day[l] * 10) / 10;
    const auto it = expected.find(std::to_string(l));
    const double e = it == expected.end() ? 0.0 : it->second;
    total += v;
    total_expected += e;
    ++compared;
    if (!close_enough(v, e, kLinkFloorPcu)) {
      ++off;
      if (off <= 10) ADD_FAILURE() << "link " << l << ": " << v << " pcu/day, golden " << e;
    }
  }
  EXPECT_EQ(off, 0u) << "of " << compared << " links";
  EXPECT_TRUE(close_enough(total, total_expected, kFloor)) << total << " vs " << total_expected;
}

}  // namespace
