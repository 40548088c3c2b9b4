// Timed policies (`at:`/`until:`): not applied before the day, but events of the running day found
// by difference with the untimed world (engine/scenario/timed_policies.hpp).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/network/builder.hpp"
#include "engine/scenario/timed_policies.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
using namespace ogan::scenario;
using Kind = DayEvent::Kind;

namespace {

net::Road road(double x0, double x1, const std::string& name) {
  net::Road r;
  r.x = {x0, x1};
  r.y = {0, 0};
  r.road_class = *net::road_class_id("residential");
  r.speed_kmh = 36;
  r.name = name;
  return r;
}

Policies read(const std::string& yaml) {
  return Policies(YAML::Load(yaml), YamlReader("p.yaml"), gis::parse_crs("EPSG:32748"));
}

// Three roads in a line (Jalan Barat 0-1000 m, Jembatan 1000-2000 m, Jalan Timur 2000-3000 m), a
// puskesmas and a school; the untimed policies of `yaml` applied as load_world does.
World world(const Policies& policies) {
  World w;
  w.crs = gis::parse_crs("EPSG:32748");
  std::vector<net::Road> roads = {road(0, 1000, "Jalan Barat"), road(1000, 2000, "Jembatan"),
                                  road(2000, 3000, "Jalan Timur")};
  policies.apply_to_roads(roads, w.crs);
  net::BuildOptions o;
  o.keep_largest_component = false;
  w.network = net::build_network(roads, o);
  w.closures = policies.apply_to_network(w.network);
  w.facility_list = {{"Puskesmas Baturaja", "puskesmas", "", 1500, 0, -1, 0},
                     {"SD Negeri 1", "school_primary", "", 1600, 0, -1, 0},
                     {"Puskesmas Sekar Jaya", "puskesmas", "", 2500, 0, -1, 0}};
  policies.apply_to_facilities(w.facility_list);
  w.service_params = facility_params({}, w.facility_list);
  w.events = timed_policy_events(policies, w);
  return w;
}

std::vector<net::LinkId> links_named(const net::Network& n, const std::string& name) {
  std::vector<net::LinkId> out;
  for (std::size_t l = 0; l < n.num_links(); ++l)
    if (n.link_name(static_cast<net::LinkId>(l)) == name)
      out.push_back(static_cast<net::LinkId>(l));
  return out;
}

std::vector<std::string> problems(const std::string& yaml) {
  return validate_policy(YAML::Load(yaml), "policies[2]", YamlReader("p.yaml"));
}

TEST(TimedPolicies, ATimedClosureClosesItsLinksAtAtAndReopensThemAtUntil) {
  const auto planned = world(read("[{type: close_road, name: Jembatan}]"));
  std::vector<net::LinkId> closed;
  for (const auto& c : planned.closures) closed.push_back(c.link);
  ASSERT_EQ(closed.size(), 2u);  // both directions
  EXPECT_TRUE(planned.events.empty());

  const auto w = world(read("[{type: close_road, name: Jembatan, at: '10:00', until: '12:30'}]"));
  EXPECT_TRUE(w.closures.empty());  // nobody plans around it
  ASSERT_EQ(w.events.size(), 2u);
  EXPECT_EQ(w.events[0].kind, Kind::CloseLinks);
  EXPECT_EQ(w.events[0].at_s, 10 * 3600.0);
  EXPECT_EQ(w.events[0].links, closed);
  EXPECT_EQ(w.events[0].description, "close_road 'Jembatan' (policies[0])");
  EXPECT_EQ(w.events[1].kind, Kind::ReopenLinks);
  EXPECT_EQ(w.events[1].at_s, 12.5 * 3600.0);
  EXPECT_EQ(w.events[1].links, closed);
  EXPECT_EQ(w.events[1].description, "end of close_road 'Jembatan' (policies[0])");
}

TEST(TimedPolicies, WithoutUntilATimedClosureLastsTheDay) {
  const auto w = world(read("[{type: close_road, name: Jembatan, at: '10:00'}]"));
  ASSERT_EQ(w.events.size(), 1u);
  EXPECT_EQ(w.events[0].kind, Kind::CloseLinks);
}

TEST(TimedPolicies, ALinkClosedByAPlannedClosureForTheWholeWindowIsNotClosedAgain) {
  const auto w =
      world(read("[{type: close_road, name: Jembatan, from: '06:00', to: '18:00'},"
                 " {type: close_road, name: Jembatan, at: '10:00', until: '12:00'},"
                 " {type: close_road, name: Jembatan, at: '17:00', until: '19:00'}]"));
  ASSERT_EQ(w.closures.size(), 2u);
  ASSERT_EQ(w.events.size(), 2u);  // only the one that outlasts the planned window
  EXPECT_EQ(w.events[0].at_s, 17 * 3600.0);
  EXPECT_EQ(w.events[0].description, "close_road 'Jembatan' (policies[2])");
}

TEST(TimedPolicies, ATimedCapacityAndSpeedChangeAndTheirReversal) {
  const auto base = world(read("[]"));
  const auto bridge = links_named(base.network, "Jembatan");
  const double capacity = base.network.capacity_pcu_h[static_cast<std::size_t>(bridge[0])];
  const auto w = world(
      read("[{type: change_road, name: Jembatan, capacity_factor: 0.5, speed_kmh: 18, at: '07:00',"
           " until: '09:00'}]"));
  EXPECT_EQ(w.network.capacity_pcu_h, base.network.capacity_pcu_h);  // the planned world
  EXPECT_EQ(w.network.free_speed_mps, base.network.free_speed_mps);
  ASSERT_EQ(w.events.size(), 4u);
  EXPECT_EQ(w.events[0].kind, Kind::LinkCapacity);
  EXPECT_EQ(w.events[0].at_s, 7 * 3600.0);
  EXPECT_EQ(w.events[0].links, bridge);
  EXPECT_DOUBLE_EQ(w.events[0].value, capacity * 0.5);
  EXPECT_EQ(w.events[1].kind, Kind::LinkSpeed);
  EXPECT_DOUBLE_EQ(w.events[1].value, 5.0);
  EXPECT_EQ(w.events[2].kind, Kind::LinkCapacity);
  EXPECT_EQ(w.events[2].at_s, 9 * 3600.0);
  EXPECT_EQ(w.events[2].links, bridge);
  EXPECT_DOUBLE_EQ(w.events[2].value, capacity);
  EXPECT_EQ(w.events[3].kind, Kind::LinkSpeed);
  EXPECT_DOUBLE_EQ(w.events[3].value, 10.0);
}

TEST(TimedPolicies, ATimedFacilityServiceChangesServersAndBack) {
  const auto base = world(read("[]"));
  const int servers = base.service_params[2]->servers;
  const auto w =
      world(read("[{type: facility_service, name: Puskesmas Sekar Jaya, servers: 5, at: '09:00',"
                 " until: '11:00'}]"));
  EXPECT_EQ(w.service_params[2]->servers, servers);
  ASSERT_EQ(w.events.size(), 2u);
  EXPECT_EQ(w.events[0].kind, Kind::FacilityServers);
  EXPECT_EQ(w.events[0].facility, 2);
  EXPECT_EQ(w.events[0].count, 5);
  EXPECT_EQ(w.events[0].at_s, 9 * 3600.0);
  EXPECT_EQ(w.events[0].description, "facility_service 'Puskesmas Sekar Jaya' (policies[0])");
  EXPECT_EQ(w.events[1].kind, Kind::FacilityServers);
  EXPECT_EQ(w.events[1].count, servers);
  EXPECT_EQ(w.events[1].at_s, 11 * 3600.0);
  EXPECT_THROW(world(read("[{type: facility_service, name: Nowhere, servers: 2, at: '09:00'}]")),
               InputError);
}

TEST(TimedPolicies, ATimedFacilityClosureClosesItsQueueAndReopensWithItsServers) {
  const auto w =
      world(read("[{type: close_facility, name: Puskesmas Baturaja, at: '10:00',"
                 " until: '13:00'}]"));
  EXPECT_EQ(w.facility_list.size(), 3u);
  ASSERT_EQ(w.events.size(), 2u);
  EXPECT_EQ(w.events[0].kind, Kind::FacilityClose);
  EXPECT_EQ(w.events[0].facility, 0);
  EXPECT_EQ(w.events[1].kind, Kind::FacilityServers);
  EXPECT_EQ(w.events[1].facility, 0);
  EXPECT_EQ(w.events[1].count, w.service_params[0]->servers);
}

class TimedFlood : public test::TempDir {};

TEST_F(TimedFlood, ATimedFloodClosesTheLinksAndQueuesUnderWater) {
  test::write_layer(path("flood.geojson"), "GeoJSON", "flood", 32748,
                    {{"POLYGON ((1100 -50, 1900 -50, 1900 50, 1100 50, 1100 -50))", {}}});
  const auto w = world(read(fmt::format(
      "[{{type: flood, path: '{}', at: '08:00', until: '15:00'}}]", path("flood.geojson"))));
  EXPECT_TRUE(w.closures.empty());
  EXPECT_EQ(w.facility_list.size(), 3u);
  std::vector<Kind> kinds;
  for (const auto& e : w.events) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<Kind>{Kind::CloseLinks, Kind::FacilityClose, Kind::ReopenLinks,
                                      Kind::FacilityServers}));
  EXPECT_EQ(w.events[0].links, links_named(w.network, "Jembatan"));
  EXPECT_EQ(w.events[1].facility, 0);  // the school has no queue to close
  EXPECT_EQ(w.events[0].description, "flood (policies[0])");
}

