// The names list (engine/results/names.txt) and the writer agree: every dataset and group the
// header names for a results file is in a file written by `ogan run`, and every dataset of that
// file has a name in the header.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/results/names.hpp"
#include "engine/results/reader.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/h5_datasets.hpp"

using namespace ogan;

namespace {

// Every path of results::path, read from the list the header is generated from
// (engine/results/names.txt), so that a name added there is checked without being listed again.
std::vector<std::string> header_paths() {
  std::ifstream in(std::string(OGAN_SOURCE_DIR) + "/engine/results/names.txt");
  EXPECT_TRUE(in) << "engine/results/names.txt";
  std::vector<std::string> out;
  std::string line, ns;
  while (std::getline(in, line)) {
    if (line.rfind("namespace ", 0) == 0) {
      ns = line.substr(10);
      continue;
    }
    if (ns != "path" || line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string name, value;
    words >> name >> value;
    out.push_back(value);
  }
  EXPECT_GT(out.size(), 100u);
  return out;
}

bool in_sweep_index(const std::string& p) {
  return p.rfind("/runs", 0) == 0 || p.rfind("/files", 0) == 0 || p.rfind("/sweep", 0) == 0;
}

using test::datasets_of;

TEST(ResultsNames, TheHeaderAndTheWriterNameTheSameDatasets) {
  const std::string out =
      ogan::test::scratch_dir() / ("ogan-test-names-" + std::to_string(::getpid()) + ".h5");
  std::string log;
  ASSERT_EQ(test::run_command(std::string(OGAN_EXE) + " run " + test::oku_scenario_file() +
                                  " --sample 0.02 --iterations 1 -o " + out,
                              &log),
            0)
      << log;
  const results::Reader f(out);

  const auto paths = header_paths();
  ASSERT_GT(paths.size(), 120u);
  std::set<std::string> named;
  for (const auto& p : paths) {
    if (in_sweep_index(p)) continue;
    EXPECT_TRUE(f.has(p)) << p << " is named in engine/results/names.txt but not written";
    named.insert(p);
  }
  // Polygons groups and the river lines are named by their group and member names.
  for (const char* group : {results::path::kZonesGeometry, results::path::kKecamatanGeometry}) {
    for (const char* member :
         {results::polygons::kRingOffset, results::polygons::kVertexOffset,
          results::polygons::kRingIsHole, results::polygons::kX, results::polygons::kY}) {
      const auto p = results::join(group, member);
      EXPECT_TRUE(f.has(p)) << p;
      named.insert(p);
    }
  }
  const auto written = datasets_of(f.id());
  ASSERT_GT(written.size(), 120u);
  for (const auto& d : written)
    EXPECT_TRUE(named.count(d)) << d << " is written but has no name in engine/results/names.txt";

  // The lists of datasets with a time scale or a `types` attribute name datasets that have them.
  for (const char* d : results::kLinkIntervalDatasets) EXPECT_TRUE(f.has(d)) << d;
  for (const char* d : results::kFacilityIntervalDatasets) EXPECT_TRUE(f.has(d)) << d;
  for (const char* d : results::kAccessibilityDatasets)
    EXPECT_FALSE(f.dataset_attr(d, results::attr::kTypes).empty()) << d;
  // Root attributes.
  EXPECT_EQ(f.attr(results::attr::kFileType), results::kFileType);
  EXPECT_EQ(f.version(), results::kFormatVersion);
  for (const char* a :
       {results::attr::kOganVersion, results::attr::kGitSha, results::attr::kCreatedUtc,
        results::attr::kScenarioName, results::attr::kCrs})
    EXPECT_FALSE(f.attr(a).empty()) << a;
  for (const char* a : {results::attr::kSeed, results::attr::kThreads, results::attr::kSampleRate})
    EXPECT_FALSE(f.attr_text(a).empty()) << a;
  EXPECT_DOUBLE_EQ(f.number_attr(results::attr::kSampleRate, 0), 0.02);
  EXPECT_DOUBLE_EQ(f.number_attr_of(results::path::kGrids, results::attr::kCellSizeM, 0), 1000);
  std::filesystem::remove(out);
}

}  // namespace
