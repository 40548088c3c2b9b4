#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/gis/dataset.hpp"
#include "engine/gis/feature_table.hpp"
#include "engine/network/road_reader.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

class BadInput : public test::TempDir {
 protected:
  OGRSpatialReference utm = gis::parse_crs("EPSG:32748");

  std::string message_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const InputError& e) {
      EXPECT_EQ(e.exit_code(), 2);
      return e.what();
    }
    ADD_FAILURE() << "expected an InputError";
    return "";
  }

  void write_roads(const std::vector<test::TestFeature>& f) {
    test::write_layer(path("r.gpkg"), "GPKG", "roads", 32748, f);
    test::write_layer(path("r.gpkg"), "GPKG", "zones", 32748,
                      {{"POLYGON ((0 0, 1 0, 1 1, 0 0))", {{"code", "1"}}}}, true);
  }
  net::RoadLayerConfig roads_cfg() {
    net::RoadLayerConfig c;
    c.layer.path = path("r.gpkg");
    c.layer.layer = "roads";
    return c;
  }
};

TEST_F(BadInput, MissingFile) {
  EXPECT_EQ(message_of([&] { gis::open_vector(path("nope.gpkg")); }),
            "file '" + path("nope.gpkg") + "': does not exist");
}

TEST_F(BadInput, NotAGisFile) {
  test::write_text(path("notes.txt"), "hello\n");
  EXPECT_NE(message_of([&] {
              gis::open_vector(path("notes.txt"));
            }).find("GDAL cannot open it as a vector dataset"),
            std::string::npos);
}

TEST_F(BadInput, MissingLayerListsTheLayers) {
  write_roads({{"LINESTRING (0 0, 100 0)", {{"highway", "primary"}}}});
  auto c = roads_cfg();
  c.layer.layer = "jalan";
  EXPECT_EQ(message_of([&] { net::read_roads(c, utm); }),
            "file '" + path("r.gpkg") + "': no layer 'jalan'; layers in the file: roads, zones");
}

TEST_F(BadInput, MissingMappedFieldListsTheFields) {
  write_roads({{"LINESTRING (0 0, 100 0)", {{"highway", "primary"}, {"name", "A"}}}});
  auto c = roads_cfg();
  c.layer.fields["lanes"] = "LAJUR";
  EXPECT_EQ(message_of([&] { net::read_roads(c, utm); }),
            "file '" + path("r.gpkg") +
                "', layer 'roads': field 'LAJUR' (mapped as 'lanes') does not exist; fields in "
                "the layer: highway, name");
}

TEST_F(BadInput, MissingClassFieldIsReported) {
  test::write_layer(path("r.gpkg"), "GPKG", "roads", 32748,
                    {{"LINESTRING (0 0, 100 0)", {{"kelas", "primary"}}}});
  EXPECT_EQ(message_of([&] { net::read_roads(roads_cfg(), utm); }),
            "file '" + path("r.gpkg") +
                "', layer 'roads': no field 'highway'; fields in the layer: kelas");
}

TEST_F(BadInput, LayerWithoutCrs) {
  test::write_layer(path("r.shp"), "ESRI Shapefile", "r", 0,
                    {{"LINESTRING (0 0, 100 0)", {{"highway", "primary"}}}});
  net::RoadLayerConfig c;
  c.layer.path = path("r.shp");
  EXPECT_EQ(message_of([&] { net::read_roads(c, utm); }),
            "file '" + path("r.shp") +
                "', layer 'r': the layer has no CRS; set one on the file or give assume_crs");
  c.layer.assume_crs = "EPSG:32748";
  EXPECT_EQ(net::read_roads(c, utm).size(), 1u);
}

TEST_F(BadInput, WrongGeometryTypeNamesTheFeature) {
  write_roads({{"LINESTRING (0 0, 100 0)", {{"highway", "primary"}}},
               {"POINT (5 5)", {{"highway", "primary"}}}});
  EXPECT_EQ(message_of([&] { net::read_roads(roads_cfg(), utm); }),
            "file '" + path("r.gpkg") +
                "', layer 'roads', feature 2: geometry is a Point, expected a line");
}

