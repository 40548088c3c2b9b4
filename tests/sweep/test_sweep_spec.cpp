// Sweep files: what runs they expand to, their ids, and the errors for bad sweep files.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "engine/core/error.hpp"
#include "engine/scenario/scenario_file.hpp"
#include "engine/sweep/sweep_spec.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
using namespace ogan::sweep;

namespace {

class Sweep : public test::TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    test::write_text(path("base.yaml"),
                     "name: base\ndemand: {seed: 1, work_from_home: 0.0}\n"
                     "population: {assumptions: facts.yaml}\n"
                     "policies:\n  - {type: online_share, share: 0.5}\n");
    test::write_text(path("policy.yaml"),
                     "extends: base.yaml\nname: policy\ntraffic: {iterations: 2}\n");
  }
  std::string error_of(const std::string& text) {
    test::write_text(path("s.yaml"), text);
    try {
      load_sweep(path("s.yaml"));
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(Sweep, GridIsScenariosTimesAxesTimesSeedsInAFixedOrder) {
  test::write_text(path("s.yaml"),
                   "base: base.yaml\nscenarios: [policy.yaml]\n"
                   "axes:\n  demand.work_from_home: [0.0, 0.1]\n"
                   "  traffic.replan_share: {from: 0.1, to: 0.3, step: 0.1}\n"
                   "replications: 2\nseed: 100\nrun: {sample_rate: 0.01, iterations: 1}\n");
  const auto spec = load_sweep(path("s.yaml"));
  const auto runs = expand(spec);
  ASSERT_EQ(runs.size(), 2u * 2u * 3u * 2u);
  EXPECT_EQ(runs[0].scenario_name, "base");
  EXPECT_EQ(runs[0].params_text(), "demand.work_from_home=0.0, traffic.replan_share=0.1");
  EXPECT_EQ(runs[0].seed, 100u);
  EXPECT_EQ(runs[1].seed, 101u);
  EXPECT_EQ(runs[2].params_text(), "demand.work_from_home=0.0, traffic.replan_share=0.2");
  EXPECT_EQ(runs[5].params_text(),
            "demand.work_from_home=0.0, traffic.replan_share=0.3");  // not 0.30000000000000004
  EXPECT_EQ(runs[6].params_text(), "demand.work_from_home=0.1, traffic.replan_share=0.1");
  EXPECT_EQ(runs[12].scenario_name, "policy");
  std::set<std::string> ids;
  for (const auto& r : runs) {
    EXPECT_EQ(r.task, static_cast<std::size_t>(&r - runs.data()));
    EXPECT_EQ(r.id.size(), 12u);
    ids.insert(r.id);
  }
  EXPECT_EQ(ids.size(), runs.size());
  EXPECT_EQ(expand(load_sweep(path("s.yaml")))[7].id, runs[7].id);  // the same file, the same ids
}

TEST_F(Sweep, AddingAnAxisValueKeepsTheOtherRunsIds) {
  test::write_text(path("a.yaml"),
                   "base: base.yaml\naxes: {demand.work_from_home: [0.0, 0.1]}\nseeds: [5]\n");
  test::write_text(path("b.yaml"),
                   "base: base.yaml\naxes: {demand.work_from_home: [0.2, 0.1, 0.0]}\nseeds: [5]\n");
  const auto a = expand(load_sweep(path("a.yaml")));
  const auto b = expand(load_sweep(path("b.yaml")));
  EXPECT_EQ(a[0].id, b[2].id);
  EXPECT_EQ(a[1].id, b[1].id);
  EXPECT_NE(b[0].id, a[0].id);
  // The id follows the resolved scenario, not the sweep: a value that differs only in where it is
  // set gives the same run, and a different seed or sample rate gives another.
  std::string err;
  const auto spec = load_sweep(path("a.yaml"));
  EXPECT_EQ(run_id(path("base.yaml"), {"demand.seed=1"}, 5, spec, &err),
            run_id(path("base.yaml"), {}, 5, spec, &err));
  EXPECT_NE(run_id(path("base.yaml"), {}, 6, spec, &err),
            run_id(path("base.yaml"), {}, 5, spec, &err));
  EXPECT_TRUE(err.empty()) << err;
}

TEST_F(Sweep, LatinHypercubeUsesEveryStratumOfEveryAxisOnce) {
  test::write_text(path("s.yaml"),
                   "base: base.yaml\ndesign: lhs\nsamples: 10\ndesign_seed: 3\n"
                   "axes:\n  demand.work_from_home: {min: 0.0, max: 0.5}\n"
                   "  traffic.iterations: [1, 2, 3, 4, 5]\n");
  const auto spec = load_sweep(path("s.yaml"));
  const auto points = design_points(spec);
  ASSERT_EQ(points.size(), 10u);
  std::set<int> strata;
  std::map<std::string, int> discrete;
  for (const auto& p : points) {
    const double v = std::stod(p[0].second);
    EXPECT_GE(v, 0.0);
    EXPECT_LT(v, 0.5);
    strata.insert(static_cast<int>(v / 0.05));
    ++discrete[p[1].second];
  }
  EXPECT_EQ(strata.size(), 10u);  // one point in each tenth of the range
  for (const auto& [value, n] : discrete) EXPECT_EQ(n, 2) << value;  // 10 points over 5 values
  const auto again = design_points(load_sweep(path("s.yaml")));
  EXPECT_EQ(again, points);
}

TEST_F(Sweep, SetIndexesPolicyLists) {
  const auto doc = scenario::load_scenario(path("base.yaml"), {"policies.0.share=0.3"});
  EXPECT_EQ(doc.root["policies"][0]["share"].as<double>(), 0.3);
  EXPECT_EQ(doc.root["policies"][0]["type"].as<std::string>(), "online_share");
  try {
    scenario::load_scenario(path("base.yaml"), {"policies.2.share=0.3"});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(
        e.what(),
        "--set policies.2.share: 'policies' is a list of 1 entries; expected an index 0-0");
  }
}

TEST_F(Sweep, BadSweepFilesNameTheLineAndKey) {
  const std::string f = path("s.yaml");
  EXPECT_EQ(error_of("base: nope.yaml\n"),
            f + ":1: base: file '" + path("nope.yaml") + "' does not exist");
  EXPECT_EQ(
      error_of(
          "base: base.yaml\naxes:\n  demand.work_from_home: {from: 0.3, to: 0.1, step: 0.1}\n"),
      f + ":3: axes.demand.work_from_home.to: must be >= from (0.3), got 0.1");
  EXPECT_EQ(error_of("base: base.yaml\naxes:\n  demand.work_from_home: {min: 0, max: 1}\n"),
            f + ":3: axes.demand.work_from_home: a continuous min/max range needs design: lhs; "
                "give values or from/to/step for a grid");
  EXPECT_EQ(error_of("base: base.yaml\ndesign: lhs\n"),
            f + ":1: samples: missing: design lhs needs the number of samples");
  EXPECT_EQ(error_of("base: base.yaml\nreplicates: 3\n"),
            f + ":2: replicates: unknown key (did you mean 'replications'?); expected one of: "
                "name, base, "
                "scenarios, axes, design, samples, design_seed, replications, seed, seeds, run");
  EXPECT_EQ(error_of("base: base.yaml\nseeds: [1]\nreplications: 2\n"),
            f + ":2: seeds: give either seeds or replications (with seed), not both");
  EXPECT_EQ(error_of("axes: {}\n"),
            f + ":1: base: missing: a sweep needs a base scenario or a list of scenarios");
  test::write_text(f, "base: base.yaml\naxes: {demand.work_from_home: [0.1, 0.1]}\n");
  try {
    expand(load_sweep(f));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("these runs resolve to the same scenario and seed"),
              std::string::npos)
        << e.what();
  }
}

TEST(SweepFiles, EveryShippedSweepExpands) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(OGAN_SOURCE_DIR) + "/scenarios/sweeps")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    const auto runs = expand(load_sweep(entry.path().string()));
    EXPECT_GT(runs.size(), 1u) << entry.path();
    for (const auto& r : runs)
      EXPECT_TRUE(r.resolve_error.empty()) << entry.path() << ": " << r.resolve_error;
  }
  EXPECT_GE(files, 1);
}

}  // namespace
