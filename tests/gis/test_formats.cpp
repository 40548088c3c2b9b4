#include <gdal_priv.h>
#include <gtest/gtest.h>

#include "engine/gis/crs.hpp"
#include "engine/gis/facilities.hpp"
#include "engine/gis/feature_table.hpp"
#include "engine/gis/gdal_env.hpp"
#include "engine/gis/raster.hpp"
#include "engine/network/road_reader.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
using ogan::test::TempDir;

namespace {

class Formats : public TempDir {
 protected:
  OGRSpatialReference utm = gis::parse_crs("EPSG:32748");
};

// lon 105 E is the central meridian of UTM 48; on the equator the southern-hemisphere
// coordinates are exactly (500000, 10000000): a reprojection check that needs no tables.
TEST_F(Formats, GeoJsonIsReprojectedIntoUtm48S) {
  test::write_text(path("p.geojson"), R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"origin"},"geometry":{"type":"Point","coordinates":[105,0]}}]})");
  auto t = gis::read_layer({.path = path("p.geojson"), .fields = {{"name", "name"}}}, utm,
                           {.family = gis::GeometryFamily::Point});
  ASSERT_EQ(t.size(), 1u);
  const auto* p = t.geometry[0]->toPoint();
  EXPECT_NEAR(p->getX(), 500000.0, 1e-3);
  EXPECT_NEAR(p->getY(), 10000000.0, 1e-3);
  EXPECT_EQ(t.get("name", 0), "origin");
}

TEST_F(Formats, GeoPackageAndShapefileKeepTheirMetricCoordinates) {
  const std::vector<test::TestFeature> f = {
      {"LINESTRING (400000 9540000, 400100 9540000)", {{"highway", "primary"}}}};
  test::write_layer(path("r.gpkg"), "GPKG", "roads", 32748, f);
  test::write_layer(path("r.shp"), "ESRI Shapefile", "r", 32748, f);
  for (const char* file : {"r.gpkg", "r.shp"}) {
    auto t = gis::read_layer({.path = path(file), .fields = {{"class", "highway"}}}, utm,
                             {.family = gis::GeometryFamily::Line});
    ASSERT_EQ(t.size(), 1u) << file;
    const auto* ls = t.geometry[0]->toLineString();
    EXPECT_NEAR(ls->getX(1), 400100.0, 1e-6) << file;
    EXPECT_EQ(t.get("class", 0), "primary") << file;
  }
}

TEST_F(Formats, OsmXmlRoadsUseTagsFromOtherTags) {
  test::write_text(path("town.osm"), R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="-4.1300" lon="104.1600"/>
  <node id="2" lat="-4.1300" lon="104.1700"/>
  <node id="3" lat="-4.1200" lon="104.1700"/>
  <node id="4" lat="-4.1250" lon="104.1650"><tag k="amenity" v="hospital"/><tag k="name" v="RSUD Test"/></node>
  <node id="5" lat="-4.1210" lon="104.1610"/>
  <node id="6" lat="-4.1210" lon="104.1620"/>
  <node id="7" lat="-4.1220" lon="104.1620"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="name" v="Jl. Test"/><tag k="lanes" v="4"/><tag k="maxspeed" v="40"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="-1"/></way>
  <way id="12"><nd ref="1"/><nd ref="3"/><tag k="waterway" v="river"/></way>
  <way id="13"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="5"/><tag k="amenity" v="marketplace"/><tag k="name" v="Pasar Test"/></way>
</osm>)");
  net::RoadLayerConfig cfg;
  cfg.layer.path = path("town.osm");
  cfg.layer.layer = "lines";
  net::RoadReadReport rep;
  auto roads = net::read_roads(cfg, utm, &rep);
  ASSERT_EQ(roads.size(), 2u);
  EXPECT_EQ(rep.ignored_class, 1);  // the river
  EXPECT_EQ(roads[0].name, "Jl. Test");
  EXPECT_EQ(roads[0].lanes_total, 4);
  EXPECT_DOUBLE_EQ(roads[0].speed_kmh, 40.0);
  EXPECT_EQ(roads[1].oneway, gis::OneWay::Backward);

  auto fac = gis::read_osm_facilities(path("town.osm"), utm);
  ASSERT_EQ(fac.size(), 2u);
  std::sort(fac.begin(), fac.end(), [](auto& a, auto& b) { return a.name < b.name; });
  EXPECT_EQ(fac[0].type, "market");
  EXPECT_EQ(fac[1].type, "hospital");
  EXPECT_EQ(fac[1].name, "RSUD Test");
}

TEST_F(Formats, GeoTiffIsReadAndWarpedIntoTheTargetCrs) {
  gis::ensure_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  {
    GDALDatasetUniquePtr ds(drv->Create(path("d.tif").c_str(), 20, 10, 1, GDT_Float32, nullptr));
    double gt[6] = {104.0, 0.01, 0, -4.0, 0, -0.01};  // 104.0-104.2 E, 4.0-4.1 S
    ds->SetGeoTransform(gt);
    OGRSpatialReference wgs;
    wgs.importFromEPSG(4326);
    ds->SetSpatialRef(&wgs);
    std::vector<float> v(200, 250.0f);
    ASSERT_EQ(
        ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 20, 10, v.data(), 20, 10, GDT_Float32, 0, 0),
        CE_None);
  }
  gis::Raster r = gis::read_raster(path("d.tif"), utm);
  // 104.0..104.2 E at ~4 S is about 388.9..411.1 km east in UTM 48.
  EXPECT_NEAR(r.min_x(), 388900, 400);
  EXPECT_NEAR(r.max_x(), 411100, 400);
  EXPECT_GT(r.min_y(), 9540000);
  double x = 400000, y = 4.05;  // a point in the middle, converted below
  gis::Reprojector to_utm(gis::parse_crs("EPSG:4326"), utm);
  x = 104.1;
  y = -4.05;
  ASSERT_TRUE(to_utm.apply(x, y));
  ASSERT_TRUE(r.sample(x, y).has_value());
  EXPECT_NEAR(*r.sample(x, y), 250.0, 1e-3);
  EXPECT_FALSE(r.sample(0, 0).has_value());
}

}  // namespace
