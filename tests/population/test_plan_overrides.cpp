// `population.overrides` reach the daily-plan model, and bad ones stop `ogan` with exit code 2.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

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
  ASSERT_EQ(a.size(), b.size());
  // Households with a government worker may also change their escorts (an escort must start
  // work after classes start); every other household's trips are bit-identical.
  std::set<std::int32_t> gov_households;
  for (std::size_t i = 0; i < pop.num_persons(); ++i) {
    if (pop.sector[i] == pop::Sector::Government) gov_households.insert(pop.household[i]);
  }
  std::map<std::int32_t, double> work_depart_a, work_depart_b;  // person -> direct trip to work
  std::size_t identical = 0;
  for (std::size_t t = 0; t < a.size(); ++t) {
    ASSERT_EQ(a.person[t], b.person[t]);
    const auto i = a.person[t];
    if (!gov_households.count(pop.household[i])) {
      EXPECT_EQ(a.depart_s[t], b.depart_s[t]);
      EXPECT_EQ(a.dest_x[t], b.dest_x[t]);
      EXPECT_EQ(a.mode[t], b.mode[t]);
      ++identical;
    }
    if (pop.sector[i] != pop::Sector::Government || a.seq[t] != 0) continue;
    if (a.purpose[t] == pop::Activity::Work) work_depart_a[i] = a.depart_s[t];
    if (b.purpose[t] == pop::Activity::Work) work_depart_b[i] = b.depart_s[t];
  }
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
