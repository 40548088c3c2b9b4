// The KPIs of /summary recomputed from the datasets of the same results file (written by `ogan
// run` on the OKU data at a small sample), and `ogan compare` and `ogan validate` on the command
// line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include "engine/population/modes.hpp"
#include "engine/results/reader.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
namespace rp = ogan::results::path;

namespace {

std::string temp_path(const std::string& name) {
  return (ogan::test::scratch_dir() / ("ogan-kpis-" + name)).string();
}

// `ogan run` on the OKU test scenario at a 2 % sample, one iteration.
std::string run_oku(const std::string& name, const std::string& extra = "") {
  const std::string out = temp_path(name);
  std::string log;
  const int rc = test::run_command(std::string(OGAN_EXE) + " run " + test::oku_scenario_file() +
                                       " --sample 0.02 --iterations 1 --seed 5 --threads 2 " +
                                       extra + " -o " + out,
                                   &log);
  EXPECT_EQ(rc, 0) << log;
  return out;
}

std::map<std::string, double> kpi_map(const results::Reader& f) {
  std::map<std::string, double> m;
  for (const auto& k : f.kpis()) m[k.name] = k.value;
  return m;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, sep)) out.push_back(x);
  return out;
}

// Relative comparison with a floor of 1 for values near 0.
void expect_close(double actual, double expected, const std::string& kpi, double rel = 1e-9) {
  EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::abs(expected))) << kpi;
}

// With public transport, /traffic/trips says how each trip went (results format 1.4): a rider
// has no vehicle of its own, an angkot trip that rode no line went by ojek, every other trip by
// its planned mode; the riders are the pt_passenger_trips KPI.
TEST(Kpis, TransitRidersHaveNoVehicleAndAngkotTripsWithoutALineGoByOjek) {
  const std::string path = run_oku("transit.h5", std::string("--set transit.path=") +
                                                     OGAN_SOURCE_DIR + "/data/transit/lines.yaml");
  const results::Reader f(path);
  auto k = kpi_map(f);
  const double r = f.number_attr(results::attr::kSampleRate, -1);
  const auto planned = f.ints(rp::kPlansTripMode), travelled = f.ints(rp::kTripsMode);
  const auto transit = f.ints(rp::kTripsTransit);
  ASSERT_EQ(planned.size(), travelled.size());
  ASSERT_EQ(planned.size(), transit.size());
  std::int64_t riders = 0, by_ojek = 0;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    if (static_cast<pop::Mode>(planned[i]) != pop::Mode::Angkot) {
      EXPECT_EQ(travelled[i], planned[i]) << i;
      EXPECT_EQ(transit[i], 0) << i;
      continue;
    }
    riders += transit[i];
    by_ojek += !transit[i];
    EXPECT_EQ(static_cast<pop::Mode>(travelled[i]),
              transit[i] ? pop::Mode::Angkot : pop::Mode::Ojek)
        << i;
  }
  EXPECT_GT(riders, 50);
  EXPECT_GT(by_ojek, 50);
  expect_close(k.at("pt_passenger_trips"), static_cast<double>(riders) / r, "pt_passenger_trips");
}