TEST(TimedPolicies, EventsAreSortedByTimeAndStable) {
  const auto w =
      world(read("[{type: close_road, name: Jembatan, at: '12:00', until: '14:00'},"
                 " {type: facility_service, name: Puskesmas Baturaja, servers: 3, at: '08:00'},"
                 " {type: close_road, name: Jalan Timur, at: '12:00'}]"));
  std::vector<double> at;
  for (const auto& e : w.events) at.push_back(e.at_s / 3600);
  EXPECT_EQ(at, (std::vector<double>{8, 12, 12, 14}));
  EXPECT_EQ(w.events[1].description, "close_road 'Jembatan' (policies[0])");
  EXPECT_EQ(w.events[2].description, "close_road 'Jalan Timur' (policies[2])");
}

TEST(TimedPolicies, TypesThatChangeTheWorldBeforeTheDayCannotBeTimed) {
  EXPECT_EQ(problems("{type: online_share, share: 0.5, at: '10:00'}"),
            (std::vector<std::string>{"p.yaml:1: policies[2].at: online_share cannot be timed: it "
                                      "changes the plans before the day starts"}));
  EXPECT_EQ(problems("{type: grow_population, factor: 2, at: '10:00'}").at(0),
            "p.yaml:1: policies[2].at: grow_population cannot be timed: it changes the population "
            "before the day starts");
  EXPECT_EQ(problems("{type: move_facility, name: X, lon: 104.2, lat: -4.1, at: '10:00'}").at(0),
            "p.yaml:1: policies[2].at: move_facility cannot be timed: it changes the facilities "
            "before the day starts");
  for (const auto& [name, t] : policy_types()) {
    if (can_be_timed(t)) continue;
    const auto text = problems(fmt::format("{{type: {}, at: '10:00'}}", name));
    const auto message = fmt::format(
        "p.yaml:1: policies[2].at: {} cannot be timed: it changes {} before the day "
        "starts",
        name, t.changes_before_day);
    EXPECT_NE(std::find(text.begin(), text.end(), message), text.end()) << name;
  }
  std::vector<std::string> timable;
  for (const auto& [name, t] : policy_types())
    if (can_be_timed(t)) timable.push_back(name);
  EXPECT_EQ(timable, (std::vector<std::string>{"change_road", "close_facility", "close_road",
                                               "crowd", "facility_service", "flood"}));
  EXPECT_EQ(problems("{type: change_road, name: X, lanes: 4, at: '10:00'}").at(0),
            "p.yaml:1: policies[2].at: change_road cannot be timed with lanes: it changes the "
            "roads before the day starts (timed, change_road takes capacity_factor and speed_kmh)");
  EXPECT_EQ(problems("{type: facility_service, name: X, close: '12:00', at: '10:00'}").at(0),
            "p.yaml:1: policies[2].at: facility_service cannot be timed with close: it changes "
            "the facility's hours and service before the day starts (timed, facility_service "
            "takes servers)");
  EXPECT_TRUE(problems("{type: close_road, name: X, at: '10:00', until: '26:00'}").empty());
  EXPECT_TRUE(problems("{type: change_road, name: X, capacity_factor: 0.5, at: '10:00'}").empty());
}

