// /transit in a results file: the metrics of a day's public transport (scaled, means over the
// right counts) written and read back.
#include <gtest/gtest.h>

#include "engine/io/results.hpp"
#include "engine/metrics/transit.hpp"
#include "engine/results/reader.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

class ResultsTransit : public test::TempDir {};

// Three nodes in a row, 300 m apart, two-way: one line from node 0 to node 2 and back.
traffic::TransitNetwork one_line() {
  net::Network n;
  n.node_x = {0, 300, 600};
  n.node_y = {0, 0, 0};
  for (auto [a, b] : std::vector<std::pair<int, int>>{{0, 1}, {1, 0}, {1, 2}, {2, 1}}) {
    n.from.push_back(a);
    n.to.push_back(b);
    n.length_m.push_back(300);
    n.free_speed_mps.push_back(10);
    n.motor.push_back(1);
  }
  n.build_adjacency();
  traffic::TransitLineSpec s;
  s.id = "T1";
  s.name = "test line";
  s.kind = "angkot";
  s.waypoints = {0, 2};
  s.fleet = 2;
  s.headways = {{0, 600}};
  s.capacity = 12;
  s.start_s = 6 * 3600;
  s.end_s = 7 * 3600;
  s.stop_spacing_m = 300;
  return traffic::build_transit_network(n, {s}, {});
}

}  // namespace

TEST_F(ResultsTransit, LinesStopsAndLoadsRoundTripScaledByTheSample) {
  const auto tn = one_line();
  ASSERT_EQ(tn.stops.size(), 4u);  // two per direction
  traffic::TransitStats st;
  st.intervals = 2;
  st.lines = 1;
  st.stops = 4;
  st.boardings = {4, 0};
  st.denied = {1, 0};
  st.load_samples = {2, 0};
  st.max_load = {3, 0};
  st.wait_sum_s = {400, 0};
  st.load_sum = {5, 0};
  st.stop_boardings = {4, 0, 0, 0};
  st.stop_alightings = {0, 4, 0, 0};
  st.stop_wait_sum_s = {400, 0, 0, 0};
  const auto m = metrics::transit_metrics(tn, st, 0.5);
  EXPECT_EQ(m.boardings, (std::vector<double>{8, 0}));
  EXPECT_EQ(m.mean_load, (std::vector<double>{5.0, 0}));  // 5 / 2 samples, scaled by 2
  EXPECT_EQ(m.mean_wait_s, (std::vector<double>{100, 0}));
  EXPECT_EQ(m.stop_mean_wait_s, (std::vector<double>{100, 0, 0, 0}));
  {
    io::RunInfo info;
    info.scenario_name = "toy";
    info.scenario_yaml = "name: toy\n";
    io::ResultsWriter w(path("r.h5"), info);
    w.write_transit(m);
    w.finish();
  }
  results::Reader f(path("r.h5"));
  namespace n = results::transit;
  EXPECT_EQ(f.strings(n::kLineId), (std::vector<std::string>{"T1"}));
  EXPECT_EQ(f.strings(n::kLineKind), (std::vector<std::string>{"angkot"}));
  EXPECT_EQ(results::read_vector<std::int32_t>(f.id(), n::kLineRuns),
            (std::vector<std::int32_t>{static_cast<std::int32_t>(tn.runs.size())}));
  EXPECT_EQ(results::read_vector<double>(f.id(), n::kStopX),
            (std::vector<double>{300, 600, 300, 0}));
  EXPECT_EQ(results::read_vector<std::int32_t>(f.id(), n::kStopDirection),
            (std::vector<std::int32_t>{0, 0, 1, 1}));
  EXPECT_EQ(results::read_vector<double>(f.id(), n::kBoardings), (std::vector<double>{8, 0}));
  EXPECT_EQ(results::read_vector<double>(f.id(), n::kDenied), (std::vector<double>{2, 0}));
  EXPECT_EQ(results::read_vector<double>(f.id(), n::kMaxLoad), (std::vector<double>{6, 0}));
  EXPECT_EQ(results::read_vector<double>(f.id(), n::kStopAlightings),
            (std::vector<double>{0, 8, 0, 0}));
}
