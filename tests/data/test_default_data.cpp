// Checks of the generated default data (data/baturaja/oku.gpkg, rebuilt for the tests by the
// data.generate fixture) against the published facts it is built from.
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <map>
#include <set>

#include "engine/gis/crs.hpp"
#include "engine/gis/dataset.hpp"
#include "engine/gis/feature_table.hpp"
#include "engine/gis/zones.hpp"
#include "engine/network/builder.hpp"
#include "engine/network/connectivity.hpp"
#include "engine/population/controls.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

const std::string kGpkg = OGAN_TEST_GPKG;

OGRSpatialReference utm() {
  return gis::parse_crs("EPSG:32748");
}

TEST(DefaultData, Has157ZonesCoveringTheRegency) {
  const auto zones = gis::read_zones({.path = kGpkg, .layer = "zones"}, utm());
  ASSERT_EQ(zones.size(), 157u);
  double total = 0;
  std::map<std::string, int> levels;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    total += zones.area_km2[z];
    ++levels[zones.level[z]];
  }
  EXPECT_NEAR(total, 3772.5, 0.02 * 3772.5);
  EXPECT_EQ(levels["kelurahan"], 14);
  EXPECT_EQ(levels["desa"], 143);
}

TEST(DefaultData, ZoneAreasMatchThePublishedAreas) {
  gis::LayerSpec spec{
      .path = kGpkg, .layer = "zones", .fields = {{"id", "code"}, {"published", "area_km2"}}};
  const auto t = gis::read_layer(spec, utm(), {.family = gis::GeometryFamily::Polygon});
  int within_3pct = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double published = std::stod(*t.get("published", i));
    const double model = t.geometry[i]->toMultiPolygon()->get_Area() / 1e6;
    EXPECT_NEAR(model, published, 0.2 * published) << *t.get("id", i);
    within_3pct += std::abs(model - published) <= 0.03 * published;
  }
  EXPECT_GE(within_3pct, 145);
}

// The zones are the official Kepmendagri 2025 polygons (data/boundaries/): read directly with the
// engine's loader, the two invalid desa are repaired and reported, and the generated zones have the
// repaired areas.
TEST(DefaultData, ZonesAreTheOfficialBoundariesWithTheTwoRepairsReported) {
  const std::string src =
      std::string(OGAN_SOURCE_DIR) + "/data/boundaries/oku_desa_kelurahan.geojson";
  const auto official = gis::read_zones(
      {.path = src, .fields = {{"id", "kode"}, {"name", "nama"}, {"parent", "kode_kec"}}}, utm());
  ASSERT_EQ(official.size(), 157u);
  ASSERT_EQ(official.repairs.size(), 2u);
  EXPECT_EQ(official.repairs[0].id, "16.01.28.2001");
  EXPECT_EQ(official.repairs[0].name, "Bandar Jaya");
  EXPECT_EQ(official.repairs[1].id, "16.01.31.2004");
  EXPECT_EQ(official.repairs[1].name, "Lubuk Tupak");
  for (const auto& r : official.repairs)
    EXPECT_EQ(r.repair.reason.rfind("Nested shells at or near point ", 0), 0u) << r.repair.reason;
  EXPECT_NEAR(official.repairs[0].repair.area_before_m2 / 1e6, 58.019874, 1e-5);
  EXPECT_NEAR(official.repairs[0].repair.area_after_m2 / 1e6, 55.116726, 1e-5);
  EXPECT_NEAR(official.repairs[1].repair.area_before_m2 / 1e6, 60.238368, 1e-5);
  EXPECT_NEAR(official.repairs[1].repair.area_after_m2 / 1e6, 59.359521, 1e-5);

  const auto zones = gis::read_zones({.path = kGpkg, .layer = "zones"}, utm());
  EXPECT_TRUE(zones.repairs.empty());  // written valid
  std::map<std::string, double> area;
  for (std::size_t z = 0; z < official.size(); ++z) area[official.id[z]] = official.area_km2[z];
  ASSERT_EQ(zones.size(), official.size());
  for (std::size_t z = 0; z < zones.size(); ++z) {
    ASSERT_TRUE(area.count(zones.id[z])) << zones.id[z];
    EXPECT_NEAR(zones.area_km2[z], area[zones.id[z]], 1e-6) << zones.id[z];
  }
}

