// The demand model on the default OKU data: plans are well formed, services and sampling do what
// they say, and results do not depend on the thread count.
#include <gtest/gtest.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>

#include "engine/scenario/demand.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

std::string scenario_file() {
  return test::oku_scenario_file();
}

scenario::Demand run(pop::PlanOptions o) {
  return test::oku_demand(o);
}

const test::OkuWorld& fixture() {
  return test::oku_world();
}

TEST(Demand, UrbanKelurahanAreDenserThanRuralDesa) {
  const auto d = run({.seed = 1, .sample_rate = 0.05});
  const auto& z = fixture().world.zones;
  double kel = 0, kel_a = 0, desa = 0, desa_a = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double n = static_cast<double>(d.zone_totals.male[i] + d.zone_totals.female[i]);
    if (z.level[i] == "kelurahan") {
      kel += n;
      kel_a += z.area_km2[i];
    } else if (z.parent[i] != "16.01.13" && z.parent[i] != "16.01.14") {
      desa += n;
      desa_a += z.area_km2[i];
    }
  }
  EXPECT_GT(kel / kel_a, 5 * desa / desa_a);
  EXPECT_EQ(d.population.num_persons(), 392649u);
}

TEST(Demand, EveryTourStartsAndEndsAtHomeInTimeOrder) {
  const auto d = run({.seed = 2, .sample_rate = 0.1});
  const auto& t = d.plans.trips;
  ASSERT_GT(t.size(), 10000u);
  std::size_t k = 0;
  while (k < t.size()) {
    std::size_t e = k;
    while (e + 1 < t.size() && t.person[e + 1] == t.person[k]) ++e;
    const auto h = d.population.household[t.person[k]];
    EXPECT_DOUBLE_EQ(t.origin_x[k], d.population.hh_x[h]);
    EXPECT_EQ(t.purpose[e], pop::Activity::Home);
    EXPECT_DOUBLE_EQ(t.dest_x[e], d.population.hh_x[h]);
    for (std::size_t j = k; j <= e; ++j) {
      EXPECT_EQ(t.seq[j], j - k);
      if (j > k) {
        EXPECT_DOUBLE_EQ(t.origin_x[j], t.dest_x[j - 1]);
        EXPECT_GE(t.depart_s[j], t.depart_s[j - 1]);
      }
      EXPECT_GT(t.distance_m[j], 0.0);
    }
    k = e + 1;
  }
}

TEST(Demand, SchoolsStartAt7AndCapacitiesHold) {
  const auto d = run({.seed = 3, .sample_rate = 0.2});
  const auto& t = d.plans.trips;
  std::size_t school = 0, on_time = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t.purpose[k] != pop::Activity::School) continue;
    ++school;
    on_time += t.depart_s[k] + t.free_time_s[k] <= 7 * 3600 + 1;
  }
  EXPECT_GT(school, 1000u);
  EXPECT_GT(static_cast<double>(on_time) / static_cast<double>(school), 0.97);
  EXPECT_EQ(d.plans.report.school_overflow, 0);
  // Zonasi with seats that grow to each school's catchment: pupils go to a school near home, not
  // across the regency once the generated local seats are taken. Measured p95 of the straight
  // line home-school: SD 6.5, SMP 9.1, SMA 15.5 km; without the catchment growth 6.1, 34.0 and
  // 41.9 km.
  const auto& f = fixture().world.facilities;
  const auto& pop = d.population;
  std::map<pop::Role, std::vector<double>> km;
  for (std::size_t i = 0; i < pop.num_persons(); ++i) {
    const auto s = d.plans.school_of[i];
    if (s < 0) continue;
    const auto h = pop.household[i];
    km[pop.role[i]].push_back(std::hypot(pop.hh_x[h] - f.x[s], pop.hh_y[h] - f.y[s]) / 1000);
  }
  auto p95 = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.at(v.size() * 95 / 100);
  };
  EXPECT_LT(p95(km[pop::Role::StudentSD]), 8.0);
  EXPECT_LT(p95(km[pop::Role::StudentSMP]), 12.0);
  EXPECT_LT(p95(km[pop::Role::StudentSMA]), 20.0);
}

