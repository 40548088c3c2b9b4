// The option registry is the one source of defaults and the reader of scenarios.
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/scenario/options.hpp"
#include "engine/scenario/world.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
using namespace ogan::scenario;

namespace {

// The structs keep initial values for code that builds them directly (tests, benchmarks); they
// must be the registry's documented defaults.
TEST(OptionRegistry, DefaultsEqualTheInitialValuesOfTheConfigStructs) {
  const WorldConfig c = registry_defaults();
  const pop::PlanOptions plans;
  EXPECT_EQ(c.plans.seed, plans.seed);
  EXPECT_EQ(c.plans.sample_rate, plans.sample_rate);
  EXPECT_EQ(c.plans.civil_registry_online, plans.civil_registry_online);
  EXPECT_EQ(c.plans.school_zonasi, plans.school_zonasi);
  EXPECT_EQ(c.plans.work_from_home, plans.work_from_home);
  EXPECT_EQ(c.plans.school_start_shift_s, plans.school_start_shift_s);
  EXPECT_EQ(c.plans.civil_registry_online_capacity, plans.civil_registry_online_capacity);
  EXPECT_EQ(c.plans.puskesmas_choice, plans.puskesmas_choice);
  EXPECT_EQ(c.plans.hospital_choice, plans.hospital_choice);
  EXPECT_EQ(c.plans.civil_registry_choice, plans.civil_registry_choice);
  const traffic::AssignmentOptions a;
  EXPECT_EQ(c.assignment.iterations, a.iterations);
  EXPECT_EQ(c.assignment.replan_share, a.replan_share);
  EXPECT_EQ(c.assignment.gap_tolerance, a.gap_tolerance);
  EXPECT_EQ(c.assignment.landmarks, a.landmarks);
  EXPECT_EQ(c.assignment.traffic.dt_s, a.traffic.dt_s);
  EXPECT_EQ(c.assignment.traffic.interval_s, a.traffic.interval_s);
  EXPECT_EQ(c.assignment.traffic.intervals, a.traffic.intervals);
  EXPECT_EQ(c.assignment.traffic.end_s, a.traffic.end_s);
  EXPECT_EQ(c.assignment.traffic.stuck_time_s, a.traffic.stuck_time_s);
  EXPECT_EQ(c.assignment.traffic.seepage, a.traffic.seepage);
  const net::NetworkConfig n;
  EXPECT_EQ(c.network.crs, n.crs);
  EXPECT_EQ(c.network.roads.include_non_motor, n.roads.include_non_motor);
  EXPECT_EQ(c.network.build.snap_tolerance_m, n.build.snap_tolerance_m);
  EXPECT_EQ(c.network.build.split_at_crossings, n.build.split_at_crossings);
  EXPECT_EQ(c.network.build.keep_largest_component, n.build.keep_largest_component);
  EXPECT_EQ(c.network.build.pcu_length_m, n.build.pcu_length_m);
  EXPECT_EQ(c.network.build.environment, n.build.environment);
  EXPECT_EQ(c.network.build.city_population, n.build.city_population);
  EXPECT_EQ(c.network.build.shoulder_m, n.build.shoulder_m);
  const pop::DisaggregationOptions d;
  EXPECT_EQ(c.disaggregation.method, d.method);
  EXPECT_EQ(c.disaggregation.level_weights, d.level_weights);
  const WorldConfig w;
  EXPECT_EQ(c.urban_levels, w.urban_levels);
  EXPECT_EQ(c.urban_parents, w.urban_parents);
  EXPECT_EQ(c.population_factor, w.population_factor);
}

TEST(OptionRegistry, EveryDefaultThatApplesIsValidForItsOwnSpec) {
  for (const auto& o : option_registry()) {
    if (!o.default_applies) continue;
    EXPECT_TRUE(o.bind) << o.path;
    if (o.type == OptionType::Number || o.type == OptionType::Integer) {
      EXPECT_EQ(out_of_range(o, std::stod(o.default_value)), "") << o.path;
    }
  }
}

class ScenarioReading : public test::TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    for (const char* f : {"roads.gpkg", "zones.gpkg", "assumptions.yaml"})
      test::write_text(path(f), "x");
  }
  std::string scenario(const std::string& extra) {
    test::write_text(path("s.yaml"),
                     "network:\n  roads:\n    path: roads.gpkg\n"
                     "world:\n  zones: {path: zones.gpkg}\n  controls: {path: zones.gpkg}\n"
                     "  facilities: {path: zones.gpkg}\n"
                     "population:\n  assumptions: assumptions.yaml\n" +
                         extra);
    return path("s.yaml");
  }
};