TEST(TimedPolicies, UntilNeedsAtAndComesAfterIt) {
  EXPECT_EQ(problems("{type: close_road, name: X, until: '12:00'}"),
            (std::vector<std::string>{"p.yaml:1: policies[2].until: needs at: a timed policy "
                                      "starts at `at` and ends at `until`"}));
  EXPECT_EQ(problems("{type: close_road, name: X, at: '12:00', until: '12:00'}"),
            (std::vector<std::string>{
                "p.yaml:1: policies[2].until: expected a time after at (12:00), got '12:00'"}));
  EXPECT_EQ(problems("{type: close_road, name: X, at: '12:00', until: '09:30'}").size(), 1u);
  EXPECT_EQ(
      problems("{type: close_road, name: X, at: '7h'}"),
      (std::vector<std::string>{"p.yaml:1: policies[2].at: expected a time HH:MM, got '7h'"}));
  EXPECT_EQ(problems("{type: close_road, name: X, at: '10:00', from: '09:00'}").size(), 1u);
}

class PolicyFile : public test::TempDir {};

TEST_F(PolicyFile, EntriesHappenAtTheForkUnlessTheyHaveAnAtAndSetOverridesApply) {
  const auto w = world(read("[]"));
  test::write_text(path("now.yaml"),
                   "policies:\n"
                   "  - type: facility_service\n"
                   "    name: Puskesmas Baturaja\n"
                   "    servers: 2\n"
                   "  - type: close_road\n"
                   "    name: Jembatan\n"
                   "    at: '11:00'\n"
                   "    until: '12:00'\n");
  const auto events = policy_file_events(path("now.yaml"), {"policies.0.servers=6"}, w, 10 * 3600);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, Kind::FacilityServers);
  EXPECT_EQ(events[0].at_s, 10 * 3600.0);
  EXPECT_EQ(events[0].count, 6);
  EXPECT_EQ(events[0].facility, 0);
  EXPECT_EQ(events[1].kind, Kind::CloseLinks);
  EXPECT_EQ(events[1].at_s, 11 * 3600.0);
  EXPECT_EQ(events[2].kind, Kind::ReopenLinks);
  EXPECT_EQ(events[2].at_s, 12 * 3600.0);
}

