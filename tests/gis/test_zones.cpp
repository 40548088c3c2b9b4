#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/gis/zones.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

class ZonesTest : public test::TempDir {
 protected:
  OGRSpatialReference utm = gis::parse_crs("EPSG:32748");
};

TEST_F(ZonesTest, MappedFieldsAndAreas) {
  test::write_layer(
      path("z.gpkg"), "GPKG", "desa", 32748,
      {{"POLYGON ((0 0, 2000 0, 2000 1000, 0 1000, 0 0))",
        {{"KODE", "16.01.14.1001"}, {"NAMA", "Sukaraya"}, {"JML", "1234"}, {"KEC", "16.01.14"}}},
       {"POLYGON ((2000 0, 3000 0, 3000 1000, 2000 1000, 2000 0))",
        {{"KODE", "16.01.14.1002"}, {"NAMA", "Baturaja Lama"}, {"KEC", "16.01.14"}}}});
  auto z = gis::read_zones(
      {.path = path("z.gpkg"),
       .fields = {{"id", "KODE"}, {"name", "NAMA"}, {"population", "JML"}, {"parent", "KEC"}}},
      utm);
  ASSERT_EQ(z.size(), 2u);
  EXPECT_EQ(z.id[0], "16.01.14.1001");
  EXPECT_EQ(z.name[1], "Baturaja Lama");
  EXPECT_EQ(z.parent[1], "16.01.14");
  EXPECT_EQ(z.population[0], 1234.0);
  EXPECT_FALSE(z.population[1].has_value());
  EXPECT_DOUBLE_EQ(z.area_km2[0], 2.0);
  EXPECT_DOUBLE_EQ(z.centroid_y[0], 500.0);
}

TEST_F(ZonesTest, BadPopulationAndDuplicateIdsNameTheFeature) {
  test::write_layer(path("z.gpkg"), "GPKG", "desa", 32748,
                    {{"POLYGON ((0 0, 1 0, 1 1, 0 0))", {{"code", "A"}, {"population", "12x"}}}});
  try {
    gis::read_zones({.path = path("z.gpkg")}, utm);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "file '" + path("z.gpkg") +
                                         "', layer 'desa', feature 1, field 'population': "
                                         "population '12x' is not a number");
  }
  test::write_layer(path("d.gpkg"), "GPKG", "desa", 32748,
                    {{"POLYGON ((0 0, 1 0, 1 1, 0 0))", {{"code", "A"}}},
                     {"POLYGON ((0 0, 1 0, 1 1, 0 0))", {{"code", "A"}}}});
  try {
    gis::read_zones({.path = path("d.gpkg")}, utm);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "file '" + path("d.gpkg") +
                                         "', layer 'desa', feature 2, field 'code': duplicate "
                                         "zone id 'A'");
  }
}

// The two invalid OKU desa (Bandar Jaya, Lubuk Tupak) have this defect: a second shell inside the
// first, which is in fact an enclave of a neighbouring desa. Make-valid turns it into a hole.
TEST_F(ZonesTest, NestedShellsAreRepairedIntoAHoleAndReported) {
  test::write_layer(
      path("z.gpkg"), "GPKG", "desa", 32748,
      {{"POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))", {{"code", "A"}, {"name", "Valid"}}},
       {"MULTIPOLYGON (((0 0, 2000 0, 2000 2000, 0 2000, 0 0)),"
        " ((500 500, 1500 500, 1500 1500, 500 1500, 500 500)))",
        {{"code", "B"}, {"name", "Bandar"}}}});
  auto z = gis::read_zones({.path = path("z.gpkg")}, utm);
  ASSERT_EQ(z.size(), 2u);
  ASSERT_EQ(z.repairs.size(), 1u);
  const auto& r = z.repairs[0];
  EXPECT_EQ(r.id, "B");
  EXPECT_EQ(r.name, "Bandar");
  EXPECT_EQ(r.repair.fid, 2);
  EXPECT_EQ(r.repair.reason, "Nested shells at or near point 500 500");
  EXPECT_DOUBLE_EQ(r.repair.area_before_m2, 5e6);
  EXPECT_DOUBLE_EQ(r.repair.area_after_m2, 3e6);
  EXPECT_EQ(gis::describe(r.repair),
            "invalid polygon (Nested shells at or near point 500 500), repaired: area 5.000000 km² "
            "-> 3.000000 km²");
  EXPECT_TRUE(z.geometry[1]->IsValid());
  EXPECT_DOUBLE_EQ(z.area_km2[1], 3.0);
  // The hole is not part of the zone.
  gis::ZoneLocator at(z);
  EXPECT_EQ(at.zone_at(1000, 1000), -1);
  EXPECT_EQ(at.zone_at(1800, 1800), 1);
}

TEST_F(ZonesTest, PolygonThatCollapsesWhenRepairedIsAnErrorNamingTheFeature) {
  test::write_layer(path("z.gpkg"), "GPKG", "desa", 32748,
                    {{"POLYGON ((0 0, 1000 0, 1000 1000, 0 0))", {{"code", "A"}}},
                     {"POLYGON ((0 0, 1000 1000, 2000 2000, 0 0))", {{"code", "flat"}}}});
  try {
    gis::read_zones({.path = path("z.gpkg")}, utm);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "file '" + path("z.gpkg") +
                                         "', layer 'desa', feature 2: invalid polygon "
                                         "(Self-intersection at or near point 1000 1000) cannot "
                                         "be repaired into a polygon: make-valid gives Multi "
                                         "Line String");
  }
}

TEST_F(ZonesTest, FacilitiesFromPointsAndPolygons) {
  test::write_layer(path("f.gpkg"), "GPKG", "facilities", 32748,
                    {{"POINT (10 20)", {{"name", "Puskesmas A"}, {"type", "puskesmas"}}}});
  test::write_layer(
      path("f.gpkg"), "GPKG", "markets", 32748,
      {{"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", {{"name", "Pasar"}, {"type", "market"}}}}, true);
  auto f = gis::read_facilities({.path = path("f.gpkg"), .layer = "facilities"}, utm);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].type, "puskesmas");
  EXPECT_DOUBLE_EQ(f[0].y, 20.0);
  auto m = gis::read_facilities({.path = path("f.gpkg"), .layer = "markets"}, utm);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_GT(m[0].x, 0.0);
  EXPECT_LT(m[0].x, 10.0);
}

}  // namespace
