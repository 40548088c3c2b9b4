// The public-transport lines file: read, checked with file:line: key: messages, and the
// committed data/transit/lines.yaml valid.
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/scenario/transit_config.hpp"
#include "engine/scenario/world.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

class TransitConfigTest : public test::TempDir {
 protected:
  // The message of the InputError reading `text` as a lines file throws, "" if none.
  std::string error_of(const std::string& text) {
    test::write_text(path("lines.yaml"), text);
    try {
      scenario::read_transit_lines(path("lines.yaml"));
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  // A scenario's required keys over placeholder files: reading the scenario only checks that
  // they exist, so the tests need no GIS data (the OKU data is generated, not committed).
  std::string base_scenario() {
    for (const char* f : {"roads.gpkg", "zones.gpkg", "assumptions.yaml"})
      test::write_text(path(f), "x");
    return "network:\n  roads:\n    path: roads.gpkg\n"
           "world:\n  zones: {path: zones.gpkg}\n  controls: {path: zones.gpkg}\n"
           "  facilities: {path: zones.gpkg}\n"
           "population:\n  assumptions: assumptions.yaml\n";
  }
};

const char* kGood = R"(access: {max_walk_m: 800, max_wait_min: 20}
defaults:
  angkot:
    fleet: 4
    headway_min: {"06:00": 5, "09:00": 12}
    capacity: {seated: 10, standing: 2}
    hours: {start: "05:30", end: "19:00"}
    stop_spacing_m: 350
    pcu: 1.0
    dwell_per_passenger_s: 3
    layover_min: 5
lines:
  - id: T1
    name: Terminal - Pasar
    kind: angkot
    waypoints:
      - facility: Terminal Batu Kuning
      - zone: "16.01.14.1001"
      - lonlat: [104.17, -4.13]
    fleet: 9
)";

}  // namespace

TEST_F(TransitConfigTest, ALineTakesItsKindsDefaultsForWhatItDoesNotSay) {
  test::write_text(path("lines.yaml"), kGood);
  const auto c = scenario::read_transit_lines(path("lines.yaml"));
  EXPECT_DOUBLE_EQ(c.options.max_access_m, 800);
  EXPECT_DOUBLE_EQ(c.options.max_wait_s, 1200);
  ASSERT_EQ(c.lines.size(), 1u);
  const auto& s = c.lines[0].spec;
  EXPECT_EQ(s.fleet, 9);
  EXPECT_EQ(s.capacity, 12);
  ASSERT_EQ(s.headways.size(), 2u);
  EXPECT_DOUBLE_EQ(s.headways[1].from_s, 9 * 3600);
  EXPECT_DOUBLE_EQ(s.headways[1].headway_s, 720);
  EXPECT_DOUBLE_EQ(s.start_s, 5.5 * 3600);
  EXPECT_DOUBLE_EQ(s.layover_s, 300);
  ASSERT_EQ(c.lines[0].waypoints.size(), 3u);
  EXPECT_EQ(c.lines[0].waypoints[0].facility, "Terminal Batu Kuning");
  EXPECT_EQ(c.lines[0].waypoints[1].zone, "16.01.14.1001");
  EXPECT_DOUBLE_EQ(c.lines[0].waypoints[2].lonlat->first, 104.17);
}

TEST_F(TransitConfigTest, ABadValueIsNamedWithFileLineAndKey) {
  std::string bad = kGood;
  bad.replace(bad.find("fleet: 9"), 8, "fleet: -3");
  EXPECT_EQ(error_of(bad),
            path("lines.yaml") + ":20: lines[0].fleet: must be between 1 and 10000, got -3");
}

TEST_F(TransitConfigTest, AnUnknownKeyAMissingValueAndABadTimeAreNamed) {
  std::string typo = kGood;
  typo.replace(typo.find("fleet: 9"), 8, "flet: 9");
  EXPECT_NE(error_of(typo).find(":20: lines[0].flet: unknown key"), std::string::npos)
      << error_of(typo);
  std::string no_kind = kGood;
  no_kind.replace(no_kind.find("kind: angkot"), 12, "kind: becak");
  EXPECT_EQ(error_of(no_kind),
            path("lines.yaml") + ":15: lines[0].kind: expected angkot or minibus, got 'becak'");
  std::string time = kGood;
  time.replace(time.find("\"09:00\""), 7, "\"9 am\"");
  EXPECT_NE(error_of(time).find(":5: defaults.angkot.headway_min.9 am:"), std::string::npos)
      << error_of(time);
  std::string one = kGood;
  one.replace(one.find("      - zone"), one.find("    fleet: 9") - one.find("      - zone"), "");
  EXPECT_NE(error_of(one).find("lines[0].waypoints: expected a list of at least two"),
            std::string::npos)
      << error_of(one);
}

