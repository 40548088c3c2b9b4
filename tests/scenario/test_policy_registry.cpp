// Policy types register themselves (engine/scenario/policies/): the registry, its checks, the
// typed data each type reads and its generated documentation.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/scenario/policies.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
using namespace ogan::scenario;

namespace {

TEST(PolicyRegistry, EveryPolicyFileRegistersItsType) {
  std::vector<std::string> names;
  for (const auto& [name, t] : policy_types()) {
    names.push_back(name);
    EXPECT_FALSE(t.effect.empty()) << name;
    EXPECT_TRUE(t.read) << name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "add_facility", "add_road", "change_road", "close_facility", "close_road",
                       "crowd", "facility_service", "flood", "grow_population", "move_facility",
                       "online_share", "stagger_school", "transit_line", "work_from_home"}));
}

TEST(PolicyRegistry, DocsTableIsGeneratedFromTheRegistry) {
  std::ifstream in(std::string(OGAN_SOURCE_DIR) + "/docs/policies.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::string begin = "<!-- generated: ogan scenario policies --markdown -->\n";
  const std::string end = "<!-- end of generated table -->";
  const auto a = doc.find(begin), b = doc.find(end);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_EQ(doc.substr(a + begin.size(), b - a - begin.size()), policies_markdown())
      << "regenerate the table: ./build/engine/ogan scenario policies --markdown";
}

std::vector<std::string> problems(const std::string& yaml) {
  const YamlReader r("p.yaml");
  return validate_policy(YAML::Load(yaml), "policies[0]", r);
}

TEST(PolicyRegistry, EachTypeChecksItsKeysTypesRangesAndTimes) {
  EXPECT_TRUE(problems("{type: online_share, share: 0.5}").empty());
  auto e = problems("{type: online_share, share: 2, sahre: 1}");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0],
            "p.yaml:1: policies[0].sahre: not a key of online_share (did you mean 'share'?); it "
            "takes: share, capacity_per_day");
  EXPECT_EQ(e[1], "p.yaml:1: policies[0].share: 2 is out of range [0, 1]");
  EXPECT_EQ(problems("{type: stagger_school}").at(0),
            "p.yaml:1: policies[0].shift_min: missing: stagger_school needs it");
  EXPECT_EQ(problems("{type: close_road, name: X, from: '7h'}").at(0),
            "p.yaml:1: policies[0].from: expected a time HH:MM, got '7h'");
  EXPECT_TRUE(
      problems("{type: close_road, name: X, to: '40:00'}").empty());  // windows run to 48:00
  EXPECT_EQ(problems("{type: facility_service, name: X, close: '40:00'}").at(0),
            "p.yaml:1: policies[0].close: expected a time HH:MM up to 30:00, got '40:00'");
  EXPECT_EQ(problems("{type: facility_service, name: X, service_min: 0}").at(0),
            "p.yaml:1: policies[0].service_min: 0 is out of range [0.1, 600]");
  EXPECT_EQ(
      problems("{type: close_road}").at(0),
      "p.yaml:1: policies[0]: close_road needs a name, link_ids or near: {lon, lat, radius_m}");
  EXPECT_EQ(problems("{type: grow_population}").at(0),
            "p.yaml:1: policies[0]: grow_population needs a factor or a target_year");
  EXPECT_EQ(problems("{type: flood}").at(0),
            "p.yaml:1: policies[0]: flood needs a polygon layer (path) or a depth raster (raster)");
  EXPECT_NE(problems("{type: clos_road}")
                .at(0)
                .find("unknown policy 'clos_road' (did you mean 'close_road'?)"),
            std::string::npos);
}

Policies read(const std::string& yaml) {
  return Policies(YAML::Load(yaml), YamlReader("p.yaml"), gis::parse_crs("EPSG:32748"));
}

TEST(PolicyRegistry, PlanPoliciesApplyInListOrder) {
  const auto p = read(
      "[{type: online_share, share: 0.3, capacity_per_day: 100}, {type: work_from_home, share: "
      "0.2},"
      " {type: stagger_school, shift_min: 30}, {type: online_share, share: 0.6},"
      " {type: grow_population, factor: 1.5}, {type: grow_population, factor: 2, target_year: "
      "2030}]");
  pop::PlanOptions o;
  p.apply_to_plan_options(o);
  EXPECT_DOUBLE_EQ(o.civil_registry_online, 0.6);
  EXPECT_DOUBLE_EQ(o.civil_registry_online_capacity, 100);
  EXPECT_DOUBLE_EQ(o.work_from_home, 0.2);
  EXPECT_DOUBLE_EQ(o.school_start_shift_s, 1800);
  EXPECT_DOUBLE_EQ(p.plain_factor(), 3.0);
  EXPECT_EQ(p.target_year(), 2030);
  EXPECT_EQ(p.descriptions().front(),
            "online_share: {type: online_share, share: 0.3, capacity_per_day: 100}");
}

TEST(PolicyRegistry, FacilityPoliciesAddMoveCloseAndOverrideServices) {
  const auto p = read(
      "[{type: add_facility, name: New, facility_type: puskesmas, lon: 104.2, lat: -4.1, servers: "
      "2},"
      " {type: close_facility, name: Old},"
      " {type: move_facility, name: Kept, lon: 104.1, lat: -4.1},"
      " {type: facility_service, name: Kept, close: '14:00'}]");
  std::vector<gis::Facility> f = {{"Old", "puskesmas", "", 1, 1, -1, 0},
                                  {"Kept", "hospital", "", 2, 2, -1, 0}};
  p.apply_to_facilities(f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "Kept");
  EXPECT_GT(f[0].x, 300000);  // moved: UTM 48S metres
  EXPECT_EQ(f[1].name, "New");
  EXPECT_EQ(f[1].subtype, "policy");
  const auto o = p.service_overrides();
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].first, "New");
  EXPECT_EQ(o[0].second.servers, 2);
  EXPECT_EQ(o[1].second.close_s, 14 * 3600.0);
  EXPECT_FALSE(o[1].second.servers);
  std::vector<gis::Facility> none;
  EXPECT_THROW(read("[{type: close_facility, name: Nowhere}]").apply_to_facilities(none),
               InputError);
}

}  // namespace