TEST(Demand, OnlineShareRemovesCivilRegistryTrips) {
  auto count = [](const scenario::Demand& d) {
    std::int64_t n = 0;
    for (auto p : d.plans.trips.purpose) n += p == pop::Activity::CivilRegistry;
    return n;
  };
  const auto none = run({.seed = 4, .civil_registry_online = 0.0});
  const auto half = run({.seed = 4, .civil_registry_online = 0.5});
  const auto all = run({.seed = 4, .civil_registry_online = 1.0});
  EXPECT_GT(count(none), 100);
  EXPECT_EQ(none.plans.report.civil_registry_online, 0);
  EXPECT_EQ(count(all), 0);
  EXPECT_EQ(all.plans.report.civil_registry_online, none.plans.report.civil_registry_in_person);
  EXPECT_LT(count(half), count(none));
  EXPECT_GT(count(half), 0);
  EXPECT_EQ(half.plans.report.civil_registry_online + half.plans.report.civil_registry_in_person,
            none.plans.report.civil_registry_in_person);
  EXPECT_LT(half.plans.trips.size(), none.plans.trips.size());
}

TEST(Demand, SamplingKeepsAShareOfHouseholdsAndTheirTrips) {
  const auto full = run({.seed = 5, .sample_rate = 1.0});
  const auto tenth = run({.seed = 5, .sample_rate = 0.1});
  const double share = static_cast<double>(tenth.plans.report.households_sampled) /
                       static_cast<double>(full.plans.report.households_sampled);
  EXPECT_NEAR(share, 0.1, 0.005);
  EXPECT_NEAR(
      static_cast<double>(tenth.plans.trips.size()) / static_cast<double>(full.plans.trips.size()),
      0.1, 0.01);
}

TEST(Demand, MotorcyclesCarryMostVehicleTrips) {
  const auto d = run({.seed = 6, .sample_rate = 0.2});
  std::array<std::int64_t, pop::kModes> m{};
  for (auto x : d.plans.trips.mode) ++m[static_cast<int>(x)];
  const auto moto =
      m[static_cast<int>(pop::Mode::Motorcycle)] + m[static_cast<int>(pop::Mode::Ojek)];
  const auto car = m[static_cast<int>(pop::Mode::Car)];
  EXPECT_GT(static_cast<double>(moto) / static_cast<double>(moto + car), 0.83);
}

TEST(Demand, IdenticalForOneAndTwoThreads) {
  omp_set_num_threads(1);
  const auto one = run({.seed = 7, .sample_rate = 0.3});
  omp_set_num_threads(2);
  const auto two = run({.seed = 7, .sample_rate = 0.3});
  EXPECT_EQ(one.population.hh_x, two.population.hh_x);
  EXPECT_EQ(one.plans.trips.person, two.plans.trips.person);
  EXPECT_EQ(one.plans.trips.depart_s, two.plans.trips.depart_s);
  EXPECT_EQ(one.plans.trips.mode, two.plans.trips.mode);
  EXPECT_EQ(one.plans.trips.dest_x, two.plans.trips.dest_x);
  EXPECT_EQ(one.plans.school_of, two.plans.school_of);
}

}  // namespace

namespace {
TEST(Demand, EveryHomeIsOnTheNetworkInItsZoneAndTripsAreWithinTheDay) {
  const auto d = run({.seed = 8, .sample_rate = 0.05});
  const auto& zl = fixture().world.zone_links;
  const auto& pop = d.population;
  for (std::size_t h = 0; h < pop.num_households(); ++h) {
    const auto l = pop.hh_link[h];
    ASSERT_GE(l, 0);
    EXPECT_TRUE(zl.zone_of_link[l] == pop.hh_zone[h] || l == zl.anchor[pop.hh_zone[h]]) << h;
  }
  for (double t : d.plans.trips.depart_s) {
    EXPECT_GE(t, 3 * 3600.0);
    EXPECT_LE(t, 22 * 3600.0);
  }
}
}  // namespace

#include "engine/io/results.hpp"
#include "engine/results/reader.hpp"

