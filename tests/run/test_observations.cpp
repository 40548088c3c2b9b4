// Observations of the real town: reading a folder (engine/run/observations_reader.hpp), comparing
// with a simulated day (engine/metrics/observations.hpp) and writing /observations (engine/io).
// Every expected number is computed by hand in the comments.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/io/results.hpp"
#include "engine/metrics/observations.hpp"
#include "engine/results/reader.hpp"
#include "engine/run/observations_reader.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/line_network.hpp"

using namespace ogan;
using metrics::VehicleClass;

namespace {

using test::line_network;

// Eight 15-minute intervals (00:00-02:00) on the four links.
traffic::LinkStats link_stats() {
  traffic::LinkStats s;
  s.intervals = 8;
  s.links = 4;
  s.volume_veh.assign(8 * 4 * 4, 0);
  s.volume_pcu.assign(8 * 4, 0);
  s.travel_time_sum_s.assign(8 * 4, 0);
  s.exits.assign(8 * 4, 0);
  s.queue_pcu.assign(8 * 4, 0);
  auto vol = [&](int t, int l, int m) -> std::uint32_t& {
    return s.volume_veh[static_cast<std::size_t>((t * 4 + l) * 4 + m)];
  };
  // Link 0, 00:00-01:00: each quarter 10 motorcycles, 5 cars, 0 angkot, 1 ojek.
  for (int t = 0; t < 4; ++t) {
    vol(t, 0, 0) = 10;
    vol(t, 0, 1) = 5;
    vol(t, 0, 3) = 1;
  }
  // Link 1: 3 cars in 00:00-00:15, 7 in 00:15-00:30; 40 motorcycles in 01:15-01:30.
  vol(0, 1, 1) = 3;
  vol(1, 1, 1) = 7;
  vol(5, 1, 0) = 40;
  // Travel times: link 0 in the first two quarters 120 s over 10 exits, 150 s over 8; link 1
  // at 01:00-01:15 300 s over 10 exits.
  s.travel_time_sum_s[0 * 4 + 0] = 120;
  s.exits[0 * 4 + 0] = 10;
  s.travel_time_sum_s[1 * 4 + 0] = 150;
  s.exits[1 * 4 + 0] = 8;
  s.travel_time_sum_s[4 * 4 + 1] = 300;
  s.exits[4 * 4 + 1] = 10;
  return s;
}

// Two facilities, eight intervals. Facility 0, 00:00-01:00: arrivals 2, 3, 1, 4; served 2, 2,
// 1, 3; wait sums 600, 400, 0, 900 s; queue at the ends 1, 2, 0, 1. Facility 1: nobody.
svc::ServiceStats service_stats() {
  svc::ServiceStats s;
  s.intervals = 8;
  s.facilities = 2;
  const std::size_t n = 16;
  s.arrivals.assign(n, 0);
  s.served.assign(n, 0);
  s.turned_away.assign(n, 0);
  s.wait_sum_s.assign(n, 0);
  s.wait_p95_s.assign(n, 0);
  s.queue.assign(n, 0);
  s.utilisation.assign(n, 0);
  const std::uint32_t arrivals[] = {2, 3, 1, 4}, served[] = {2, 2, 1, 3};
  const double waits[] = {600, 400, 0, 900};
  const float queue[] = {1, 2, 0, 1};
  for (std::size_t t = 0; t < 4; ++t) {
    s.arrivals[t * 2] = arrivals[t];
    s.served[t * 2] = served[t];
    s.wait_sum_s[t * 2] = waits[t];
    s.queue[t * 2] = queue[t];
  }
  return s;
}

metrics::Observations observations() {
  metrics::Observations o;
  o.stations = {{"A", 0, 0, "link_id", "stations.csv:2"}, {"B", 1, 0, "link_id", "stations.csv:3"}};
  o.counts = {{0, 0, 3600, VehicleClass::All, 120, "counts.csv:2"},
              {0, 0, 3600, VehicleClass::Motorcycle, 50, "counts.csv:3"},
              {1, 0, 1800, VehicleClass::Car, 30, "counts.csv:4"},
              {1, 3600, 7200, VehicleClass::All, 10, "counts.csv:5"}};
  o.travel_times = {{"R1", {0, 1}, 0, 1800, 20, "travel_times.csv:2"},
                    {"R2", {1}, 3600, 4500, 60, "travel_times.csv:3"}};
  metrics::FacilityRecord f1, f2, f3;
  f1 = {0, 0, 3600, 24, metrics::kMissing, 1, 200, "facilities.csv:2"};
  f2 = {0, 0, 900, 4, metrics::kMissing, metrics::kMissing, metrics::kMissing, "facilities.csv:3"};
  f3 = {1, 0, 1800, 2, metrics::kMissing, metrics::kMissing, 100, "facilities.csv:4"};
  o.facilities = {f1, f2, f3};
  return o;
}

double kpi(const metrics::ObservationComparison& c, const std::string& name) {
  for (const auto& k : c.summary)
    if (k.name == name) return k.value;
  ADD_FAILURE() << "no KPI " << name;
  return -1;
}

TEST(Observations, GehMatchesTheFormulaAndIsZeroForEqualOrNoFlow) {
  // sqrt(2 (100 - 50)^2 / 150) = sqrt(33.33...) = 5.7735
  EXPECT_NEAR(metrics::geh(100, 50), std::sqrt(5000.0 / 150.0), 1e-12);
  EXPECT_NEAR(metrics::geh(100, 50), 5.773503, 1e-6);
  EXPECT_DOUBLE_EQ(metrics::geh(50, 100), metrics::geh(100, 50));
  EXPECT_DOUBLE_EQ(metrics::geh(80, 80), 0);
  EXPECT_DOUBLE_EQ(metrics::geh(0, 0), 0);
}

TEST(Observations, CountsAreSummedOverTheCoveredIntervalsScaledAndComparedByGeh) {
  const auto net = line_network();
  const auto c =
      metrics::compare_observations(observations(), net, link_stats(), service_stats(), 0.5, 7200);
  ASSERT_EQ(c.counts.size(), 4u);
  // A, 00:00-01:00, all: 4 x 16 = 64 vehicles at 50 % -> 128; hourly 128 vs 120:
  // sqrt(2 x 64 / 248) = 0.71842.
  EXPECT_DOUBLE_EQ(c.counts[0].simulated, 128);
  EXPECT_NEAR(c.counts[0].geh, std::sqrt(128.0 / 248.0), 1e-12);
  // A, motorcycles: 40 -> 80 vs 50: sqrt(2 x 900 / 130) = 3.7210.
  EXPECT_DOUBLE_EQ(c.counts[1].simulated, 80);
  EXPECT_NEAR(c.counts[1].geh, std::sqrt(1800.0 / 130.0), 1e-12);
  // B, cars 00:00-00:30: 3 + 7 = 10 -> 20 vs 30 in half an hour: hourly 40 vs 60,
  // sqrt(2 x 400 / 100) = 2.8284.
  EXPECT_DOUBLE_EQ(c.counts[2].simulated, 20);
  EXPECT_NEAR(c.counts[2].geh, std::sqrt(8.0), 1e-12);
  // B, all 01:00-02:00: 40 -> 80 vs 10: sqrt(2 x 4900 / 90) = 10.435.
  EXPECT_DOUBLE_EQ(c.counts[3].simulated, 80);
  EXPECT_NEAR(c.counts[3].geh, std::sqrt(9800.0 / 90.0), 1e-12);
  EXPECT_EQ(c.counts[3].source, "counts.csv:5");
  EXPECT_EQ(c.stations.size(), 2u);
}

TEST(Observations, SummaryKpisMatchHandComputedValues) {
  const auto net = line_network();
  const auto c =
      metrics::compare_observations(observations(), net, link_stats(), service_stats(), 0.5, 7200);
  EXPECT_DOUBLE_EQ(kpi(c, "obs_stations_compared"), 2);
  EXPECT_DOUBLE_EQ(kpi(c, "obs_count_records"), 4);
  // GEH 0.72, 3.72, 2.83 below 5; 10.4 not.
  EXPECT_DOUBLE_EQ(kpi(c, "obs_count_share_geh_below_5"), 0.75);
  // observed o = 120, 50, 30, 10; simulated s = 128, 80, 20, 80.
  // Slope through the origin: sum o s / sum o^2 = 20760 / 17900.
  EXPECT_NEAR(kpi(c, "obs_count_slope"), 20760.0 / 17900.0, 1e-12);
  // R^2 = cov^2 / (var_o var_s) with n cov = 20760 - 210 x 308 / 4 = 4590,
  // n var_o = 17900 - 210^2 / 4 = 6875, n var_s = 29584 - 308^2 / 4 = 5868.
  EXPECT_NEAR(kpi(c, "obs_count_r2"), 4590.0 * 4590.0 / (6875.0 * 5868.0), 1e-12);
  // Travel times: R1 simulated 15 + 10 = 25 vs 20 (25 %), R2 30 vs 60 (50 %): MAPE 37.5 %.
  EXPECT_NEAR(kpi(c, "obs_travel_time_mape"), 37.5, 1e-12);
  // Arrivals (observed, simulated): (24, 20), (4, 4), (2, 0): RMSE sqrt(20 / 3) over the mean
  // observed 10.
  EXPECT_NEAR(kpi(c, "obs_facility_arrivals_rmse_pct"), 100 * std::sqrt(20.0 / 3.0) / 10, 1e-12);
  // Mean waits: only (200, 237.5) has both (facility 1 served nobody): 37.5 / 200 = 18.75 %.
  EXPECT_NEAR(kpi(c, "obs_facility_mean_wait_rmse_pct"), 18.75, 1e-12);
  EXPECT_EQ(c.summary.size(), 8u);
  EXPECT_EQ(c.summary.front().unit, "stations");
}

TEST(Observations, TravelTimesSumTheLinksMeansWithFreeFlowWhereNoVehicleLeft) {
  const auto net = line_network();
  const auto c =
      metrics::compare_observations(observations(), net, link_stats(), service_stats(), 0.5, 7200);
  ASSERT_EQ(c.travel_times.size(), 2u);
  // Link 0: (120 + 150) / (10 + 8) = 15 s; link 1: no exits, 100 m at 10 m/s = 10 s.
  EXPECT_DOUBLE_EQ(c.travel_times[0].simulated_s, 25);
  EXPECT_DOUBLE_EQ(c.travel_times[0].observed_s, 20);
  EXPECT_DOUBLE_EQ(c.travel_times[1].simulated_s, 30);
  EXPECT_EQ(c.travel_times[1].links, (std::vector<net::LinkId>{1}));
}

TEST(Observations, FacilitiesSumCountsTakeTheLastQueueAndAverageWaitsOverVisitorsServed) {
  const auto net = line_network();
  const auto c =
      metrics::compare_observations(observations(), net, link_stats(), service_stats(), 0.5, 7200);
  ASSERT_EQ(c.facilities.size(), 3u);
  const auto& f = c.facilities[0];
  EXPECT_DOUBLE_EQ(f.simulated_arrivals, 20);        // (2 + 3 + 1 + 4) / 0.5
  EXPECT_DOUBLE_EQ(f.simulated_served, 16);          // (2 + 2 + 1 + 3) / 0.5
  EXPECT_DOUBLE_EQ(f.simulated_queue, 2);            // 1 at 01:00, / 0.5
  EXPECT_DOUBLE_EQ(f.simulated_mean_wait_s, 237.5);  // 1900 s / 8 served
  EXPECT_DOUBLE_EQ(f.observed_arrivals, 24);
  EXPECT_TRUE(std::isnan(f.observed_served));
  EXPECT_DOUBLE_EQ(c.facilities[1].simulated_arrivals, 4);
  EXPECT_DOUBLE_EQ(c.facilities[2].simulated_arrivals, 0);
  EXPECT_TRUE(std::isnan(c.facilities[2].simulated_mean_wait_s));
}

TEST(Observations, OnlyRecordsWhoseIntervalHasEndedAreCompared) {
  const auto net = line_network();
  const auto c =
      metrics::compare_observations(observations(), net, link_stats(), service_stats(), 0.5, 3600);
  EXPECT_EQ(c.counts.size(), 3u);  // the 01:00-02:00 count is still to come
  EXPECT_EQ(c.travel_times.size(), 1u);
  EXPECT_EQ(c.facilities.size(), 3u);
  EXPECT_DOUBLE_EQ(c.until_s, 3600);
  EXPECT_DOUBLE_EQ(kpi(c, "obs_count_share_geh_below_5"), 1.0);
  const auto early =
      metrics::compare_observations(observations(), net, link_stats(), service_stats(), 0.5, 600);
  EXPECT_TRUE(early.counts.empty());
  EXPECT_DOUBLE_EQ(kpi(early, "obs_stations_compared"), 0);
  EXPECT_TRUE(std::isnan(kpi(early, "obs_count_r2")));
  EXPECT_TRUE(std::isnan(kpi(early, "obs_count_share_geh_below_5")));
  EXPECT_TRUE(std::isnan(kpi(early, "obs_travel_time_mape")));
  EXPECT_TRUE(std::isnan(kpi(early, "obs_facility_arrivals_rmse_pct")));
}

std::string compare_error(const metrics::Observations& o, double until_s, double interval_s) {
  const auto net = line_network();
  try {
    metrics::compare_observations(o, net, link_stats(), service_stats(), 0.5, until_s, interval_s);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Observations, AnIntervalThatIsNotWholeStatisticsIntervalsOrPastThemIsRefused) {
  auto o = observations();
  EXPECT_EQ(compare_error(o, 7200, 1800),
            "travel_times.csv:3: from, to: the interval 01:00-01:15 is not a whole number of "
            "statistics intervals of 1800 s");
  o.counts.push_back({0, 7200, 10800, VehicleClass::All, 5, "counts.csv:6"});
  EXPECT_EQ(compare_error(o, 7200, 900), "");  // not due yet
  auto backwards = observations();
  backwards.counts[1].to_s = 0;
  EXPECT_EQ(compare_error(backwards, 7200, 900),
            "counts.csv:3: to: the interval 00:00-00:00 does not end after it starts");
  EXPECT_EQ(compare_error(o, 30 * 3600, 900),
            "counts.csv:6: to: 03:00 is past the end of the simulated traffic statistics (02:00)");
}

// Reading folders.
class ObservationsReader : public test::TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    world_.crs = gis::parse_crs("EPSG:32748");
    world_.network = line_network();
    world_.network.crs_wkt = "EPSG:32748";
    for (const char* name :
         {"Puskesmas Baturaja", "RSUD Ibnu Sutowo", "Posyandu Mawar", "Posyandu Mawar"}) {
      gis::Facility f;
      f.name = name;
      f.type = "puskesmas";
      world_.facility_list.push_back(f);
    }
  }
  // A folder `name` holding the given files.
  std::string folder(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& files) {
    const std::string dir = path(name);
    std::filesystem::create_directories(dir);
    for (const auto& [file, text] : files) test::write_text(dir + "/" + file, text);
    return dir;
  }
  std::string error_of(const std::string& dir) {
    try {
      run::read_observations(dir, world_);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  scenario::World world_;
};

TEST_F(ObservationsReader, ReadsEveryFileOfAFolder) {
  const std::string dir = folder(
      "ok", {{"stations.csv", "station_id,link_id\nA,0\n\"B, east\",1\n"},
             {"counts.csv",
              "# counts of 7 May\nstation_id,from,to,class,count\nA,00:00,01:00,all,120\n"
              "\"B, east\",00:00,00:30,car,30\n"},
             {"travel_times.csv", "route_id,link_ids,from,to,mean_s\nR1,0 1,00:00,00:30,20\n"},
             {"facilities.csv",
              "facility,from,to,arrivals,served,queue,mean_wait_s\n"
              "Puskesmas Baturaja,08:00,09:00,24,,1,200\n"},
             {"closures.csv", "road,link_ids,at,until\nJalan Merdeka,,07:30,09:00\n,2,25:00,\n"}});
  const auto o = run::read_observations(dir, world_);
  ASSERT_EQ(o.stations.size(), 2u);
  EXPECT_EQ(o.stations[1].id, "B, east");
  EXPECT_EQ(o.stations[1].link, 1);
  EXPECT_EQ(o.stations[1].how, "link_id");
  EXPECT_EQ(o.stations[1].source, dir + "/stations.csv:3");
  ASSERT_EQ(o.counts.size(), 2u);
  EXPECT_EQ(o.counts[1].station, 1);
  EXPECT_EQ(o.counts[1].vehicle_class, VehicleClass::Car);
  EXPECT_DOUBLE_EQ(o.counts[1].to_s, 1800);
  EXPECT_DOUBLE_EQ(o.counts[1].count, 30);
  EXPECT_EQ(o.counts[0].source, dir + "/counts.csv:3");  // the comment is line 1
  ASSERT_EQ(o.travel_times.size(), 1u);
  EXPECT_EQ(o.travel_times[0].links, (std::vector<net::LinkId>{0, 1}));
  EXPECT_DOUBLE_EQ(o.travel_times[0].mean_s, 20);
  ASSERT_EQ(o.facilities.size(), 1u);
  EXPECT_EQ(o.facilities[0].facility, 0);
  EXPECT_DOUBLE_EQ(o.facilities[0].from_s, 8 * 3600);
  EXPECT_DOUBLE_EQ(o.facilities[0].arrivals, 24);
  EXPECT_TRUE(std::isnan(o.facilities[0].served));
  EXPECT_DOUBLE_EQ(o.facilities[0].queue, 1);
  EXPECT_DOUBLE_EQ(o.facilities[0].mean_wait_s, 200);
  // The road closes both directions (links 1 and 3) at 07:30 and reopens at 09:00; link 2 from
  // 25:00 for the rest of the day.
  ASSERT_EQ(o.closures.size(), 3u);
  EXPECT_EQ(o.closures[0].kind, scenario::DayEvent::Kind::CloseLinks);
  EXPECT_EQ(o.closures[0].links, (std::vector<net::LinkId>{1, 3}));
  EXPECT_DOUBLE_EQ(o.closures[0].at_s, 7.5 * 3600);
  EXPECT_EQ(o.closures[1].kind, scenario::DayEvent::Kind::ReopenLinks);
  EXPECT_DOUBLE_EQ(o.closures[1].at_s, 9 * 3600);
  EXPECT_EQ(o.closures[2].links, (std::vector<net::LinkId>{2}));
  EXPECT_DOUBLE_EQ(o.closures[2].at_s, 25 * 3600);
  EXPECT_EQ(o.closure_source,
            (std::vector<std::string>{dir + "/closures.csv:2", dir + "/closures.csv:2",
                                      dir + "/closures.csv:3"}));
}

TEST_F(ObservationsReader, CrlfAByteOrderMarkAndSpacesAreAccepted) {
  const std::string dir =
      folder("crlf", {{"stations.csv", "\xEF\xBB\xBFstation_id, link_id\r\nA , 2\r\n\r\n"}});
  const auto o = run::read_observations(dir, world_);
  ASSERT_EQ(o.stations.size(), 1u);
  EXPECT_EQ(o.stations[0].id, "A");
  EXPECT_EQ(o.stations[0].link, 2);
}

TEST_F(ObservationsReader, AGeoPackageStationSnapsToTheLinkOfItsHeading) {
  const std::string dir = folder("gpkg", {});
  // 5 m north of the middle of link 0 / link 2: heading east takes link 0, west link 2, and 100
  // degrees (within 45 of east) link 0 again.
  test::write_layer(dir + "/stations.gpkg", "GPKG", "stations", 32748,
                    {{"POINT (420050 9547005)", {{"station_id", "E"}, {"heading_deg", "90"}}},
                     {"POINT (420050 9547005)", {{"station_id", "W"}, {"heading_deg", "270"}}},
                     {"POINT (420150 9546997)", {{"station_id", "E2"}, {"heading_deg", "100"}}}});
  const auto o = run::read_observations(dir, world_);
  ASSERT_EQ(o.stations.size(), 3u);
  EXPECT_EQ(o.stations[0].link, 0);
  EXPECT_EQ(o.stations[1].link, 2);
  EXPECT_EQ(o.stations[2].link, 1);
  EXPECT_NEAR(o.stations[0].snap_distance_m, 5, 1e-6);
  EXPECT_NEAR(o.stations[2].snap_distance_m, 3, 1e-6);
  EXPECT_EQ(o.stations[0].how, "snapped");
  EXPECT_EQ(o.stations[1].source, dir + "/stations.gpkg:feature 2");
}

TEST_F(ObservationsReader, AGeoPackageStationTooFarFromARoadIsRefusedWithItsDistance) {
  const std::string dir = folder("far", {});
  test::write_layer(dir + "/stations.gpkg", "GPKG", "stations", 32748,
                    {{"POINT (420050 9547072.5)", {{"station_id", "N"}, {"heading_deg", "90"}}}});
  EXPECT_EQ(error_of(dir), dir +
                               "/stations.gpkg:feature 1: geometry: station 'N' is 72.5 m from "
                               "the nearest road heading within 45° of 90° (link 0); a station "
                               "must be within 50 m of one (the nearest road of any heading is "
                               "link 0, 72.5 m away)");
  const std::string north = folder("north", {});
  test::write_layer(north + "/stations.gpkg", "GPKG", "stations", 32748,
                    {{"POINT (420050 9547010)", {{"station_id", "N"}, {"heading_deg", "0"}}}});
  EXPECT_EQ(error_of(north), north +
                                 "/stations.gpkg:feature 1: geometry: station 'N' has no road "
                                 "heading within 45° of 0° (the nearest road of any heading is "
                                 "link 0, 10.0 m away); a station must be within 50 m of one");
  const std::string heading = folder("heading", {});
  test::write_layer(heading + "/stations.gpkg", "GPKG", "stations", 32748,
                    {{"POINT (420050 9547010)", {{"station_id", "N"}, {"heading_deg", "east"}}}});
  EXPECT_EQ(error_of(heading), heading +
                                   "/stations.gpkg:feature 1: heading_deg: expected a compass "
                                   "heading in degrees (0 to 360, 0 north, 90 east), got 'east'");
}

TEST_F(ObservationsReader, AFolderWithoutObservationsIsRefused) {
  EXPECT_EQ(error_of(path("none")), path("none") + ": the observations folder does not exist");
  const std::string dir = folder("empty", {{"notes.txt", "nothing"}});
  EXPECT_EQ(error_of(dir), dir +
                               ": the observations folder holds none of stations.csv, "
                               "stations.gpkg, counts.csv, travel_times.csv, facilities.csv, "
                               "closures.csv");
}

TEST_F(ObservationsReader, EveryBadInputNamesItsFileLineAndColumn) {
  const std::string stations = "station_id,link_id\nA,0\n";
  const std::string counts = "station_id,from,to,class,count\n";
  const std::string tt = "route_id,link_ids,from,to,mean_s\n";
  const std::string fac = "facility,from,to,arrivals,served,queue,mean_wait_s\n";
  struct Case {
    std::string file, text, expected;  // expected after "DIR/"
    bool with_stations = false;
  };
  const std::vector<Case> cases = {
      {"stations.csv", "station_id,link\nA,0\n",
       "stations.csv:1: header: expected the columns station_id,link_id; 'link' is not one of "
       "them"},
      {"stations.csv", "station_id\nA\n",
       "stations.csv:1: header: expected the columns station_id,link_id; 'link_id' is missing"},
      {"stations.csv", "",
       "stations.csv:1: header: expected the columns station_id,link_id; the file is empty"},
      {"stations.csv", "station_id,link_id\nA,99\n",
       "stations.csv:2: link_id: expected a link id of the network (0 to 3), got '99'"},
      {"stations.csv", "station_id,link_id\nA,0\nA,1\n",
       "stations.csv:3: station_id: station 'A' is already defined at DIR/stations.csv:2"},
      {"stations.csv", "station_id,link_id\n\"A,0\n",
       "stations.csv:2: a quoted field is not closed on its line"},
      {"counts.csv", counts + "B,07:00,08:00,all,5\n",
       "counts.csv:2: station_id: unknown station 'B' (not in stations.csv)", true},
      {"counts.csv", counts + "A,07:00,08:00,all,5\n",
       "counts.csv:2: station_id: unknown station 'A' (the folder has no stations.csv or "
       "stations.gpkg)"},
      {"counts.csv", counts + "A,07:00,31:00,all,5\n",
       "counts.csv:2: to: expected a time HH:MM from 00:00 to 30:00, got '31:00'", true},
      {"counts.csv", counts + "A,30:00,30:15,all,5\n",
       "counts.csv:2: to: expected a time HH:MM from 00:00 to 30:00, got '30:15'", true},
      {"counts.csv", counts + "A,7h,08:00,all,5\n",
       "counts.csv:2: from: expected a time HH:MM from 00:00 to 30:00, got '7h'", true},
      {"counts.csv", counts + "A,08:00,07:00,all,5\n",
       "counts.csv:2: to: expected a time after from (08:00), got '07:00'", true},
      {"counts.csv", counts + "A,07:10,08:00,all,5\n",
       "counts.csv:2: from: expected a quarter hour (intervals are whole multiples of 15 minutes), "
       "got '07:10'",
       true},
      {"counts.csv", counts + "A,07:00,07:20,all,5\n",
       "counts.csv:2: to: expected a quarter hour (intervals are whole multiples of 15 minutes), "
       "got '07:20'",
       true},
      {"counts.csv", counts + "A,07:00,08:00,bus,5\n",
       "counts.csv:2: class: expected one of motorcycle, car, angkot, ojek, all, got 'bus'", true},
      {"counts.csv", counts + "A,07:00,08:00,all,-3\n",
       "counts.csv:2: count: expected a number of vehicles (0 or more), got '-3'", true},
      {"counts.csv", counts + "A,07:00,08:00,all,many\n",
       "counts.csv:2: count: expected a number of vehicles (0 or more), got 'many'", true},
      {"counts.csv", counts + "A,07:00,08:00,all\n",
       "counts.csv:2: expected 5 fields (station_id,from,to,class,count), got 4", true},
      {"counts.csv", counts + "A,07:00,08:00,all,5\nA,07:00,08:00,all,6\n",
       "counts.csv:3: station_id: station 'A', 07:00-08:00, class all is already counted on "
       "line 2",
       true},
      {"travel_times.csv", tt + "R,1 0,07:00,08:00,60\n",
       "travel_times.csv:2: link_ids: expected consecutive links, but link 0 does not start "
       "where link 1 ends (node 2)"},
      {"travel_times.csv", tt + "R,0 x,07:00,08:00,60\n",
       "travel_times.csv:2: link_ids: expected a link id of the network (0 to 3), got 'x'"},
      {"travel_times.csv", tt + "R,0,07:00,08:00,0\n",
       "travel_times.csv:2: mean_s: expected a travel time in seconds (more than 0), got '0'"},
      {"facilities.csv", fac + "RSUD X,08:00,09:00,5,,,\n",
       "facilities.csv:2: facility: unknown facility 'RSUD X' (expected the exact name of a "
       "facility of the world)"},
      {"facilities.csv", fac + "Posyandu Mawar,08:00,09:00,5,,,\n",
       "facilities.csv:2: facility: 'Posyandu Mawar' names 2 facilities (rows 2, 3); expected a "
       "unique name"},
      {"facilities.csv", fac + "RSUD Ibnu Sutowo,08:00,09:00,,,,\n",
       "facilities.csv:2: arrivals: expected at least one of arrivals, served, queue, "
       "mean_wait_s"},
      {"facilities.csv", fac + "RSUD Ibnu Sutowo,08:00,09:00,,,,-1\n",
       "facilities.csv:2: mean_wait_s: expected a wait in seconds (0 or more), got '-1'"},
      {"facilities.csv", "facility,from,to,visitors\nRSUD Ibnu Sutowo,08:00,09:00,5\n",
       "facilities.csv:1: header: expected the columns "
       "facility,from,to,arrivals,served,queue,mean_wait_s; 'visitors' is not one of them"},
      {"closures.csv", "road,at,until\nJalan Tidak Ada,07:00,\n",
       "closures.csv:2: road: no road named 'Jalan Tidak Ada' in the network"},
      {"closures.csv", "link_ids,at,until\n0,09:00,08:00\n",
       "closures.csv:2: until: expected a time after at (09:00), got '08:00'"},
      {"closures.csv", "at,until\n09:00,10:00\n",
       "closures.csv:1: header: expected the columns link_ids,at,until or road,at,until; "
       "'link_ids' or 'road' is missing"},
      {"closures.csv", "link_ids,road,at\n0,Jalan Merdeka,09:00\n",
       "closures.csv:2: link_ids: expected either link ids or a road name"},
  };
  int n = 0;
  for (const auto& c : cases) {
    std::vector<std::pair<std::string, std::string>> files = {{c.file, c.text}};
    if (c.with_stations) files.emplace_back("stations.csv", stations);
    const std::string dir = folder("case" + std::to_string(n++), files);
    std::string expected = dir + "/" + c.expected;
    for (auto p = expected.find("DIR"); p != std::string::npos; p = expected.find("DIR"))
      expected.replace(p, 3, dir);
    EXPECT_EQ(error_of(dir), expected) << c.file << ":\n" << c.text;
  }
}

// Writing /observations and reading it back.
class ObservationsResults : public test::TempDir {};

TEST_F(ObservationsResults, RoundTripThroughTheResultsFile) {
  const auto net = line_network();
  const auto c =
      metrics::compare_observations(observations(), net, link_stats(), service_stats(), 0.5, 7200);
  {
    io::RunInfo info;
    info.scenario_name = "observations";
    info.sample_rate = 0.5;
    io::ResultsWriter w(path("r.h5"), info);
    w.write_observations(c);
    w.finish();
  }
  namespace o = results::observations;
  const results::Reader f(path("r.h5"));
  EXPECT_DOUBLE_EQ(f.number_attr_of(o::kGroup, results::attr::kUntilS, 0), 7200);
  EXPECT_EQ(f.strings(o::kStationsId), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(f.ints(o::kStationsLink), (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(f.strings(o::kStationsHow), (std::vector<std::string>{"link_id", "link_id"}));
  EXPECT_EQ(f.doubles(o::kStationsSnapDistanceM), (std::vector<double>{0, 0}));
  EXPECT_EQ(f.ints(o::kCountsStation), (std::vector<std::int64_t>{0, 0, 1, 1}));
  EXPECT_EQ(f.ints(o::kCountsFromS), (std::vector<std::int64_t>{0, 0, 0, 3600}));
  EXPECT_EQ(f.ints(o::kCountsToS), (std::vector<std::int64_t>{3600, 3600, 1800, 7200}));
  EXPECT_EQ(f.ints(o::kCountsClass), (std::vector<std::int64_t>{4, 0, 1, 4}));
  EXPECT_EQ(f.dataset_attr(o::kCountsClass, results::attr::kClasses),
            "motorcycle,car,angkot,ojek,all");
  EXPECT_EQ(f.doubles(o::kCountsObserved), (std::vector<double>{120, 50, 30, 10}));
  EXPECT_EQ(f.doubles(o::kCountsSimulated), (std::vector<double>{128, 80, 20, 80}));
  const auto geh = f.doubles(o::kCountsGeh);
  ASSERT_EQ(geh.size(), 4u);
  EXPECT_NEAR(geh[3], std::sqrt(9800.0 / 90.0), 1e-12);
  EXPECT_EQ(f.dataset_attr(o::kCountsObserved, results::attr::kUnits), "veh");
  EXPECT_EQ(f.strings(o::kCountsSource)[2], "counts.csv:4");
  EXPECT_EQ(f.strings(o::kTravelTimesRoute), (std::vector<std::string>{"R1", "R2"}));
  EXPECT_EQ(f.ints(o::kTravelTimesLinkOffset), (std::vector<std::int64_t>{0, 2, 3}));
  EXPECT_EQ(f.ints(o::kTravelTimesLinks), (std::vector<std::int64_t>{0, 1, 1}));
  EXPECT_EQ(f.doubles(o::kTravelTimesSimulatedS), (std::vector<double>{25, 30}));
  EXPECT_EQ(f.ints(o::kFacilitiesFacility), (std::vector<std::int64_t>{0, 0, 1}));
  const auto served = f.doubles(o::kFacilitiesObservedServed);
  ASSERT_EQ(served.size(), 3u);
  EXPECT_TRUE(std::isnan(served[0]));
  EXPECT_EQ(f.doubles(o::kFacilitiesSimulatedArrivals), (std::vector<double>{20, 4, 0}));
  EXPECT_DOUBLE_EQ(f.doubles(o::kFacilitiesSimulatedMeanWaitS)[0], 237.5);
  EXPECT_EQ(f.dataset_attr(o::kFacilitiesSimulatedMeanWaitS, results::attr::kUnits), "s");
  const auto names = f.strings(o::kSummaryKpiName);
  const auto values = f.doubles(o::kSummaryKpiValue);
  const auto units = f.strings(o::kSummaryKpiUnit);
  ASSERT_EQ(names.size(), c.summary.size());
  ASSERT_EQ(values.size(), c.summary.size());
  for (std::size_t k = 0; k < names.size(); ++k) {
    EXPECT_EQ(names[k], c.summary[k].name);
    EXPECT_DOUBLE_EQ(values[k], c.summary[k].value) << names[k];
    EXPECT_EQ(units[k], c.summary[k].unit);
  }
}

TEST_F(ObservationsResults, AnEmptyComparisonWritesEmptyTables) {
  metrics::ObservationComparison c;
  c.until_s = 0;
  c.summary = metrics::observation_kpis(c);
  {
    io::RunInfo info;
    io::ResultsWriter w(path("r.h5"), info);
    w.write_observations(c);
    w.finish();
  }
  namespace o = results::observations;
  const results::Reader f(path("r.h5"));
  EXPECT_TRUE(f.strings(o::kStationsId).empty());
  EXPECT_TRUE(f.doubles(o::kCountsGeh).empty());
  EXPECT_TRUE(f.ints(o::kTravelTimesLinks).empty());
  EXPECT_EQ(f.ints(o::kTravelTimesLinkOffset), (std::vector<std::int64_t>{0}));
  const auto values = f.doubles(o::kSummaryKpiValue);
  ASSERT_EQ(values.size(), 8u);
  EXPECT_DOUBLE_EQ(values[0], 0);
  EXPECT_TRUE(std::isnan(values[2]));
}

}  // namespace
