#include <gdal_priv.h>
#include <gtest/gtest.h>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/gis/gdal_env.hpp"
#include "engine/population/controls.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

class Controls : public test::TempDir {
 protected:
  std::string message(const std::vector<test::TestFeature>& rows) {
    test::write_layer(path("c.gpkg"), "GPKG", "kec", 0, rows);
    try {
      pop::read_controls({.path = path("c.gpkg"), .layer = "kec"});
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(Controls, BadControlsAreRejected) {
  const std::string where = "file '" + path("c.gpkg") + "', layer 'kec', feature 1, ";
  EXPECT_EQ(message({{"", {{"code", "A"}, {"pop_male", "-5"}, {"pop_female", "3"}}}}),
            where + "field 'pop_male': '-5' is not a non-negative whole number");
  EXPECT_EQ(
      message({{"", {{"code", "A"}, {"pop_male", "5"}, {"pop_female", "3"}, {"pop_total", "9"}}}}),
      where + "field 'pop_total': total 9 is not male 5 + female 3 = 8");
  EXPECT_EQ(message({{"", {{"code", "A"}, {"pop_male", "5"}, {"pop_female", ""}}}}),
            where + "field 'pop_female': population count is empty");
  test::write_layer(path("d.gpkg"), "GPKG", "kec", 0,
                    {{"", {{"code", "A"}, {"pop_male", "5"}, {"pop_female", "3"}}},
                     {"", {{"code", "A"}, {"pop_male", "5"}, {"pop_female", "3"}}}});
  try {
    pop::read_controls({.path = path("d.gpkg"), .layer = "kec"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "file '" + path("d.gpkg") +
                  "', layer 'kec', feature 2, field 'code': duplicate control unit 'A'");
  }
}

TEST_F(Controls, DisaggregationByRasterFollowsTheDensity) {
  // Two 1 km x 1 km zones; the raster puts 3 people per cell in the east one, 1 in the west one.
  gis::ensure_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  {
    GDALDatasetUniquePtr ds(drv->Create(path("d.tif").c_str(), 20, 10, 1, GDT_Float32, nullptr));
    double gt[6] = {400000, 100, 0, 9541000, 0, -100};
    ds->SetGeoTransform(gt);
    OGRSpatialReference s;
    s.importFromEPSG(32748);
    ds->SetSpatialRef(&s);
    std::vector<float> v(200);
    for (int r = 0; r < 10; ++r)
      for (int c = 0; c < 20; ++c) v[r * 20 + c] = c < 10 ? 1.0f : 3.0f;
    ASSERT_EQ(
        ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 20, 10, v.data(), 20, 10, GDT_Float32, 0, 0),
        CE_None);
  }
  const auto utm = gis::parse_crs("EPSG:32748");
  const gis::Raster r = gis::read_raster(path("d.tif"), utm);
  test::write_layer(path("z.gpkg"), "GPKG", "zones", 32748,
                    {{"POLYGON ((400000 9540000, 401000 9540000, 401000 9541000, 400000 9541000, "
                      "400000 9540000))",
                      {{"code", "W"}, {"kecamatan_code", "K"}}},
                     {"POLYGON ((401000 9540000, 402000 9540000, 402000 9541000, 401000 9541000, "
                      "401000 9540000))",
                      {{"code", "E"}, {"kecamatan_code", "K"}}}});
  const auto zones = gis::read_zones({.path = path("z.gpkg")}, utm);
  pop::Controls c{{"K"}, {1000}, {1001}, {std::nullopt}, "test"};
  pop::DisaggregationOptions opt;
  opt.method = pop::Disaggregation::Raster;
  opt.raster = &r;
  const auto t = pop::disaggregate(c, zones, opt);
  EXPECT_EQ(t.male[0], 250);
  EXPECT_EQ(t.male[1], 750);
  EXPECT_EQ(t.female[0] + t.female[1], 1001);
  opt.method = pop::Disaggregation::Area;
  const auto a = pop::disaggregate(c, zones, opt);
  EXPECT_EQ(a.male[0], 500);
}

}  // namespace
