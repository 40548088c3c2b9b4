#include <gtest/gtest.h>

#include "engine/gis/dataset.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

class Cli : public test::TempDir {
 protected:
  int ogan(const std::string& args, std::string* out = nullptr) {
    std::string local;
    const int rc = test::run_command(std::string(OGAN_EXE) + " " + args, out ? out : &local);
    return rc;
  }
  void write_roads() {
    test::write_layer(
        path("town.gpkg"), "GPKG", "roads", 32748,
        {{"LINESTRING (400000 9540000, 400500 9540000)",
          {{"highway", "primary"}, {"name", "Jl. A"}}},
         {"LINESTRING (400250 9539750, 400250 9540250)", {{"highway", "residential"}}},
         {"LINESTRING (400500 9540000, 400500 9540300)",
          {{"highway", "tertiary"}, {"oneway", "yes"}}},
         {"LINESTRING (400500 9540300, 400250 9540250)",
          {{"highway", "tertiary"}, {"oneway", "yes"}}}});
  }
};

TEST_F(Cli, VersionAndHelp) {
  std::string out;
  EXPECT_EQ(ogan("--version", &out), 0);
  EXPECT_EQ(out.rfind("ogan 0.", 0), 0u) << out;
  EXPECT_NE(out.find("(git "), std::string::npos);
  for (const char* sub :
       {"--help", "data --help", "data inspect --help", "network --help", "network build --help"}) {
    EXPECT_EQ(ogan(sub, &out), 0) << sub;
    EXPECT_NE(out.find("Usage"), std::string::npos) << sub;
  }
}

TEST_F(Cli, UnknownSubcommandIsExit2) {
  EXPECT_EQ(ogan("frobnicate"), 2);
}

TEST_F(Cli, InspectDescribesLayers) {
  write_roads();
  std::string out;
  ASSERT_EQ(ogan("data inspect " + path("town.gpkg"), &out), 0) << out;
  EXPECT_NE(out.find("layer 'roads'"), std::string::npos);
  EXPECT_NE(out.find("features: 4"), std::string::npos);
  EXPECT_NE(out.find("EPSG:32748"), std::string::npos);
  EXPECT_NE(out.find("extent: 400000.000000, 9539750.000000 - 400500.000000, 9540300.000000"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("highway: String"), std::string::npos);
}

TEST_F(Cli, InspectMissingFileIsExit2) {
  std::string out;
  EXPECT_EQ(ogan("data inspect " + path("missing.gpkg"), &out), 2);
  EXPECT_NE(out.find("file '" + path("missing.gpkg") + "': does not exist"), std::string::npos)
      << out;
}

TEST_F(Cli, NetworkBuildWritesLinksAndNodes) {
  write_roads();
  std::string out;
  ASSERT_EQ(ogan("network build " + path("town.gpkg") + " -o " + path("net.gpkg"), &out), 0) << out;
  EXPECT_NE(out.find("network: 6 nodes, 10 links"), std::string::npos) << out;
  auto ds = gis::open_vector(path("net.gpkg"));
  EXPECT_EQ(gis::get_layer(*ds, path("net.gpkg"), "links").GetFeatureCount(), 10);
  EXPECT_EQ(gis::get_layer(*ds, path("net.gpkg"), "nodes").GetFeatureCount(), 6);
  EXPECT_FALSE(std::filesystem::exists(path("net.gpkg") + ".tmp.gpkg"));
}

TEST_F(Cli, NetworkBuildBadInputsAreExit2WithTheReason) {
  write_roads();
  std::string out;
  EXPECT_EQ(
      ogan("network build " + path("town.gpkg") + " --layer jalan -o " + path("n.gpkg"), &out), 2);
  EXPECT_NE(out.find("no layer 'jalan'; layers in the file: roads"), std::string::npos) << out;
  EXPECT_EQ(ogan("network build " + path("town.gpkg") + " --field lanes=LAJUR -o " + path("n.gpkg"),
                 &out),
            2);
  EXPECT_NE(out.find("field 'LAJUR' (mapped as 'lanes') does not exist"), std::string::npos) << out;
  EXPECT_EQ(
      ogan("network build " + path("town.gpkg") + " --crs EPSG:4326 -o " + path("n.gpkg"), &out),
      2);
  EXPECT_NE(out.find("is not a projected CRS in metres"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(path("n.gpkg")));
}

TEST_F(Cli, NetworkBuildFromAScenarioFile) {
  write_roads();
  test::write_text(path("s.yaml"),
                   "crs: EPSG:32748\n"
                   "network:\n"
                   "  roads:\n"
                   "    path: town.gpkg\n"
                   "    layer: roads\n"
                   "  snap_tolerance_m: 1.0\n");
  std::string out;
  ASSERT_EQ(ogan("network build " + path("s.yaml") + " -o " + path("n.gpkg"), &out), 0) << out;
  test::write_text(path("bad.yaml"),
                   "network:\n"
                   "  roads:\n"
                   "    path: town.gpkg\n"
                   "  snap_tolerence_m: 1.0\n");
  EXPECT_EQ(ogan("network build " + path("bad.yaml") + " -o " + path("n2.gpkg"), &out), 2);
  EXPECT_NE(out.find(path("bad.yaml") + ":4: network.snap_tolerence_m: unknown key (did you mean "
                                        "'snap_tolerance_m'?)"),
            std::string::npos)
      << out;
  test::write_text(path("bad2.yaml"), "network:\n  roads:\n    path: nowhere.gpkg\n");
  EXPECT_EQ(ogan("network build " + path("bad2.yaml") + " -o " + path("n2.gpkg"), &out), 2);
  EXPECT_NE(out.find(path("bad2.yaml") + ":3: network.roads.path: file '" + path("nowhere.gpkg") +
                     "' does not exist"),
            std::string::npos)
      << out;
}

}  // namespace