// Facilities in the zones; roads inside the regency outline (to 1 cm: clipping ends are found
// by bisection).
TEST(DefaultData, FacilitiesAndRoadsLieInsideTheRealPolygons) {
  const auto zones = gis::read_zones({.path = kGpkg, .layer = "zones"}, utm());
  const gis::ZoneLocator at(zones);
  const auto f = gis::read_facilities({.path = kGpkg, .layer = "facilities"}, utm());
  for (const auto& x : f) EXPECT_GE(at.zone_at(x.x, x.y), 0) << x.name;

  const auto regency = gis::read_zones({.path = kGpkg, .layer = "regency"}, utm());
  ASSERT_EQ(regency.size(), 1u);
  EXPECT_NEAR(regency.area_km2[0], 3772.5, 0.01 * 3772.5);
  const auto roads =
      gis::read_layer({.path = kGpkg, .layer = "roads", .fields = {{"class", "highway"}}}, utm(),
                      {.family = gis::GeometryFamily::Line});
  OGRPreparedGeometryH inside =
      OGRCreatePreparedGeometry(OGRGeometry::ToHandle(regency.geometry[0].get()));
  double outside_m = 0;
  for (const auto& g : roads.geometry) {
    if (OGRPreparedGeometryContains(inside, OGRGeometry::ToHandle(g.get()))) continue;
    std::unique_ptr<OGRGeometry> d(g->Difference(regency.geometry[0].get()));
    if (d) outside_m += OGR_G_Length(OGRGeometry::ToHandle(d.get()));
  }
  OGRDestroyPreparedGeometry(inside);
  EXPECT_LT(outside_m, 0.01);
}

TEST(DefaultData, ZonesDoNotOverlap) {
  const auto zones = gis::read_zones({.path = kGpkg, .layer = "zones"}, utm());
  std::unique_ptr<OGRGeometry> all(zones.geometry[0]->clone());
  double sum = 0;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    sum += zones.area_km2[z];
    if (z > 0) all.reset(all->Union(zones.geometry[z].get()));
  }
  const double union_km2 =
      all->toMultiPolygon() ? OGR_G_Area(OGRGeometry::ToHandle(all.get())) / 1e6 : 0;
  EXPECT_NEAR(union_km2, sum, 0.001 * sum);
}

TEST(DefaultData, KecamatanControlsAreTheDisdukcapilTotals) {
  const auto c = pop::read_controls({.path = kGpkg, .layer = "kecamatan_population"});
  ASSERT_EQ(c.id.size(), 13u);
  std::int64_t male = 0, female = 0;
  for (std::size_t k = 0; k < c.id.size(); ++k) {
    male += c.male[k];
    female += c.female[k];
  }
  EXPECT_EQ(male, 200981);
  EXPECT_EQ(female, 191668);
}

TEST(DefaultData, RoadNetworkIsLargeConnectedAndCrossesTheOganAtFiveTownBridges) {
  net::RoadLayerConfig cfg;
  cfg.layer = {.path = kGpkg, .layer = "roads"};
  const auto roads = net::read_roads(cfg, utm());
  EXPECT_GT(roads.size(), 3000u);
  net::BuildReport rep;
  const auto network = net::build_network(roads, {}, &rep);
  EXPECT_GT(network.num_links(), 8000u);
  EXPECT_LT(rep.dropped_links, static_cast<long long>(network.num_links() / 20));
  std::set<std::string> bridges;
  for (std::size_t l = 0; l < network.num_links(); ++l) {
    if (network.bridge[l] &&
        network.link_name(static_cast<net::LinkId>(l)).rfind("Jembatan Ogan", 0) == 0) {
      bridges.insert(network.link_name(static_cast<net::LinkId>(l)));
    }
  }
  EXPECT_EQ(bridges,
            (std::set<std::string>{"Jembatan Ogan I", "Jembatan Ogan II", "Jembatan Ogan III",
                                   "Jembatan Ogan IV", "Jembatan Ogan V"}));
}

TEST(DefaultData, FacilitiesIncludeThe18PuskesmasAndKnownPlaces) {
  const auto f = gis::read_facilities({.path = kGpkg, .layer = "facilities"}, utm());
  std::map<std::string, int> count;
  std::set<std::string> names;
  for (const auto& x : f) {
    ++count[x.type];
    names.insert(x.name);
  }
  EXPECT_EQ(count["puskesmas"], 18);
  EXPECT_EQ(count["hospital"], 8);
  EXPECT_GE(count["school_primary"], 200);
  EXPECT_TRUE(names.count("RSUD Dr. Ibnu Sutowo"));
  EXPECT_TRUE(names.count("Pasar Induk Batu Kuning"));
  EXPECT_TRUE(names.count("SMA Negeri 1 OKU"));
}

TEST(DefaultData, OpensInInspectAndHasFloodProneZones) {
  std::string out;
  ASSERT_EQ(test::run_command(std::string(OGAN_EXE) + " data inspect " + kGpkg, &out), 0) << out;
  for (const char* layer :
       {"zones", "kecamatan_population", "roads", "river", "facilities", "flood_prone"}) {
    EXPECT_NE(out.find(std::string("layer '") + layer + "'"), std::string::npos) << layer;
  }
  auto ds = gis::open_vector(kGpkg);
  EXPECT_GE(gis::get_layer(*ds, kGpkg, "flood_prone").GetFeatureCount(), 15);
}

}  // namespace
