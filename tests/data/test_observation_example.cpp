// The worked example of docs/observations.md (scenarios/observations/flood-morning) names its
// links by id; the ids move whenever the default data changes. These checks fail when they no
// longer are the bridges and roads that the example's comments and the docs say they are.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "engine/run/observations_reader.hpp"
#include "engine/scenario/world.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

// The baseline scenario's world (its network settings decide the link ids) on the generated
// test data, which is what scripts/baseline generates into data/baturaja/oku.gpkg.
scenario::World baseline_world() {
  const std::string src = OGAN_SOURCE_DIR;
  std::ifstream in(src + "/scenarios/baseline.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string y = text.str();
  auto replace_all = [&y](const std::string& from, const std::string& to) {
    for (auto p = y.find(from); p != std::string::npos; p = y.find(from, p + to.size()))
      y.replace(p, from.size(), to);
  };
  replace_all("../data/baturaja/oku.gpkg", OGAN_TEST_GPKG);
  replace_all("../", src + "/");
  const auto file = test::scratch_dir() / "flood-morning-baseline.yaml";
  std::ofstream(file) << y;
  return scenario::load_world(scenario::load_world_config(file.string()));
}

TEST(FloodMorningExample, ItsLinkIdsAreTheBridgesAndRoadsItNames) {
  const auto world = baseline_world();
  const auto& net = world.network;
  const auto obs = run::read_observations(
      std::string(OGAN_SOURCE_DIR) + "/scenarios/observations/flood-morning", world);
  const std::map<std::string, std::string> bridge = {{"ogan1", "Jembatan Ogan I"},
                                                     {"ogan4_a", "Jembatan Ogan IV"},
                                                     {"ogan4_b", "Jembatan Ogan IV"},
                                                     {"ogan5_a", "Jembatan Ogan V"},
                                                     {"ogan5_b", "Jembatan Ogan V"}};
  ASSERT_EQ(obs.stations.size(), bridge.size());
  std::set<net::LinkId> links;
  for (const auto& s : obs.stations) {
    ASSERT_TRUE(bridge.count(s.id)) << s.id;
    EXPECT_EQ(net.link_name(s.link), bridge.at(s.id)) << s.source;
    links.insert(s.link);
  }
  EXPECT_EQ(links.size(), bridge.size()) << "each station on its own link (direction)";

  // Jl. Jend. A. Yani -> Jembatan Ogan I -> Jl. Dr. Moh. Hatta, consecutive links.
  ASSERT_FALSE(obs.travel_times.empty());
  for (const auto& r : obs.travel_times) {
    ASSERT_EQ(r.links.size(), 3u) << r.source;
    EXPECT_EQ(net.link_name(r.links[0]), "Jl. Jend. A. Yani") << r.source;
    EXPECT_EQ(net.link_name(r.links[1]), "Jembatan Ogan I") << r.source;
    EXPECT_EQ(net.link_name(r.links[2]), "Jl. Dr. Moh. Hatta") << r.source;
    EXPECT_EQ(net.to[r.links[0]], net.from[r.links[1]]) << r.source;
    EXPECT_EQ(net.to[r.links[1]], net.from[r.links[2]]) << r.source;
  }

  // Jembatan Ogan II closed by name, Jembatan Ogan III by its two link ids.
  std::set<std::string> closed;
  for (const auto& e : obs.closures)
    if (e.kind == scenario::DayEvent::Kind::CloseLinks)
      for (auto l : e.links) closed.insert(net.link_name(l));
  EXPECT_EQ(closed, (std::set<std::string>{"Jembatan Ogan II", "Jembatan Ogan III"}));
}

}  // namespace
