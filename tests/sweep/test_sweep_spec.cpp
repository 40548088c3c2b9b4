// Sweep files: what runs they expand to, their ids, and the errors for bad sweep files; fork
// sweeps (state: and policy:).
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "engine/core/error.hpp"
#include "engine/io/h5.hpp"
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
                "scenarios, state, policy, axes, design, samples, design_seed, replications, seed, "
                "seeds, run");
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

// A stand-in for a state file (ogan run --snapshot): the root attributes a sweep reads.
void write_state(const std::string& path, std::int64_t seed) {
  io::H5Id f = results::create_checked_file(path);
  io::H5Id root(H5Gopen2(f.get(), "/", H5P_DEFAULT));
  io::set_attr(root.get(), "filetype", std::string("ogan-state"));
  io::set_attr(root.get(), "seed", seed);
  io::set_attr(root.get(), "sample_rate", 0.02);
  io::set_attr(root.get(), "time_s", 36000.0);
}

class SweepFork : public Sweep {
 protected:
  void SetUp() override {
    Sweep::SetUp();
    write_state(path("state.h5"), 7);
    test::write_text(path("what-if.yaml"),
                     "policies:\n  - {type: facility_service, name: Puskesmas Kemalaraja, "
                     "servers: 3}\n");
  }
};

