// Metrics computed from what the simulation produced, on hand-made statistics.
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <memory>

#include "engine/metrics/present_population.hpp"
#include "engine/metrics/services.hpp"
#include "engine/metrics/traffic.hpp"

using namespace ogan;

namespace {

// Two links over a day of 96 quarter hours: a 1 km link that carried traffic in the first
// interval, and a 500 m link nobody left.
traffic::LinkStats two_links() {
  traffic::LinkStats s;
  s.intervals = 96;
  s.links = 2;
  const std::size_t cells = 96 * 2;
  s.volume_veh.assign(cells * 4, 0);
  s.volume_pcu.assign(cells, 0);
  s.travel_time_sum_s.assign(cells, 0);
  s.exits.assign(cells, 0);
  s.queue_pcu.assign(cells, 0);
  s.volume_veh[0 * 4 + 0] = 90;  // interval 0, link 0: 90 motorcycles and 10 cars entered
  s.volume_veh[0 * 4 + 1] = 10;
  s.volume_pcu[0] = 45;
  s.exits[0] = 10;
  s.travel_time_sum_s[0] = 10 * 100.0;  // each took 100 s: 10 m/s
  s.queue_pcu[0] = 3;
  s.volume_pcu[1] = 12;  // link 1 entered but nobody left it
  return s;
}

TEST(Metrics, LinkSpeedIsLengthOverMeanTravelTimeAndVcIsHourlyPcuOverCapacity) {
  const auto s = two_links();
  const auto m = metrics::link_interval_metrics(s, {1000.0, 500.0}, {1800.0, 900.0}, 0.5);
  EXPECT_EQ(m.intervals, 96);
  EXPECT_EQ(m.links, 2u);
  ASSERT_EQ(m.volume_pcu.size(), 192u);
  ASSERT_EQ(m.volume_veh.size(), 192u * 4);
  // Volumes and queues are scaled to the full population (sample rate 0.5).
  EXPECT_FLOAT_EQ(m.volume_veh[0], 180);
  EXPECT_FLOAT_EQ(m.volume_veh[1], 20);
  EXPECT_FLOAT_EQ(m.volume_pcu[0], 90);
  EXPECT_FLOAT_EQ(m.queue_pcu[0], 6);
  EXPECT_FLOAT_EQ(m.mean_travel_time_s[0], 100);
  EXPECT_FLOAT_EQ(m.mean_speed_mps[0], 10);
  // 90 pcu in a quarter hour is 360 pcu/h on 1800 pcu/h.
  EXPECT_FLOAT_EQ(m.volume_capacity[0], 0.2f);
  // Nobody left link 1: no speed and no travel time, but its v/c counts what entered.
  EXPECT_FLOAT_EQ(m.mean_speed_mps[1], 0);
  EXPECT_FLOAT_EQ(m.mean_travel_time_s[1], 0);
  EXPECT_FLOAT_EQ(m.volume_capacity[1], static_cast<float>(24.0 * 4 / 900));
  // An empty interval is all zeros.
  EXPECT_FLOAT_EQ(m.volume_capacity[2], 0);
  EXPECT_FLOAT_EQ(m.mean_speed_mps[2], 0);
}

TEST(Metrics, NetworkSpeedByHourIsLinkKmOverLinkHours) {
  auto s = two_links();
  // Hour 1 (interval 5): 4 vehicles left the 500 m link in 90 s each.
  s.exits[5 * 2 + 1] = 4;
  s.travel_time_sum_s[5 * 2 + 1] = 4 * 90.0;
  const auto hourly = metrics::hourly_km_hours(s, {1000.0, 500.0});
  ASSERT_EQ(hourly.size(), 24u);
  EXPECT_DOUBLE_EQ(hourly[0].first, 10.0);
  EXPECT_DOUBLE_EQ(hourly[0].second, 1000.0 / 3600);
  EXPECT_DOUBLE_EQ(hourly[1].first, 2.0);
  const auto speed = metrics::mean_speed_by_hour_kmh(s, {1000.0, 500.0});
  ASSERT_EQ(speed.size(), 24u);
  EXPECT_DOUBLE_EQ(speed[0], 36.0);
  EXPECT_DOUBLE_EQ(speed[1], 2.0 / (360.0 / 3600));
  EXPECT_DOUBLE_EQ(speed[2], 0.0);  // no traffic: 0, not NaN
}

TEST(Metrics, FacilityWaitsAreMeansOfServedVisitorsAndCountsAreScaled) {
  svc::ServiceStats s;
  s.intervals = 2;
  s.facilities = 2;
  s.arrivals = {4, 0, 6, 1};  // [T][F]
  s.served = {4, 0, 5, 0};
  s.turned_away = {0, 0, 1, 1};
  s.wait_sum_s = {400, 0, 1500, 0};
  s.wait_p95_s = {150, 0, 600, 0};
  s.queue = {1, 0, 0, 0};
  s.utilisation = {0.5f, 0, 0.75f, 0};
  s.wait_histogram.assign(2 * svc::kWaitBins, 0);
  s.wait_histogram[0] = 4;
  std::vector<std::optional<svc::FacilityParams>> params(2);
  params[0] = svc::FacilityParams{};
  params[0]->servers = 3;
  const auto m = metrics::facility_metrics(s, params, 0.25);
  EXPECT_EQ(m.arrivals, (std::vector<float>{16, 0, 24, 4}));
  EXPECT_EQ(m.turned_away, (std::vector<float>{0, 0, 4, 4}));
  EXPECT_EQ(m.queue, (std::vector<float>{4, 0, 0, 0}));
  // Mean waits are per served visitor, unscaled; 0 where nobody was served.
  EXPECT_EQ(m.mean_wait_s, (std::vector<float>{100, 0, 300, 0}));
  EXPECT_EQ(m.p95_wait_s, s.wait_p95_s);
  EXPECT_EQ(m.day_arrivals, (std::vector<float>{40, 4}));
  EXPECT_EQ(m.day_served, (std::vector<float>{36, 0}));
  EXPECT_FLOAT_EQ(m.day_mean_wait_s[0], 1900.0f / 9);
  EXPECT_FLOAT_EQ(m.day_mean_wait_s[1], 0);
  EXPECT_FLOAT_EQ(m.wait_histogram[0], 16);
  EXPECT_EQ(m.servers, (std::vector<std::int32_t>{3, 0}));
}

TEST(Metrics, NoFacilitiesGiveNoFacilityMetrics) {
  svc::ServiceStats s;
  const auto m = metrics::facility_metrics(s, {}, 1.0);
  EXPECT_EQ(m.facilities, 0u);
  EXPECT_TRUE(m.arrivals.empty());
  EXPECT_TRUE(m.servers.empty());
}

TEST(Metrics, ThePresentPopulationGridCoversThePolygonsInWholeCells) {
  std::vector<std::unique_ptr<OGRGeometry>> polygons;
  for (const char* wkt :
       {"POLYGON ((348250 9507400, 400000 9507400, 400000 9560000, 348250 9507400))",
        "POLYGON ((400000 9550000, 452250 9550000, 452250 9586300, 400000 9550000))"}) {
    OGRGeometry* g = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE);
    polygons.emplace_back(g);
  }
  const auto grid = metrics::grid_over(polygons, 1000);
  EXPECT_DOUBLE_EQ(grid.x0, 348000);
  EXPECT_DOUBLE_EQ(grid.y0, 9507000);
  EXPECT_EQ(grid.nx, 105u);  // 348,000-453,000
  EXPECT_EQ(grid.ny, 80u);   // 9,507,000-9,587,000
}

}  // namespace