TEST_F(PolicyFile, EveryProblemIsReportedWithFileLineAndKey) {
  const auto w = world(read("[]"));
  test::write_text(path("bad.yaml"),
                   "policies:\n"
                   "  - type: close_road\n"
                   "    name: Jembatan\n"
                   "    at: '09:00'\n"
                   "  - type: work_from_home\n"
                   "    share: 0.5\n"
                   "  - type: close_road\n"
                   "    name: Jembatan\n"
                   "    until: '12:00'\n");
  try {
    policy_file_events(path("bad.yaml"), {}, w, 10 * 3600);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    const auto f = path("bad.yaml");
    EXPECT_NE(m.find("3 problem(s)"), std::string::npos) << m;
    EXPECT_NE(m.find(f + ":4: policies[0].at: 09:00 is before the fork at 10:00"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find(f + ":5: policies[1].type: work_from_home cannot be timed: it changes the "
                         "plans before the day starts"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find(f + ":9: policies[2].until: needs at"), std::string::npos) << m;
  }
  test::write_text(path("other.yaml"), "traffic:\n  iterations: 2\n");
  EXPECT_THROW(policy_file_events(path("other.yaml"), {}, w, 0), InputError);
}

TEST_F(PolicyFile, ValidateAndRunRejectAnUntimablePolicyWithExitCode2) {
  test::write_text(path("s.yaml"),
                   "policies:\n  - type: stagger_school\n    shift_min: 30\n    at: '08:00'\n");
  for (const auto& command : {fmt::format("validate {}", path("s.yaml")),
                              fmt::format("run {} -o {}", path("s.yaml"), path("r.h5"))}) {
    std::string out;
    const int rc = test::run_command(fmt::format("{} {}", OGAN_EXE, command), &out);
    EXPECT_EQ(rc, 2) << command << ": " << out;
    EXPECT_NE(out.find(path("s.yaml") + ":4: policies[0].at: stagger_school cannot be timed: it "
                                        "changes the plans before the day starts"),
              std::string::npos)
        << command << ": " << out;
  }
}

}  // namespace