TEST_F(TransitConfigTest, TheCommittedLinesFileIsValid) {
  const auto c =
      scenario::read_transit_lines(std::string(OGAN_SOURCE_DIR) + "/data/transit/lines.yaml");
  EXPECT_GE(c.lines.size(), 10u);
  int angkot = 0, minibus = 0;
  for (const auto& l : c.lines) {
    angkot += l.spec.kind == "angkot";
    minibus += l.spec.kind == "minibus";
    EXPECT_GE(l.waypoints.size(), 2u) << l.spec.id;
  }
  EXPECT_GT(angkot, 0);
  EXPECT_GT(minibus, 0);
}

TEST_F(TransitConfigTest, ValidateExitsTwoOnABadLinesFile) {
  std::string bad = kGood;
  bad.replace(bad.find("fleet: 9"), 8, "fleet: -3");
  test::write_text(path("lines.yaml"), bad);
  test::write_text(path("base.yaml"), base_scenario());
  std::string out;
  const int rc = test::run_command(std::string(OGAN_EXE) + " validate " + path("base.yaml") +
                                       " --set transit.path=" + path("lines.yaml"),
                                   &out);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find(path("lines.yaml") + ":20: lines[0].fleet: must be between 1 and 10000"),
            std::string::npos)
      << out;
}

TEST_F(TransitConfigTest, APolicyChangesALinesFleetAndHeadwaysOrAddsALine) {
  test::write_text(path("lines.yaml"), kGood);
  test::write_text(path("s.yaml"), base_scenario() +
                                       "name: more_angkot\n"
                                       "transit: {path: " +
                                       path("lines.yaml") +
                                       "}\n"
                                       "policies:\n"
                                       "  - type: transit_line\n"
                                       "    line: T1\n"
                                       "    fleet: 20\n"
                                       "    headway_factor: 0.5\n"
                                       "  - type: transit_line\n"
                                       "    line: T9\n"
                                       "    like: T1\n"
                                       "    waypoints: [[104.16, -4.12], [104.19, -4.15]]\n");
  const auto cfg = scenario::load_world_config(path("s.yaml"));
  ASSERT_TRUE(cfg.transit);
  ASSERT_EQ(cfg.transit->lines.size(), 2u);
  const auto& t1 = cfg.transit->lines[0].spec;
  EXPECT_EQ(t1.fleet, 20);
  EXPECT_DOUBLE_EQ(t1.headways[0].headway_s, 150);
  EXPECT_DOUBLE_EQ(t1.headways[1].headway_s, 360);
  const auto& t9 = cfg.transit->lines[1];
  EXPECT_EQ(t9.spec.id, "T9");
  EXPECT_EQ(t9.spec.fleet, 20);  // like T1 after the first policy
  EXPECT_EQ(t9.spec.capacity, 12);
  ASSERT_EQ(t9.waypoints.size(), 2u);
  EXPECT_DOUBLE_EQ(t9.waypoints[1].lonlat->second, -4.15);
}

TEST_F(TransitConfigTest, APolicyOnAnUnknownLineIsNamedWithItsPlace) {
  test::write_text(path("lines.yaml"), kGood);
  test::write_text(path("s.yaml"), base_scenario() +
                                       "name: typo\n"
                                       "transit: {path: " +
                                       path("lines.yaml") +
                                       "}\n"
                                       "policies:\n"
                                       "  - type: transit_line\n"
                                       "    line: T7\n"
                                       "    fleet: 20\n");
  try {
    scenario::load_world_config(path("s.yaml"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path("s.yaml") + ":13: policies[0].line: no line 'T7' in " + path("lines.yaml"));
  }
}