TEST_F(BadInput, UnknownRoadClassNamesFeatureAndValue) {
  write_roads({{"LINESTRING (0 0, 100 0)", {{"highway", "primary"}}},
               {"LINESTRING (100 0, 200 0)", {{"highway", "jalan_kampung"}}}});
  const auto msg = message_of([&] { net::read_roads(roads_cfg(), utm); });
  EXPECT_EQ(msg.rfind("file '" + path("r.gpkg") +
                          "', layer 'roads', feature 2, field 'highway': unknown road class "
                          "'jalan_kampung'; known classes: motorway, ",
                      0),
            0u)
      << msg;
  auto c = roads_cfg();
  c.class_map["jalan_kampung"] = "residential";
  EXPECT_EQ(net::read_roads(c, utm).size(), 2u);
}

TEST_F(BadInput, EmptyGeometryIsSkippedAndCounted) {
  write_roads(
      {{"LINESTRING (0 0, 100 0)", {{"highway", "primary"}}}, {"", {{"highway", "primary"}}}});
  auto t =
      gis::read_layer({.path = path("r.gpkg"), .layer = "roads", .fields = {{"class", "highway"}}},
                      utm, {.family = gis::GeometryFamily::Line});
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.report.skipped_empty, 1);
  EXPECT_EQ(t.report.skipped_ids, std::vector<long long>{2});
}

TEST_F(BadInput, InvalidPolygonIsRepairedAndCounted) {
  test::write_layer(path("z.gpkg"), "GPKG", "zones", 32748,
                    {{"POLYGON ((0 0, 100 100, 100 0, 0 100, 0 0))", {{"code", "bowtie"}}},
                     {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", {{"code", "ok"}}}});
  auto t = gis::read_layer({.path = path("z.gpkg"), .fields = {{"id", "code"}}}, utm,
                           {.family = gis::GeometryFamily::Polygon});
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.report.repaired_invalid, 1);
  ASSERT_EQ(t.report.repairs.size(), 1u);
  EXPECT_EQ(t.report.repairs[0].fid, 1);
  EXPECT_EQ(t.report.repairs[0].reason, "Self-intersection at or near point 50 50");
  EXPECT_DOUBLE_EQ(t.report.repairs[0].area_before_m2, 0.0);  // the two lobes cancel
  EXPECT_DOUBLE_EQ(t.report.repairs[0].area_after_m2, 5000.0);
  EXPECT_TRUE(t.geometry[0]->IsValid());
  EXPECT_NEAR(t.geometry[0]->toMultiPolygon()->get_Area(), 5000.0, 1e-6);
}

TEST_F(BadInput, UnknownCrsText) {
  EXPECT_EQ(message_of([] { gis::parse_crs("EPSG:999999"); }),
            "crs: 'EPSG:999999' is not a coordinate reference system GDAL knows (expected e.g. "
            "EPSG:32748, a WKT or a PROJ string)");
}

}  // namespace

namespace {

// A layer large enough to span many pages, as a GeoPackage's roads table does.
std::vector<test::TestFeature> many_roads(int n) {
  std::vector<test::TestFeature> f;
  for (int i = 0; i < n; ++i) {
    f.push_back({fmt::format("LINESTRING ({0} 0, {0} 100, {1} 100)", i * 10, i * 10 + 5),
                 {{"highway", "residential"}, {"name", fmt::format("Jalan {}", i)}}});
  }
  return f;
}

// GDAL ends its feature loop on a read error as it does at the end of a layer: before the fix,
// a damaged page loaded as a shorter layer with no warning. Wherever the damage is, reading must
// fail and name the file and layer.
TEST_F(BadInput, DamagedPageAnywhereInALayerIsAnErrorNotFewerFeatures) {
  test::write_layer(path("clean.gpkg"), "GPKG", "roads", 32748, many_roads(3000));
  const gis::LayerSpec spec{
      .path = path("r.gpkg"), .layer = "roads", .fields = {{"class", "highway"}}};
  for (const double which : {0.0, 0.3, 0.6, 0.99}) {
    std::filesystem::copy_file(path("clean.gpkg"), path("r.gpkg"),
                               std::filesystem::copy_options::overwrite_existing);
    const auto page = test::damage_table_page(path("r.gpkg"), "roads", which);
    const auto msg =
        message_of([&] { gis::read_layer(spec, utm, {.family = gis::GeometryFamily::Line}); });
    EXPECT_EQ(msg.rfind("file '" + path("r.gpkg") + "', layer 'roads': ", 0), 0u)
        << "page " << page << ": " << msg;
    EXPECT_NE(msg.find("damaged"), std::string::npos) << msg;
  }
  std::filesystem::copy_file(path("clean.gpkg"), path("r.gpkg"),
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ(gis::read_layer(spec, utm, {.family = gis::GeometryFamily::Line}).size(), 3000u);
}

}  // namespace