TEST(Kpis, EveryKpiIsTheFormulaOfItsDefinitionAppliedToTheFilesOwnDatasets) {
  const std::string path = run_oku("a.h5");
  const results::Reader f(path);
  auto k = kpi_map(f);
  auto kpi = [&](const std::string& name) {
    EXPECT_TRUE(k.count(name)) << "no KPI " << name;
    return k[name];
  };
  const double r = f.number_attr(results::attr::kSampleRate, -1);
  ASSERT_DOUBLE_EQ(r, 0.02);

  // Population and plans.
  EXPECT_EQ(kpi("population"), static_cast<double>(f.ints(rp::kPersonsHousehold).size()));
  EXPECT_EQ(kpi("households"), static_cast<double>(f.ints(rp::kHouseholdsSize).size()));
  const auto mode = f.ints(rp::kPlansTripMode), purpose = f.ints(rp::kPlansTripPurpose);
  const auto dist = f.doubles(rp::kPlansTripDistanceM);
  const auto K = static_cast<double>(mode.size());
  ASSERT_GT(K, 10000);
  expect_close(kpi("trips"), K / r, "trips");
  expect_close(kpi("mean_trip_distance"), std::accumulate(dist.begin(), dist.end(), 0.0) / K / 1000,
               "mean_trip_distance");
  double vkm = 0, shares = 0, civil = 0, escorted = 0;
  std::vector<double> by_mode(pop::kModes, 0.0);
  for (std::size_t i = 0; i < mode.size(); ++i) {
    const auto m = static_cast<pop::Mode>(mode[i]);
    by_mode[mode[i]] += 1;
    if (pop::mode_info(m).on_network) vkm += dist[i] / 1000;
    civil += static_cast<pop::Activity>(purpose[i]) == pop::Activity::CivilRegistry;
    escorted += static_cast<pop::Activity>(purpose[i]) == pop::Activity::School &&
                m == pop::Mode::Passenger;
  }
  expect_close(kpi("planned_vehicle_km"), vkm / r, "planned_vehicle_km");
  for (int m = 0; m < pop::kModes; ++m) {
    const std::string name =
        "mode_share_" + std::string(pop::mode_info(static_cast<pop::Mode>(m)).name);
    expect_close(kpi(name), by_mode[m] / K, name);
    shares += kpi(name);
  }
  expect_close(shares, 1.0, "mode shares sum to 1", 1e-12);
  expect_close(kpi("civil_registry_visits_in_person"), civil / r,
               "civil_registry_visits_in_person");
  expect_close(kpi("escorted_school_children"), escorted / r, "escorted_school_children");
  EXPECT_EQ(kpi("civil_registry_services_online"), 0.0);  // nothing is online in the baseline

  // Traffic: the last iteration, from the per-trip results.
  const auto status = f.ints(rp::kTripsStatus), stuck = f.ints(rp::kTripsStuck);
  const auto dep = f.doubles(rp::kTripsDepartS), arr = f.doubles(rp::kTripsArrivalS);
  const auto route_m = f.doubles(rp::kTripsDistanceM), free_s = f.doubles(rp::kTripsFreeTimeS);
  ASSERT_EQ(status.size(), mode.size());
  double km = 0, tt = 0, delay = 0, arrived = 0, en_route = 0, cancelled = 0, stuck_n = 0;
  for (std::size_t i = 0; i < status.size(); ++i) {
    stuck_n += stuck[i] != 0;
    if (status[i] == 1) ++en_route;
    if (status[i] == 4) ++cancelled;
    if (status[i] != 2) continue;
    ++arrived;
    km += route_m[i] / 1000;
    tt += arr[i] - dep[i];
    delay += std::max(0.0, arr[i] - dep[i] - free_s[i]);
  }
  ASSERT_GT(arrived, 1000);
  expect_close(kpi("vehicle_km"), km / r, "vehicle_km");
  expect_close(kpi("vehicle_hours"), tt / 3600 / r, "vehicle_hours");
  expect_close(kpi("total_delay"), delay / 3600 / r, "total_delay");
  expect_close(kpi("mean_network_travel_time"), tt / arrived / 60, "mean_network_travel_time");
  expect_close(kpi("mean_network_speed"), kpi("vehicle_km") / kpi("vehicle_hours"),
               "mean_network_speed");
  expect_close(kpi("mean_network_speed"), km / (tt / 3600), "mean_network_speed from the trips");
  EXPECT_EQ(kpi("vehicles_en_route_at_end"), en_route);
  EXPECT_EQ(kpi("stuck_vehicles"), stuck_n) << "vehicles forced past a blocked link (trips/stuck)";
  expect_close(kpi("cancelled_trips"), cancelled / r, "cancelled_trips");
  // The iteration table's last row is the KPIs' iteration.
  const auto gaps = f.doubles(rp::kIterRelativeGap);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(kpi("relative_gap"), gaps.back());
  EXPECT_EQ(kpi("vehicle_km"), f.doubles(rp::kIterVehicleKm).back());
  EXPECT_EQ(kpi("vehicle_hours"), f.doubles(rp::kIterVehicleH).back());
  EXPECT_EQ(kpi("total_delay"), f.doubles(rp::kIterTotalDelayH).back());
  const double peak = kpi("peak_hour");
  ASSERT_GE(peak, 0);
  ASSERT_LT(peak, 24);
  EXPECT_EQ(peak, std::floor(peak));
  expect_close(kpi("peak_hour_mean_speed"),
               f.doubles(rp::kNetworkMeanSpeedByHourKmh)[static_cast<std::size_t>(peak)],
               "peak_hour_mean_speed is the network speed of the peak hour");

  // Services: sums over the queueing facilities of each type, already scaled in /services/day.
  const auto type = f.strings(rp::kFacilitiesType);
  const auto servers = f.doubles(rp::kFacilitiesServers);
  const auto arrivals = f.doubles(rp::kDayArrivals), away = f.doubles(rp::kDayTurnedAway);
  const auto served = f.doubles(rp::kDayServed), wait = f.doubles(rp::kDayMeanWaitS);
  std::map<std::string, double> visits, turned, wait_sum, served_sum;
  double unmet = 0;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (servers[i] <= 0) continue;
    visits[type[i]] += arrivals[i];
    turned[type[i]] += away[i];
    wait_sum[type[i]] += wait[i] * served[i];
    served_sum[type[i]] += served[i];
    unmet += away[i];
  }
  ASSERT_TRUE(visits.count("puskesmas"));
  ASSERT_TRUE(visits.count("hospital"));
  for (const auto& [t, v] : visits) {
    // Counted visitors of the sample, each worth 1 / sample_rate.
    expect_close(kpi("visits_" + t), v, "visits_" + t, 1e-6);
    expect_close(kpi("visits_" + t) * r, std::round(kpi("visits_" + t) * r),
                 "visits_" + t + " x sample rate is a count", 1e-6);
    expect_close(kpi("turned_away_" + t), turned[t], "turned_away_" + t, 1e-6);
    expect_close(kpi("turned_away_" + t) * r, std::round(kpi("turned_away_" + t) * r),
                 "turned_away_" + t + " x sample rate", 1e-6);
    expect_close(kpi("mean_wait_" + t), served_sum[t] > 0 ? wait_sum[t] / served_sum[t] / 60 : 0,
                 "mean_wait_" + t, 1e-5);
  }
  expect_close(kpi("unmet_service_demand"), unmet, "unmet_service_demand", 1e-6);
  EXPECT_GT(kpi("visits_puskesmas"), 0);
  // The planned puskesmas visits are the most that can arrive.
  double planned_puskesmas = 0;
  for (auto p : purpose)
    planned_puskesmas += static_cast<pop::Activity>(p) == pop::Activity::Puskesmas;
  EXPECT_LE(kpi("visits_puskesmas"), planned_puskesmas / r + 1e-6);

  // Accessibility: residents within 30 min of a puskesmas, weighted by each zone's residents.
  const auto types = split(f.dataset_attr(rp::kAccShareWithin30min, results::attr::kTypes), ',');
  const auto it = std::find(types.begin(), types.end(), "puskesmas");
  ASSERT_NE(it, types.end()) << f.dataset_attr(rp::kAccShareWithin30min, results::attr::kTypes);
  const auto T = types.size(), col = static_cast<std::size_t>(it - types.begin());
  const auto persons = f.doubles(rp::kPopZonesPersons);
  const auto share30 = f.doubles(rp::kAccShareWithin30min),
             walk30 = f.doubles(rp::kAccWalkShareWithin30min);
  ASSERT_EQ(share30.size(), persons.size() * T);
  double in30 = 0, on_foot = 0, total = 0;
  for (std::size_t z = 0; z < persons.size(); ++z) {
    in30 += persons[z] * share30[z * T + col];
    on_foot += persons[z] * walk30[z * T + col];
    total += persons[z];
  }
  EXPECT_EQ(total, kpi("population"));
  expect_close(kpi("share_within_30min_puskesmas"), in30 / total, "share_within_30min_puskesmas");
  expect_close(kpi("share_within_30min_walk_puskesmas"), on_foot / total,
               "share_within_30min_walk_puskesmas");
  std::filesystem::remove(path);
}

class CompareCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    a_ = run_oku("base.h5");
    b_ = run_oku("wfh.h5", "--set demand.work_from_home=1");
  }
  static void TearDownTestSuite() {
    std::filesystem::remove(a_);
    std::filesystem::remove(b_);
  }
  // The output of `ogan compare A B --format F -o FILE`, read back from FILE.
  static std::string compare(const std::string& format) {
    const std::string file = temp_path("compare." + format);
    std::string log;
    EXPECT_EQ(test::run_command(std::string(OGAN_EXE) + " compare " + a_ + " " + b_ + " --format " +
                                    format + " -o " + file,
                                &log),
              0)
        << log;
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::filesystem::remove(file);
    return ss.str();
  }
  static std::string a_, b_;
};
std::string CompareCli::a_, CompareCli::b_;

TEST_F(CompareCli, CsvJsonAndTableShowBothFilesValuesAndTheirDifference) {
  const auto ka = results::Reader(a_).kpis();
  const auto kb = kpi_map(results::Reader(b_));
  ASSERT_EQ(ka.size(), kb.size());
  ASSERT_NE(kb.at("trips"),
            kpi_map(results::Reader(a_)).at("trips"));  // the runs differ: fewer trips at home

  // CSV: one row per KPI of A, in A's order, values printed in full.
  std::string out = compare("csv");
  auto lines = split(out, '\n');
  ASSERT_EQ(lines.size(), ka.size() + 1) << out;
  EXPECT_EQ(lines[0], "kpi,unit,base,policy,delta,delta_percent");
  for (std::size_t i = 0; i < ka.size(); ++i) {
    const auto c = split(lines[i + 1] + ",", ',');
    ASSERT_GE(c.size(), 5u) << lines[i + 1];
    EXPECT_EQ(c[0], ka[i].name);
    EXPECT_EQ(c[1], ka[i].unit);
    const double base = std::stod(c[2]), policy = std::stod(c[3]), delta = std::stod(c[4]);
    EXPECT_EQ(base, ka[i].value) << ka[i].name;
    EXPECT_EQ(policy, kb.at(ka[i].name)) << ka[i].name;
    EXPECT_EQ(delta, kb.at(ka[i].name) - ka[i].value) << ka[i].name;
    if (ka[i].value != 0 && c.size() > 5 && !c[5].empty()) {
      EXPECT_NEAR(std::stod(c[5]), 100 * delta / std::abs(ka[i].value),
                  1e-9 * std::max(1.0, std::abs(std::stod(c[5]))))
          << ka[i].name;
    }
  }

  // JSON: the same numbers in full.
  const std::string j = compare("json");
  for (const auto& x : ka) {
    const std::string key =
        "{\"kpi\": \"" + x.name + "\", \"unit\": \"" + x.unit + "\", \"base\": ";
    const auto p = j.find(key);
    ASSERT_NE(p, std::string::npos) << x.name << "\n" << j;
    std::istringstream row(j.substr(p + key.size()));
    double base = 0, policy = 0, delta = 0;
    std::string label;
    row >> base;
    row.ignore(2);  // ", "
    row >> label >> policy;
    row.ignore(2);
    row >> label >> delta;
    EXPECT_EQ(label, "\"delta\":") << x.name;
    EXPECT_EQ(base, x.value) << x.name;
    EXPECT_EQ(policy, kb.at(x.name)) << x.name;
    EXPECT_EQ(delta, kb.at(x.name) - x.value) << x.name;
  }

  // Table: 6 significant digits.
  out = compare("table");
  lines = split(out, '\n');
  ASSERT_EQ(lines.size(), ka.size() + 1) << out;
  for (std::size_t i = 0; i < ka.size(); ++i) {
    std::istringstream row(lines[i + 1]);
    std::string name;
    double base = 0, policy = 0, delta = 0;
    row >> name >> base >> policy >> delta;
    EXPECT_EQ(name, ka[i].name);
    const double b = kb.at(ka[i].name);
    EXPECT_NEAR(base, ka[i].value, 1e-5 * std::abs(ka[i].value)) << name;
    EXPECT_NEAR(policy, b, 1e-5 * std::abs(b)) << name;
    EXPECT_NEAR(delta, b - ka[i].value, 1e-5 * std::abs(b - ka[i].value)) << name;
  }
}

