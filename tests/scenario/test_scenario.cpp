#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/scenario/options.hpp"
#include "engine/scenario/scenario_file.hpp"
#include "engine/scenario/validate.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
using namespace ogan::scenario;

namespace {

class Scenario : public test::TempDir {
 protected:
  std::string all_errors(const std::string& file, const std::vector<std::string>& sets = {}) {
    const auto doc = load_scenario(path(file), sets);
    std::string out;
    for (const auto& e : validate(doc)) out += e + "\n";
    return out;
  }
};

TEST_F(Scenario, ExtendsChainsMergeAndResolvePathsAgainstTheirOwnFile) {
  std::filesystem::create_directories(path("base"));
  test::write_text(path("base/data.txt"), "x");
  test::write_text(
      path("base/a.yaml"),
      "name: a\ndemand:\n  seed: 1\n  sample_rate: 0.5\npopulation:\n  assumptions: data.txt\n");
  test::write_text(path("b.yaml"), "extends: base/a.yaml\ndemand:\n  seed: 2\n");
  test::write_text(path("c.yaml"), "extends: b.yaml\nname: c\ntraffic:\n  iterations: 4\n");
  const auto doc = load_scenario(path("c.yaml"));
  EXPECT_EQ(doc.name, "c");
  EXPECT_EQ(doc.root["demand"]["seed"].as<int>(), 2);              // b overrides a
  EXPECT_EQ(doc.root["demand"]["sample_rate"].as<double>(), 0.5);  // a's value kept
  EXPECT_EQ(doc.root["traffic"]["iterations"].as<int>(), 4);
  EXPECT_EQ(doc.root["population"]["assumptions"].as<std::string>(), path("base/data.txt"));
  EXPECT_EQ(doc.files.size(), 3u);
  EXPECT_EQ(doc.origins.at("demand.seed"), path("b.yaml"));
  EXPECT_EQ(doc.origins.at("demand.sample_rate"), path("base/a.yaml"));
}

TEST_F(Scenario, CyclesAreRejected) {
  test::write_text(path("a.yaml"), "extends: b.yaml\n");
  test::write_text(path("b.yaml"), "extends: a.yaml\n");
  try {
    load_scenario(path("a.yaml"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("extends forms a cycle"), std::string::npos) << e.what();
  }
}

TEST_F(Scenario, SetOverridesAnyValue) {
  test::write_text(path("a.yaml"), "demand:\n  seed: 1\n");
  const auto doc =
      load_scenario(path("a.yaml"), {"demand.seed=7", "traffic.iterations=2", "policies=[]"});
  EXPECT_EQ(doc.root["demand"]["seed"].as<int>(), 7);
  EXPECT_EQ(doc.root["traffic"]["iterations"].as<int>(), 2);
  EXPECT_EQ(doc.origins.at("demand.seed"), "--set");
  EXPECT_THROW(load_scenario(path("a.yaml"), {"noequals"}), InputError);
}

TEST_F(Scenario, EveryProblemIsReportedAtOnceWithFileLineAndKey) {
  test::write_text(path("base.yaml"), "demand:\n  seed: 1\n");
  test::write_text(path("s.yaml"),
                   "extends: base.yaml\n"
                   "demand:\n"
                   "  sample_rat: 0.5\n"      // line 3: typo
                   "  work_from_home: 1.5\n"  // line 4: out of range
                   "traffic:\n"
                   "  seepage: maybe\n"  // line 6: wrong type
                   "population:\n"
                   "  assumptions: nowhere.yaml\n"  // line 8: missing file
                   "services:\n"
                   "  choice: {puskesmas: closest}\n"  // line 10: not a choice
                   "policies:\n"
                   "  - type: close_rood\n"  // line 12: unknown policy
                   "  - type: online_share\n"
                   "    share: 2\n");  // line 14: out of range
  const std::string e = all_errors("s.yaml");
  const std::string f = path("s.yaml");
  EXPECT_NE(e.find(f + ":3: demand.sample_rat: unknown key (did you mean 'sample_rate'?)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find(f + ":4: demand.work_from_home: 1.5 is out of range [0, 1]"), std::string::npos)
      << e;
  EXPECT_NE(e.find(f + ":6: traffic.seepage: expected true or false, got 'maybe'"),
            std::string::npos)
      << e;
  EXPECT_NE(
      e.find(f + ":8: population.assumptions: file '" + path("nowhere.yaml") + "' does not exist"),
      std::string::npos)
      << e;
  EXPECT_NE(
      e.find(f +
             ":10: services.choice.puskesmas: 'closest' is not one of nearest, catchment, logit"),
      std::string::npos)
      << e;
  EXPECT_NE(
      e.find(f + ":12: policies[0].type: unknown policy 'close_rood' (did you mean 'close_road'?)"),
      std::string::npos)
      << e;
  EXPECT_NE(e.find(f + ":14: policies[1].share: 2 is out of range [0, 1]"), std::string::npos) << e;
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 7);
  // An inherited problem points at the file that has it.
  test::write_text(path("bad_base.yaml"), "traffic:\n  iterations: 0\n");
  test::write_text(path("child.yaml"), "extends: bad_base.yaml\n");
  EXPECT_NE(all_errors("child.yaml")
                .find(path("bad_base.yaml") + ":2: traffic.iterations: 0 is out of range"),
            std::string::npos);
  EXPECT_NE(all_errors("child.yaml", {"demand.sample_rate=2"})
                .find("--set demand.sample_rate: 2 is out of range"),
            std::string::npos);
}

TEST_F(Scenario, MissingLayersAreReported) {
  test::write_layer(path("r.gpkg"), "GPKG", "roads", 32748,
                    {{"LINESTRING (0 0, 1 0)", {{"highway", "primary"}}}});
  test::write_text(path("s.yaml"), "network:\n  roads:\n    path: r.gpkg\n    layer: jalan\n");
  EXPECT_NE(
      all_errors("s.yaml").find(path("s.yaml") + ":4: network.roads.layer: file '" +
                                path("r.gpkg") + "': no layer 'jalan'; layers in the file: roads"),
      std::string::npos)
      << all_errors("s.yaml");
}

TEST(ScenarioFormat, DocsAreGeneratedFromTheRegistry) {
  std::ifstream in(std::string(OGAN_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), options_markdown())
      << "regenerate: ./build/engine/ogan scenario options --markdown > docs/scenario-format.md";
}

TEST(ScenarioFiles, EveryShippedScenarioIsValid) {
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(OGAN_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const auto doc = load_scenario(entry.path().string());
    const auto errors = validate(doc);
    std::string all;
    for (const auto& e : errors) all += e + "\n";
    // The shipped scenarios point at the generated data, which may not exist in a unit-test run;
    // every other problem is a bug.
    for (const auto& e : errors) {
      EXPECT_NE(e.find("oku.gpkg"), std::string::npos) << entry.path() << ": " << all;
    }
  }
}

}  // namespace