TEST_F(SweepFork, AStateAndAPolicyFileGiveAForkPerPoint) {
  test::write_text(path("s.yaml"),
                   "state: state.h5\npolicy: what-if.yaml\n"
                   "axes: {policies.0.servers: [2, 4, 6]}\n");
  const auto spec = load_sweep(path("s.yaml"));
  EXPECT_TRUE(spec.fork());
  EXPECT_EQ(spec.state, path("state.h5"));
  EXPECT_EQ(spec.policies, std::vector<std::string>{path("what-if.yaml")});
  EXPECT_TRUE(spec.scenarios.empty());
  EXPECT_EQ(spec.state_seed, 7u);
  EXPECT_EQ(spec.state_sample_rate, 0.02);
  EXPECT_EQ(spec.state_time_s, 36000.0);
  const auto runs = expand(spec);
  ASSERT_EQ(runs.size(), 3u);
  std::set<std::string> ids;
  for (const auto& r : runs) {
    EXPECT_TRUE(r.fork());
    EXPECT_EQ(r.state, path("state.h5"));
    EXPECT_EQ(r.scenario, path("state.h5"));
    EXPECT_EQ(r.scenario_name, "state");
    EXPECT_EQ(r.policies, spec.policies);
    EXPECT_EQ(r.seed, 7u);
    EXPECT_TRUE(r.resolve_error.empty()) << r.resolve_error;
    EXPECT_EQ(r.id.size(), 12u);
    ids.insert(r.id);
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(runs[1].sets(), std::vector<std::string>{"policies.0.servers=4"});
  // The id follows the resolved policy file and the state: a value written in the file already
  // is the same run; another state (here: another seed) gives other runs.
  EXPECT_EQ(fork_run_id({"policies.0.servers=3"}, spec), fork_run_id({}, spec));
  test::write_text(path("t.yaml"),
                   "state: state.h5\npolicy: [what-if.yaml]\naxes: {policies.0.servers: [4]}\n");
  EXPECT_EQ(expand(load_sweep(path("t.yaml")))[0].id, runs[1].id);
  write_state(path("state.h5"), 8);
  EXPECT_NE(expand(load_sweep(path("s.yaml")))[1].id, runs[1].id);
  // A value the policy file rejects is recorded; its run fails with ogan fork's message.
  test::write_text(path("s.yaml"),
                   "state: state.h5\npolicy: what-if.yaml\n"
                   "axes: {policies.1.servers: [4]}\n");
  EXPECT_NE(expand(load_sweep(path("s.yaml")))[0].resolve_error.find("policies.1.servers"),
            std::string::npos);
}

TEST_F(SweepFork, RunOptionsOfTheStateAreRejected) {
  const std::string f = path("s.yaml");
  const std::string head = "state: state.h5\npolicy: what-if.yaml\n";
  EXPECT_EQ(error_of(head + "run: {sample_rate: 0.05}\n"),
            f + ":3: run.sample_rate: does not apply to a fork sweep (state:): the sample rate is "
                "the saved state's (0.02)");
  EXPECT_EQ(error_of(head + "run:\n  iterations: 2\n"),
            f + ":4: run.iterations: does not apply to a fork sweep (state:): the assignment is "
                "the saved state's, with its iterations");
  EXPECT_EQ(error_of(head + "seeds: [1, 2]\n"),
            f + ":3: seeds: does not apply to a fork sweep (state:): a fork continues the saved "
                "state's random streams (seed 7)");
  EXPECT_EQ(error_of(head + "replications: 2\n"),
            f + ":3: replications: does not apply to a fork sweep (state:): a fork continues the "
                "saved state's random streams (seed 7)");
  EXPECT_EQ(error_of("base: base.yaml\n" + head),
            f + ":1: base: a fork sweep (state:) continues the saved state's scenario; give either "
                "state or base/scenarios, not both");
  EXPECT_EQ(error_of(head + "axes: {demand.work_from_home: [0.1]}\n"),
            f + ":3: axes.demand.work_from_home: a fork sweep changes its policy files only: axis "
                "keys are policies.N.key (as for ogan fork --set)");
}

TEST_F(SweepFork, TheStateMustBeAStateFileAndComeWithAPolicyFile) {
  const std::string f = path("s.yaml");
  EXPECT_EQ(error_of("state: nope.h5\npolicy: what-if.yaml\n"),
            f + ":1: state: file '" + path("nope.h5") + "' does not exist");
  EXPECT_EQ(error_of("state: what-if.yaml\npolicy: what-if.yaml\n"),
            f + ":1: state: '" + path("what-if.yaml") +
                "' is not an ogan state file (written by ogan run --snapshot)");
  EXPECT_EQ(error_of("state: state.h5\npolicy: nope.yaml\n"),
            f + ":2: policy: file '" + path("nope.yaml") + "' does not exist");
  EXPECT_EQ(error_of("name: x\nstate: state.h5\n"),
            f + ":1: policy: missing: a fork sweep (state:) needs a policy file (a `policies:` "
                "list) for its axes to change");
  EXPECT_EQ(error_of("base: base.yaml\npolicy: what-if.yaml\n"),
            f + ":2: policy: only meaningful with state: (a fork sweep); a scenario's policies "
                "are in the scenario");
}

TEST(SweepFiles, EveryShippedSweepExpands) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(OGAN_SOURCE_DIR) + "/scenarios/sweeps")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    std::string file = entry.path().string();
    if (YAML::LoadFile(file)["state"]) {
      // A fork sweep names a state that `ogan run --snapshot` makes (not shipped): expand it from
      // a stand-in state, with its policy files where the sweep has them.
      auto root = YAML::LoadFile(file);
      const auto dir = entry.path().parent_path();
      const auto tmp =
          ogan::test::scratch_dir() / ("ogan-sweep-files-" + std::to_string(::getpid()));
      std::filesystem::create_directories(tmp);
      write_state((tmp / "state.h5").string(), 1);
      root["state"] = (tmp / "state.h5").string();
      if (root["policy"].IsSequence()) {
        for (std::size_t i = 0; i < root["policy"].size(); ++i)
          root["policy"][i] = (dir / root["policy"][i].as<std::string>()).string();
      } else {
        root["policy"] = (dir / root["policy"].as<std::string>()).string();
      }
      file = (tmp / entry.path().filename()).string();
      YAML::Emitter out;
      out << root;
      test::write_text(file, out.c_str());
    }
    const auto runs = expand(load_sweep(file));
    EXPECT_GT(runs.size(), 1u) << entry.path();
    for (const auto& r : runs)
      EXPECT_TRUE(r.resolve_error.empty()) << entry.path() << ": " << r.resolve_error;
  }
  EXPECT_GE(files, 1);
}

}  // namespace