TEST_F(CompareCli, AMissingFileIsExit2AndNamed) {
  const std::string missing = temp_path("nowhere.h5");
  std::string out;
  EXPECT_EQ(test::run_command(std::string(OGAN_EXE) + " compare " + a_ + " " + missing, &out), 2);
  EXPECT_NE(out.find(missing), std::string::npos) << out;
  EXPECT_EQ(test::run_command(
                std::string(OGAN_EXE) + " compare " + missing + " " + b_ + " --format csv", &out),
            2);
  EXPECT_NE(out.find(missing), std::string::npos) << out;
}

class ValidateCli : public test::TempDir {};

TEST_F(ValidateCli, AGoodScenarioIsExit0) {
  std::string out;
  EXPECT_EQ(
      test::run_command(std::string(OGAN_EXE) + " validate " + test::oku_scenario_file(), &out), 0)
      << out;
  EXPECT_NE(out.find("valid"), std::string::npos) << out;
}

TEST_F(ValidateCli, ABadScenarioIsExit2WithEveryProblemAsFileLineKeyWhat) {
  const std::string f = path("bad.yaml");
  test::write_text(f,
                   "extends: " + test::oku_scenario_file() +
                       "\n"  // line 1
                       "demand:\n"
                       "  sampel_rate: 0.5\n"   // line 3: typo
                       "  work_from_home: 2\n"  // line 4: out of range
                       "traffic:\n"
                       "  iterations: 0\n"  // line 6: out of range
                       "services:\n"
                       "  choice: {hospital: cheapest}\n"  // line 8: not a choice
                       "policies:\n"
                       "  - type: close_bridge_please\n");  // line 10: unknown policy
  std::string out;
  EXPECT_EQ(test::run_command(std::string(OGAN_EXE) + " validate " + f, &out), 2) << out;
  const std::vector<std::string> expected = {
      f + ":3: demand.sampel_rate: unknown key (did you mean 'sample_rate'?)",
      f + ":4: demand.work_from_home: 2 is out of range [0, 1]",
      f + ":6: traffic.iterations: 0 is out of range",
      f + ":8: services.choice.hospital: 'cheapest' is not one of nearest, catchment, logit",
      f + ":10: policies[0].type: unknown policy 'close_bridge_please'",
  };
  for (const auto& e : expected)
    EXPECT_NE(out.find(e), std::string::npos) << "missing: " << e << "\n" << out;
  // Every problem on a line of its own, and no other.
  std::size_t problems = 0;
  for (const auto& line : split(out, '\n')) problems += line.find(f + ":") != std::string::npos;
  EXPECT_EQ(problems, expected.size()) << out;
  // --set problems are named as such, after the file's.
  EXPECT_EQ(test::run_command(std::string(OGAN_EXE) + " validate " + test::oku_scenario_file() +
                                  " --set traffic.replan_share=3",
                              &out),
            2);
  EXPECT_NE(out.find("--set traffic.replan_share: 3 is out of range"), std::string::npos) << out;
}

}  // namespace