namespace {
TEST(Run, WritesAResultsFileWithPopulationAndPlans) {
  const std::string out =
      ogan::test::scratch_dir() / ("ogan-test-run-" + std::to_string(::getpid()) + ".h5");
  std::string log;
  ASSERT_EQ(
      test::run_command(
          std::string(OGAN_EXE) + " run " + scenario_file() + " --sample 0.05 -o " + out, &log),
      0)
      << log;
  results::Reader f(out);
  std::map<std::string, double> kpi;
  for (const auto& k : f.kpis()) kpi[k.name] = k.value;
  EXPECT_EQ(kpi["population"], 392649);
  EXPECT_GT(kpi["trips"], 300000);
  const auto persons = results::read_vector<std::int64_t>(f.id(), "/population/zones/persons");
  ASSERT_EQ(persons.size(), 157u);
  EXPECT_EQ(std::accumulate(persons.begin(), persons.end(), std::int64_t{0}), 392649);
  std::vector<hsize_t> dims;
  results::read_vector<double>(f.id(), "/population/plans/trips_by_purpose_mode_hour", &dims);
  EXPECT_EQ(dims, (std::vector<hsize_t>{pop::kActivities, pop::kModes, 24}));
  EXPECT_EQ(results::read_vector<std::int8_t>(f.id(), "/population/persons/first_trip_mode").size(),
            392649u);
  EXPECT_EQ(f.attr("sample_rate"), "");  // a number, not a string
  // Map context (format 1.1): the 13 kecamatan with a label point inside each, and the river.
  const auto kec = results::read_strings(f.id(), "/context/kecamatan/name");
  ASSERT_EQ(kec.size(), 13u);
  EXPECT_NE(std::find(kec.begin(), kec.end(), "Baturaja Timur"), kec.end());
  const auto ring_offset =
      results::read_vector<std::uint32_t>(f.id(), "/context/kecamatan/geometry/ring_offset");
  ASSERT_EQ(ring_offset.size(), 14u);
  const auto lx = results::read_vector<double>(f.id(), "/context/kecamatan/label_x");
  const auto ly = results::read_vector<double>(f.id(), "/context/kecamatan/label_y");
  const auto zone_parent = results::read_strings(f.id(), "/zones/parent");
  const auto kec_code = results::read_strings(f.id(), "/context/kecamatan/code");
  const auto& world = test::oku_world().world;
  gis::ZoneLocator locate(world.zones);
  for (std::size_t k = 0; k < kec.size(); ++k) {
    const auto z = locate.zone_at(lx[k], ly[k]);
    ASSERT_GE(z, 0) << kec[k];
    EXPECT_EQ(zone_parent[static_cast<std::size_t>(z)], kec_code[k])
        << kec[k] << ": label outside its kecamatan";
  }
  const auto river_offset =
      results::read_vector<std::uint32_t>(f.id(), "/context/river/geometry_offset");
  ASSERT_GE(river_offset.size(), 2u);
  EXPECT_GT(river_offset.back(), 10u);
  std::filesystem::remove(out);
}
}  // namespace

namespace {
TEST(Run, PresentPopulationGridOpensInGdalWithTheRightExtent) {
  const std::string out =
      ogan::test::scratch_dir() / ("ogan-test-grid-" + std::to_string(::getpid()) + ".h5");
  std::string log;
  ASSERT_EQ(test::run_command(std::string(OGAN_EXE) + " run " + scenario_file() +
                                  " --sample 0.05 --iterations 1 -o " + out,
                              &log),
            0)
      << log;
  ASSERT_EQ(test::run_command("gdalinfo 'NETCDF:\"" + out + "\":/grids/present_population'", &log),
            0)
      << log;
  // The grid covers the zones' extent (the official polygons: 346,318-452,617 E,
  // 9,506,537-9,586,053 N) in 1 km cells.
  EXPECT_NE(log.find("Pixel Size = (1000.000000000000000,-1000.000000000000000)"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("Upper Left  (  346000.000, 9587000.000)"), std::string::npos) << log;
  EXPECT_NE(log.find("Lower Right (  453000.000, 9506000.000)"), std::string::npos) << log;
  EXPECT_NE(log.find("UTM zone 48S"), std::string::npos);
  // Everybody is somewhere: each interval sums to the population (scaled sample).
  results::Reader f(out);
  std::vector<hsize_t> dims;
  const auto g = results::read_vector<float>(f.id(), "/grids/present_population", &dims);
  ASSERT_EQ(dims.size(), 3u);
  const std::size_t cells = dims[1] * dims[2];
  for (std::size_t k : {0ul, 30ul, 95ul}) {
    double sum = 0;
    for (std::size_t c = 0; c < cells; ++c) sum += g[k * cells + c];
    EXPECT_NEAR(sum, 392649, 0.03 * 392649) << "interval " << k;
  }
  std::filesystem::remove(out);
}
}  // namespace
