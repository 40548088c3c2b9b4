// ogan-viz sweep: a KPI across a sweep's runs, from a hand-made index with known numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "engine/io/h5.hpp"
#include "tests/viz/viz_fixture.hpp"

using namespace ogan;
using namespace ogan::test::viz;

namespace {

// 2 scenarios x work_from_home 0 and 0.2 x 2 seeds, as ogan sweep writes them (docs/sweeps.md),
// with the last run failed.
std::string make_index(const std::string& name, const std::vector<std::string>& x) {
  const auto path = tmp(name);
  io::H5Id f = results::create_checked_file(path);
  io::H5Id root(H5Gopen2(f.get(), "/", H5P_DEFAULT));
  io::set_attr(root.get(), "filetype", std::string("ogan-sweep-index"));
  io::set_attr(root.get(), "format_version", std::vector<std::int32_t>{1, 0});
  io::set_attr(root.get(), "sweep_name", std::string("test_sweep"));
  io::set_attr(root.get(), "sweep_file", std::string("sweeps/test.yaml"));
  io::set_attr(root.get(), "ogan_version", std::string("0.1.0"));
  io::set_attr(root.get(), "created_utc", std::string("2026-11-28T00:00:00Z"));
  const hid_t h = f.get();
  io::write_strings(h, "runs/scenario",
                    {"base", "base", "base", "base", "policy", "policy", "policy", "policy"}, "");
  io::write_strings(h, "runs/status",
                    {"complete", "complete", "complete", "complete", "complete", "complete",
                     "complete", "failed"},
                    "");
  io::write_strings(h, "runs/param/demand.work_from_home",
                    {x[0], x[0], x[1], x[1], x[0], x[0], x[1], x[1]}, "");
  const double nan = std::nan("");
  io::write_vector(h, "runs/kpi/mean_network_speed",
                   std::vector<double>{20, 22, 24, 25, 30, 31, 33, nan}, "km/h", "");
  io::write_strings(h, "runs/kpi_names", {"trips", "mean_network_speed"}, "");
  return path;
}

TEST(Viz, SweepChartShowsMeanAndSpreadOverSeedsPerScenario) {
  const auto index = make_index("index.h5", {"0.0", "0.2"});
  const auto pdf = tmp("sweep.pdf"), csv = tmp("sweep.csv");
  int rc;
  auto log = viz("sweep " + index + " --kpi mean_network_speed --csv " + csv + " -o " + pdf, &rc);
  ASSERT_EQ(rc, 0) << log;
  const auto rows = csv_rows(csv);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"base", "0", "21", "20", "22", "2"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"base", "0.2", "24.5", "24", "25", "2"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"policy", "0", "30.5", "30", "31", "2"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"policy", "0.2", "33", "33", "33",
                                               "1"}));  // the failed run left out
  const auto text = pdf_text(pdf);
  for (const char* s :
       {"mean_network_speed across the sweep test_sweep", "1 failed or pending run(s) left out",
        "demand.work_from_home", "mean_network_speed (km/h)", "policy", "Sweep test_sweep"})
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;

  // Values that are not numbers become categories along x, in the order met.
  const auto named = make_index("named.h5", {"low", "high"});
  log = viz("sweep " + named + " --kpi mean_network_speed --csv " + csv + " -o " + tmp("named.png"),
            &rc);
  ASSERT_EQ(rc, 0) << log;
  EXPECT_EQ(csv_rows(csv)[1][1], "high");
  for (const auto& p : {pdf, csv, named, tmp("named.png")}) std::filesystem::remove(p);
}

TEST(Viz, SweepChartOfALatinHypercubeKeepsOneLinePerScenario) {
  // A second axis with its own value at every point, as a Latin hypercube gives: lines per value
  // of it would be single points, so the chart keeps one line per scenario and says why.
  const auto index = make_index("lhs.h5", {"0.0", "0.2"});
  {
    io::H5Id f(H5Fopen(index.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    io::write_strings(f.get(), "runs/param/traffic.replan_share",
                      {"0.11", "0.12", "0.13", "0.14", "0.15", "0.16", "0.17", "0.18"}, "");
  }
  const auto pdf = tmp("lhs.pdf"), csv = tmp("lhs.csv");
  int rc;
  const auto log =
      viz("sweep " + index + " --kpi mean_network_speed --x demand.work_from_home --csv " + csv +
              " -o " + pdf,
          &rc);
  ASSERT_EQ(rc, 0) << log;
  const auto rows = csv_rows(csv);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0], "base");
  EXPECT_EQ(rows[0][2], "21");
  EXPECT_NE(pdf_text(pdf).find("the other axes vary from point to point"), std::string::npos);
  for (const auto& p : {pdf, csv, index}) std::filesystem::remove(p);
}

TEST(Viz, SweepChartErrorsNameWhatIsWrong) {
  const auto index = make_index("index2.h5", {"0.0", "0.2"});
  const auto png = tmp("bad.png");
  int rc;
  auto log = viz("sweep " + index + " --kpi speed -o " + png, &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("error: file '" + index +
                     "': KPI 'speed' not found; did you mean: mean_network_speed?"),
            std::string::npos)
      << log;
  log = viz("sweep " + index + " --kpi mean_network_speed --x traffic.iterations -o " + png, &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(
      log.find(
          "error: --x traffic.iterations: not an axis of the sweep (axes: demand.work_from_home)"),
      std::string::npos)
      << log;
  log = viz("sweep " + results_file() + " --kpi trips -o " + png, &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("error: file '" + results_file() +
                     "': not an ogan sweep index (DIR/index.h5 of ogan sweep)"),
            std::string::npos)
      << log;
  log = viz("map " + index + " -o " + png, &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("a sweep index, not a results file: use ogan-viz sweep, or its runs/*.h5"),
            std::string::npos)
      << log;
  EXPECT_FALSE(std::filesystem::exists(png));
  std::filesystem::remove(index);
}

}  // namespace
