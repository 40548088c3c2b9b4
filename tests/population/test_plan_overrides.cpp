// `population.overrides` reach the daily-plan model, and bad ones stop `ogan` with exit code 2.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

namespace ogan {
namespace {

scenario::Demand demand_with(const pop::AssumptionOverrides& overrides, pop::PlanOptions options) {
  scenario::WorldConfig cfg = test::oku_world().cfg;
  cfg.assumption_overrides = overrides;
  return scenario::build_demand(test::oku_world().world, cfg, options);
}

TEST(PlanOverrides, ShiftingTheGovernmentStartMovesOnlyGovernmentWorkersDepartures) {
  const pop::PlanOptions options{.seed = 11, .sample_rate = 0.05};
  const auto base = demand_with({}, options);
  const auto later = demand_with({{"work_timing.government.start_h", "7.75", "--set", 0}}, options);
  const auto& pop = base.population;
  const auto& a = base.plans.trips;
  const auto& b = later.plans.trips;
  // Households with a government worker may also change their escorts (an escort must start
  // work after classes start), and so their number of trips; every other household's trips are
  // bit-identical.
  std::set<std::int32_t> gov_households;
  for (std::size_t i = 0; i < pop.num_persons(); ++i) {
    if (pop.sector[i] == pop::Sector::Government) gov_households.insert(pop.household[i]);
  }
  using Trip = std::tuple<double, double, int>;  // departure, destination x, mode
  auto by_person = [&](const pop::Trips& t) {
    std::map<std::int32_t, std::vector<Trip>> m;
    for (std::size_t k = 0; k < t.size(); ++k)
      if (!gov_households.count(pop.household[t.person[k]]))
        m[t.person[k]].emplace_back(t.depart_s[k], t.dest_x[k], static_cast<int>(t.mode[k]));
    return m;
  };
  const auto others_a = by_person(a), others_b = by_person(b);
  EXPECT_EQ(others_a, others_b);
  std::size_t identical = 0;
  for (const auto& [i, v] : others_a) identical += v.size();
  std::map<std::int32_t, double> work_depart_a, work_depart_b;  // person -> direct trip to work
  auto first_work = [&](const pop::Trips& t, std::map<std::int32_t, double>& m) {
    for (std::size_t k = 0; k < t.size(); ++k) {
      const auto i = t.person[k];
      if (pop.sector[i] == pop::Sector::Government && t.seq[k] == 0 &&
          t.purpose[k] == pop::Activity::Work)
        m[i] = t.depart_s[k];
    }
  };
  first_work(a, work_depart_a);
  first_work(b, work_depart_b);
  EXPECT_GT(identical, a.size() / 2);
  std::size_t shifted = 0;
  for (const auto& [i, d] : work_depart_a) {
    if (!work_depart_b.count(i)) continue;
    EXPECT_NEAR(work_depart_b[i] - d, 900.0, 1e-6) << "person " << i;
    ++shifted;
  }
  EXPECT_GT(shifted, 500u);
  EXPECT_GE(shifted, work_depart_a.size() * 99 / 100);
}

int ogan_validate(const std::string& sets, std::string* out) {
  return test::run_command(
      std::string(OGAN_EXE) + " validate " + test::oku_scenario_file() + " " + sets, out);
}

TEST(PlanOverrides, ValidateAcceptsAnOverrideAndRejectsBadOnesNamingTheKey) {
  std::string out;
  EXPECT_EQ(ogan_validate("--set population.overrides.work_timing.government.start_h=7.75", &out),
            0)
      << out;
  EXPECT_EQ(ogan_validate("--set population.overrides.work_timing.goverment.start_h=7.75", &out), 2)
      << out;
  EXPECT_NE(
      out.find("--set population.overrides.work_timing.goverment.start_h: unknown key 'goverment'"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("did you mean 'government'?"), std::string::npos) << out;
  EXPECT_EQ(ogan_validate("--set population.overrides.market.probability.homemaker=1.4", &out), 2)
      << out;
  EXPECT_NE(
      out.find(
          "--set population.overrides.market.probability.homemaker: 1.4 is out of range [0, 1]"),
      std::string::npos)
      << out;
}

}  // namespace
}  // namespace ogan