TEST_F(ScenarioReading, ValuesReachTheTypedConfigAndPoliciesActLast) {
  const auto c = load_world_config(
      scenario("demand:\n  seed: 7\n  school_start_shift_min: 15\n  civil_registry_online: 0.1\n"
               "traffic:\n  interval_min: 30\n  end_hour: 26\n  seepage: false\n"
               "services:\n  choice: {hospital: nearest}\n  online_capacity_per_day: 50\n"
               "  types: {puskesmas: {servers: 3, close: \"14:00\", break: \"12:00-12:30\"}}\n"
               "policies:\n  - type: online_share\n    share: 0.5\n"
               "  - type: facility_service\n    name: Puskesmas A\n    servers: 5\n"));
  EXPECT_EQ(c.plans.seed, 7u);
  EXPECT_DOUBLE_EQ(c.plans.school_start_shift_s, 15 * 60.0);
  EXPECT_DOUBLE_EQ(c.plans.civil_registry_online, 0.5);  // the policy, after demand
  EXPECT_DOUBLE_EQ(c.plans.civil_registry_online_capacity, 50);
  EXPECT_EQ(c.plans.hospital_choice, pop::FacilityChoice::Nearest);
  EXPECT_EQ(c.plans.puskesmas_choice, pop::FacilityChoice::Catchment);
  EXPECT_DOUBLE_EQ(c.assignment.traffic.interval_s, 1800);
  EXPECT_EQ(c.assignment.traffic.intervals, 48);
  EXPECT_DOUBLE_EQ(c.assignment.traffic.end_s, 26 * 3600.0);
  EXPECT_FALSE(c.assignment.traffic.seepage);
  EXPECT_EQ(c.zones.path, path("zones.gpkg"));
  const auto& p = c.services.by_type.at("puskesmas");
  EXPECT_EQ(p.servers, 3);
  EXPECT_EQ(p.close_s, 14 * 3600.0);
  EXPECT_EQ(p.break_start_s, 12 * 3600.0);
  EXPECT_EQ(p.break_end_s, 12.5 * 3600.0);
  EXPECT_FALSE(p.open_s);
  EXPECT_EQ(c.services.by_name.at("Puskesmas A").servers, 5);
  EXPECT_EQ(c.policies.descriptions().size(), 2u);
}

// A missing top-level section has no line of its own (the merged document is new): line 0.
TEST_F(ScenarioReading, MissingSectionsAndBadTimesNameFileLineAndKey) {
  test::write_text(path("nw.yaml"), "network:\n  roads:\n    path: roads.gpkg\n");
  try {
    load_world_config(path("nw.yaml"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path("nw.yaml") +
                                         ":0: world: missing: the scenario has no world section"),
              std::string::npos)
        << e.what();
  }
  try {
    load_world_config(scenario("services:\n  types: {puskesmas: {break: \"12:00\"}}\n"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  ":11: services.types.puskesmas.break: expected HH:MM-HH:MM, got '12:00'"),
              std::string::npos)
        << e.what();
  }
  try {
    load_world_config(scenario("services:\n  types: {puskesmas: {open: \"31:00\"}}\n"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(
        std::string(e.what()).find(
            ":11: services.types.puskesmas.open: expected a time HH:MM up to 30:00, got '31:00'"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
