// The behaviour of the daily-plan model is read from data/facts/population_assumptions.yaml, and a
// scenario's `population.overrides` replace its values under the same checks.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "engine/core/error.hpp"
#include "engine/core/yaml_reader.hpp"
#include "engine/population/assumptions.hpp"

namespace ogan::pop {
namespace {

std::string assumptions_path() {
  return std::string(OGAN_SOURCE_DIR) + "/data/facts/population_assumptions.yaml";
}

// The InputError message of loading with these overrides, or "" if it loads.
std::string error_of(const AssumptionOverrides& o) {
  try {
    load_assumptions(assumptions_path(), o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Assumptions, TheDailyPlanBehaviourIsReadFromTheFile) {
  const auto a = load_assumptions(assumptions_path()).plans;
  const auto& gov = a.work_timing[static_cast<int>(Sector::Government)];
  EXPECT_EQ(gov.start_h, 7.5);
  EXPECT_EQ(gov.start_sd_h, 0.17);
  EXPECT_EQ(gov.duration_h, 8.5);
  EXPECT_EQ(a.work_destinations[static_cast<int>(Sector::Agriculture)].beta_per_min, 0.25);
  EXPECT_EQ(a.share_of_jobs_at_sites, 0.6);
  EXPECT_EQ(a.school_start_h, 7.0);
  EXPECT_EQ(a.school_hours_sma, 7.0);
  EXPECT_EQ(a.escort_max_children, 2);
  EXPECT_EQ(a.market_rural_divisor, 3.0);
  EXPECT_EQ(a.hospital_visit.duration_h, 2.0);
  EXPECT_EQ(a.logit_wait_per_min, -0.05);
  EXPECT_EQ(a.earliest_departure_h, 4.0);
  // The very doubles the code had inline: 30 / 3.6 m/s on local streets.
  EXPECT_EQ(a.intrazonal_speed_kmh / 3.6, 30 / 3.6);
  const auto& services = a.work_destinations[static_cast<int>(Sector::Services)].sites;
  ASSERT_EQ(services.size(), 4u);
  EXPECT_EQ(services[2].type, "school*");
  EXPECT_TRUE(services[3].use_capacity);
  EXPECT_EQ(services[3].share, 0.2);
}

// The mode-choice coefficients come from the file, identical to the model's documented
// defaults (so the baseline is unchanged), and an override reaches the model's utilities.
TEST(Assumptions, ModeChoiceCoefficientsAreReadFromTheFileAndCanBeOverridden) {
  const ModeChoiceModel documented;
  const auto m = load_assumptions(assumptions_path()).mode_choice;
  EXPECT_EQ(m.constant, documented.constant);
  EXPECT_EQ(m.beta_time, documented.beta_time);
  EXPECT_EQ(m.beta_walk_time, documented.beta_walk_time);
  EXPECT_EQ(m.beta_cost, documented.beta_cost);
  EXPECT_EQ(m.angkot_fare, documented.angkot_fare);
  EXPECT_EQ(m.ojek_per_km, documented.ojek_per_km);
  EXPECT_EQ(m.max_walk_km, documented.max_walk_km);
  const auto o = load_assumptions(assumptions_path(),
                                  {{"mode_choice.constants.motorcycle", "1.0", "--set", 0}})
                     .mode_choice;
  ModeAvailability av;
  av.motorcycle = true;
  // Only the motorcycle's utility moves, by exactly the change of its constant.
  const auto u0 = m.utilities(20, 8, av), u1 = o.utilities(20, 8, av);
  EXPECT_DOUBLE_EQ(u1[static_cast<int>(Mode::Motorcycle)] - u0[static_cast<int>(Mode::Motorcycle)],
                   0.5);
  EXPECT_EQ(u1[static_cast<int>(Mode::Angkot)], u0[static_cast<int>(Mode::Angkot)]);
  EXPECT_NE(error_of({{"mode_choice.constants.motorcycle", "99", "--set", 0}}).find("out of range"),
            std::string::npos);
  EXPECT_NE(error_of({{"mode_choice.constants.lorry", "1", "--set", 0}}).find("lorry"),
            std::string::npos);
}

TEST(Assumptions, LicenceAndRetirementRatesOfSynthesisAreReadFromTheFile) {
  const auto a = load_assumptions(assumptions_path());
  EXPECT_EQ(a.licence_male, 0.85);
  EXPECT_EQ(a.licence_female_older, 0.25);
  EXPECT_EQ(a.licence_older_age, 60);
  EXPECT_EQ(a.underage_riding_min_age, 14);
  EXPECT_EQ(a.participation_after_retirement, 0.5);
  const auto o =
      load_assumptions(assumptions_path(), {{"vehicles.licence_share.female", "0.8", "--set", 0}});
  EXPECT_EQ(o.licence_female, 0.8);
  EXPECT_EQ(o.licence_male, 0.85);
}

TEST(Assumptions, AnOverrideReplacesOneValueAndLeavesTheOthers) {
  const auto base = load_assumptions(assumptions_path()).plans;
  const auto a =
      load_assumptions(assumptions_path(), {{"work_timing.government.start_h", "7.75", "--set", 0},
                                            {"market.probability.retired", "0.5", "s.yaml", 3}})
          .plans;
  EXPECT_EQ(a.work_timing[static_cast<int>(Sector::Government)].start_h, 7.75);
  EXPECT_EQ(a.work_timing[static_cast<int>(Sector::Government)].start_sd_h, 0.17);
  EXPECT_EQ(a.work_timing[static_cast<int>(Sector::Services)].start_h,
            base.work_timing[static_cast<int>(Sector::Services)].start_h);
  EXPECT_EQ(a.market_retired, 0.5);
  EXPECT_EQ(a.market_homemaker, base.market_homemaker);
}

TEST(Assumptions, TheLastOverrideOfAKeyWins) {
  const auto a = load_assumptions(assumptions_path(), {{"escort.max_children", "1", "a.yaml", 2},
                                                       {"escort.max_children", "3", "--set", 0}});
  EXPECT_EQ(a.plans.escort_max_children, 3);
}

TEST(Assumptions, AnUnknownOverrideKeyIsNamedWithASuggestion) {
  const auto e = error_of({{"work_timing.goverment.start_h", "7", "--set", 0}});
  EXPECT_NE(
      e.find("--set population.overrides.work_timing.goverment.start_h: unknown key 'goverment'"),
      std::string::npos)
      << e;
  EXPECT_NE(e.find("did you mean 'government'?"), std::string::npos) << e;
  const auto f = error_of({{"departures.earliest", "3", "scenarios/x.yaml", 14}});
  EXPECT_NE(
      f.find(
          "scenarios/x.yaml:14: population.overrides.departures.earliest: unknown key 'earliest'"),
      std::string::npos)
      << f;
}

TEST(Assumptions, AnOutOfRangeOverrideIsReportedWhereItWasSet) {
  EXPECT_EQ(
      error_of({{"work_timing.government.start_h", "25", "--set", 0}}),
      "--set population.overrides.work_timing.government.start_h: 25 is out of range [0, 24]");
  EXPECT_EQ(
      error_of({{"market.probability.homemaker", "1.5", "s.yaml", 9}}),
      "s.yaml:9: population.overrides.market.probability.homemaker: 1.5 is out of range [0, 1]");
  EXPECT_EQ(error_of({{"escort.max_children", "1.5", "--set", 0}}),
            "--set population.overrides.escort.max_children: expected a whole number, got 1.5");
  EXPECT_EQ(error_of({{"departures.buffer_min", "soon", "--set", 0}}),
            "--set population.overrides.departures.buffer_min: expected a number");
}

TEST(Assumptions, AnOverrideCannotReplaceABlockByAValue) {
  const auto e = error_of({{"work_timing.government", "7.75", "--set", 0}});
  EXPECT_NE(e.find("--set population.overrides.work_timing.government: expected a mapping with "
                   "keys start_h"),
            std::string::npos)
      << e;
}

TEST(Assumptions, ScenarioOverridesBecomeOneValuePerLeafWithTheirLine) {
  const auto doc = YAML::Load(
      "population:\n  overrides:\n    work_timing:\n      government: {start_h: 7.75}\n"
      "    market:\n      probability:\n        retired: 0.3\n");
  const YamlReader r("s.yaml");
  const auto o = overrides_from_scenario(doc["population"]["overrides"], r);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].key, "work_timing.government.start_h");
  EXPECT_EQ(o[0].value, "7.75");
  EXPECT_EQ(o[0].file, "s.yaml");
  EXPECT_EQ(o[0].line, 4);
  EXPECT_EQ(o[1].key, "market.probability.retired");
  EXPECT_EQ(o[1].line, 7);
  EXPECT_TRUE(overrides_from_scenario(YAML::Node(), r).empty());
}

// Every value of the behaviour blocks of the file is listed, with the same value, in the table of
// docs/population-assumptions.md, and every row of that table names a value of the file.
TEST(Assumptions, TheDocumentedBehaviourTableMatchesTheFile) {
  const YAML::Node root = YAML::LoadFile(assumptions_path());
  std::map<std::string, std::string> file;
  const std::function<void(const YAML::Node&, const std::string&)> leaves =
      [&](const YAML::Node& n, const std::string& k) {
        if (n.IsMap()) {
          for (const auto& kv : n) {
            const auto name = kv.first.as<std::string>();
            if (name != "source" && name != "reliability") leaves(kv.second, k + "." + name);
          }
        } else {
          file[k.substr(1)] = n.as<std::string>();
        }
      };
  for (const char* block :
       {"travel_times", "work_timing", "work_destinations", "service_visits", "school_day",
        "university", "market", "escort", "departures", "mode_choice"}) {
    ASSERT_TRUE(root[block]) << block;
    leaves(root[block], std::string(".") + block);
  }
  std::ifstream in(std::string(OGAN_SOURCE_DIR) + "/docs/population-assumptions.md");
  std::stringstream text;
  text << in.rdbuf();
  std::map<std::string, std::string> doc;
  const std::regex row(R"(\n\| `([a-z0-9_.*]+)` \| ([^ |]+) \|)");
  const std::string s = text.str();
  for (std::sregex_iterator it(s.begin(), s.end(), row), end; it != end; ++it)
    doc[(*it)[1]] = (*it)[2];
  for (const auto& [key, value] : file) {
    ASSERT_TRUE(doc.count(key)) << key << " is not in the table of docs/population-assumptions.md";
    EXPECT_EQ(std::stod(doc[key]), std::stod(value)) << key;
  }
  for (const auto& [key, value] : doc)
    EXPECT_TRUE(file.count(key)) << key << " is documented but not in the file";
}

}  // namespace
}  // namespace ogan::pop
