// `ogan export` on a small OKU run: every exported value is the results file's, the layers have
// the run's CRS and their QGIS styles, the grid is georeferenced, and bad inputs are named.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>

#include "engine/gis/gdal_env.hpp"
#include "engine/results/names.hpp"
#include "engine/results/reader.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;
using ogan::test::run_command;
namespace rp = results::path;

namespace {

std::string tmp(const std::string& name) {
  return ogan::test::scratch_dir() / ("ogan-export-" + std::to_string(::getpid()) + "-" + name);
}

const std::string& results_file() {
  static const std::string out = [] {
    const std::string f = tmp("run.h5");
    std::string log;
    EXPECT_EQ(run_command(std::string(OGAN_EXE) + " run " + test::oku_scenario_file() +
                              " --sample 0.05 --iterations 1 -o " + f,
                          &log),
              0)
        << log;
    return f;
  }();
  return out;
}

int run_ogan(const std::string& args, std::string* log) {
  return run_command(std::string(OGAN_EXE) + " " + args, log);
}

// The exports of the run, made once.
struct Exported {
  std::string gpkg = tmp("out.gpkg"), tif = tmp("present.tif");
};
const Exported& exported() {
  static const Exported e = [] {
    Exported x;
    std::string log;
    EXPECT_EQ(run_ogan("export " + results_file() + " -o " + x.gpkg + " --grid " + x.tif, &log), 0)
        << log;
    return x;
  }();
  return e;
}

GDALDatasetUniquePtr open(const std::string& path, unsigned flags) {
  gis::ensure_gdal();
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), flags | GDAL_OF_READONLY));
}

double sum_field(OGRLayer* l, const char* field) {
  double s = 0;
  l->ResetReading();
  for (auto& f : *l) s += f->GetFieldAsDouble(field);
  return s;
}

}  // namespace

TEST(Export, OgrinfoListsTheLayersInTheRunsCrsAndGdalinfoTheGridsOrigin) {
  const auto& e = exported();
  std::string log;
  ASSERT_EQ(run_command("ogrinfo -ro -q " + e.gpkg, &log), 0) << log;
  for (const char* layer : {"links (Line String)", "link_hours (None)", "zones (Multi Polygon)",
                            "facilities (Point)", "layer_styles (None)"})
    EXPECT_NE(log.find(layer), std::string::npos) << layer << "\n" << log;
  ASSERT_EQ(run_command("ogrinfo -ro -so " + e.gpkg + " zones", &log), 0) << log;
  EXPECT_NE(log.find("ID[\"EPSG\",32748]"), std::string::npos) << log;

  const results::Reader r(results_file());
  const auto x = r.doubles(rp::kGridsX), y = r.doubles(rp::kGridsY);
  const double cell = x[1] - x[0];
  ASSERT_EQ(run_command("gdalinfo " + e.tif, &log), 0) << log;
  EXPECT_NE(log.find(fmt::format("Origin = ({:.15f},{:.15f})", x[0] - cell / 2, y[0] + cell / 2)),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(fmt::format("Pixel Size = ({:.15f},{:.15f})", cell, -cell)), std::string::npos)
      << log;
  EXPECT_NE(log.find("ID[\"EPSG\",32748]"), std::string::npos);
  EXPECT_NE(log.find("Description = 10:00-10:15"), std::string::npos);
}

TEST(Export, LinkValuesAreTheResultsFilesVolumesSpeedsAndCapacities) {
  const results::Reader r(results_file());
  std::vector<hsize_t> dims;
  const auto veh = r.read<float>(rp::kLinkVolumeVeh, &dims);
  const std::size_t T = dims[0], L = dims[1], M = dims[2];
  const auto pcu = r.read<float>(rp::kLinkVolumePcu);
  const auto cap = r.doubles(rp::kLinksCapacityPcuH);
  const auto start = r.doubles(rp::kIntervalStartS);
  auto ds = open(exported().gpkg, GDAL_OF_VECTOR);
  ASSERT_TRUE(ds);
  OGRLayer* links = ds->GetLayerByName("links");
  ASSERT_NE(links, nullptr);
  ASSERT_EQ(static_cast<std::size_t>(links->GetFeatureCount()), L);
  double total = 0;
  for (auto v : veh) total += v;
  EXPECT_NEAR(sum_field(links, "day_veh"), total, 1e-6 * total);
  // The busiest link of the morning: its volumes and v/c, interval by interval from the file.
  std::size_t busiest = 0;
  double best = -1;
  std::vector<double> am_veh(L, 0), am_pcu(L, 0);
  for (std::size_t k = 0; k < T; ++k) {
    if (start[k] < 6 * 3600 || start[k] >= 9 * 3600) continue;
    for (std::size_t l = 0; l < L; ++l) {
      for (std::size_t m = 0; m < M; ++m) am_veh[l] += veh[(k * L + l) * M + m];
      am_pcu[l] += pcu[k * L + l];
    }
  }
  for (std::size_t l = 0; l < L; ++l)
    if (am_veh[l] > best) best = am_veh[l], busiest = l;
  ASSERT_GT(best, 0);
  links->SetAttributeFilter(fmt::format("link = {}", busiest).c_str());
  OGRFeatureUniquePtr f(links->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->GetFieldAsDouble("am_peak_veh"), am_veh[busiest], 1e-3);
  EXPECT_NEAR(f->GetFieldAsDouble("am_peak_pcu_h"), am_pcu[busiest] / 3, 1e-3);
  EXPECT_NEAR(f->GetFieldAsDouble("am_peak_vc"), am_pcu[busiest] / 3 / cap[busiest], 1e-6);
  EXPECT_GT(f->GetFieldAsDouble("am_peak_kmh"), 0);

  // The hourly table holds the same vehicles, related by link id.
  OGRLayer* hours = ds->GetLayerByName("link_hours");
  ASSERT_NE(hours, nullptr);
  hours->SetAttributeFilter(fmt::format("link = {} AND hour >= 6 AND hour < 9", busiest).c_str());
  EXPECT_NEAR(sum_field(hours, "veh"), am_veh[busiest], 1e-3);
  hours->SetAttributeFilter(nullptr);
  EXPECT_NEAR(sum_field(hours, "veh"), total, 1e-6 * total);
}

TEST(Export, ZonesAndFacilitiesCarryTheFilesPopulationVisitsAndAccessibility) {
  const results::Reader r(results_file());
  const auto pop = r.ints(rp::kZonesPopulation);
  const auto visits = r.doubles(rp::kDayArrivals);
  const auto grid = r.read<float>(rp::kGridsPresentPopulation);
  auto ds = open(exported().gpkg, GDAL_OF_VECTOR);
  ASSERT_TRUE(ds);
  OGRLayer* zones = ds->GetLayerByName("zones");
  ASSERT_EQ(static_cast<std::size_t>(zones->GetFeatureCount()), pop.size());
  EXPECT_DOUBLE_EQ(sum_field(zones, "population"),
                   static_cast<double>(std::accumulate(pop.begin(), pop.end(), std::int64_t{0})));
  // People present at 10:00-10:15 are shared out of the 1 km cells by the area the zone has in
  // each: never more than the grid holds, and nearly all of it (cells at the regency's edge
  // reach outside every zone).
  const auto start = r.doubles(rp::kIntervalStartS);
  const auto k =
      static_cast<std::size_t>(std::find(start.begin(), start.end(), 10 * 3600.0) - start.begin());
  ASSERT_LT(k, start.size());
  const std::size_t cells = grid.size() / start.size();
  double in_grid = 0;
  for (std::size_t i = 0; i < cells; ++i) in_grid += grid[k * cells + i];
  const double in_zones = sum_field(zones, "present_1000");
  EXPECT_LE(in_zones, in_grid * (1 + 1e-9));
  EXPECT_GE(in_zones, 0.97 * in_grid);
  EXPECT_GE(zones->GetLayerDefn()->GetFieldIndex("puskesmas_moto_min"), 0);
  OGRLayer* fac = ds->GetLayerByName("facilities");
  ASSERT_EQ(static_cast<std::size_t>(fac->GetFeatureCount()), visits.size());
  EXPECT_NEAR(sum_field(fac, "visits"), std::accumulate(visits.begin(), visits.end(), 0.0), 1e-3);
}

TEST(Export, EveryLayerHasADefaultQgisStyleOnOneOfItsFields) {
  auto ds = open(exported().gpkg, GDAL_OF_VECTOR);
  ASSERT_TRUE(ds);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  std::set<std::string> styled;
  for (auto& f : *styles) {
    const std::string table = f->GetFieldAsString("f_table_name");
    const std::string qml = f->GetFieldAsString("styleQML");
    EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
    EXPECT_EQ(std::string(f->GetFieldAsString("f_geometry_column")), "geom");
    styled.insert(table);
    // Well-formed XML whose renderer reads a field the layer has.
    const auto file = tmp(table + ".qml");
    { std::ofstream(file) << qml; }
    std::string log;
    EXPECT_EQ(
        run_command("python3 -c 'import sys,xml.dom.minidom as m; d=m.parse(sys.argv[1]); "
                    "print(d.getElementsByTagName(\"renderer-v2\")[0].getAttribute(\"attr\"))' " +
                        file,
                    &log),
        0)
        << log;
    while (!log.empty() && (log.back() == '\n' || log.back() == '\r')) log.pop_back();
    OGRLayer* layer = ds->GetLayerByName(table.c_str());
    ASSERT_NE(layer, nullptr) << table;
    EXPECT_GE(layer->GetLayerDefn()->GetFieldIndex(log.c_str()), 0) << table << ": " << log;
  }
  EXPECT_EQ(styled, (std::set<std::string>{"links", "zones", "facilities"}));
}

TEST(Export, TheGridTifHasOneBandPerIntervalWithTheFilesPeople) {
  const results::Reader r(results_file());
  std::vector<hsize_t> dims;
  const auto grid = r.read<float>(rp::kGridsPresentPopulation, &dims);
  auto ds = open(exported().tif, GDAL_OF_RASTER);
  ASSERT_TRUE(ds);
  ASSERT_EQ(static_cast<hsize_t>(ds->GetRasterCount()), dims[0]);
  ASSERT_EQ(static_cast<hsize_t>(ds->GetRasterYSize()), dims[1]);
  ASSERT_EQ(static_cast<hsize_t>(ds->GetRasterXSize()), dims[2]);
  const std::size_t cells = dims[1] * dims[2];
  for (int k : {8, 40}) {
    std::vector<float> band(cells);
    ASSERT_EQ(ds->GetRasterBand(k + 1)->RasterIO(
                  GF_Read, 0, 0, static_cast<int>(dims[2]), static_cast<int>(dims[1]), band.data(),
                  static_cast<int>(dims[2]), static_cast<int>(dims[1]), GDT_Float32, 0, 0, nullptr),
              CE_None);
    for (std::size_t i = 0; i < cells; ++i)
      ASSERT_EQ(band[i], grid[static_cast<std::size_t>(k) * cells + i]) << k << " " << i;
  }
}

TEST(Export, BadInputsAreNamedExitTwoAndLeaveNoFile) {
  std::string log;
  const auto out = tmp("bad.gpkg");
  EXPECT_EQ(run_ogan("export " + results_file(), &log), 2);
  EXPECT_NE(log.find("nothing to write: give -o FILE.gpkg and/or --grid FILE.tif"),
            std::string::npos)
      << log;
  // An HDF5 file that is not a results file.
  const auto other = tmp("other.h5");
  const hid_t f = H5Fcreate(other.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Fclose(f);
  EXPECT_EQ(run_ogan("export " + other + " -o " + out, &log), 2);
  EXPECT_NE(log.find(other), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(out));
  // A truncated results file.
  const auto cut = tmp("cut.h5");
  std::filesystem::copy_file(results_file(), cut,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
  EXPECT_EQ(run_ogan("export " + cut + " -o " + out + " --grid " + tmp("bad.tif"), &log), 2) << log;
  EXPECT_NE(log.find(cut), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp.gpkg"));
  EXPECT_FALSE(std::filesystem::exists(tmp("bad.tif")));
}

TEST(Export, CountStationsCarryTheirObservedAndSimulatedCountsAndAStyle) {
  const auto dir = tmp("obs");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/stations.csv") << "station_id,link_id\ns1,10\ns2,20\n";
  std::ofstream(dir + "/counts.csv") << "station_id,from,to,class,count\n"
                                        "s1,07:00,08:00,motorcycle,120\n"
                                        "s1,08:00,09:00,car,90\n"
                                        "s2,07:00,08:00,motorcycle,40\n";
  const auto h5 = tmp("obs.h5"), gpkg = tmp("obs.gpkg");
  std::string log;
  ASSERT_EQ(run_command(std::string(OGAN_EXE) + " run " + test::oku_scenario_file() +
                            " --sample 0.02 --iterations 1 --observations " + dir + " -o " + h5,
                        &log),
            0)
      << log;
  ASSERT_EQ(run_ogan("export " + h5 + " -o " + gpkg, &log), 0) << log;
  const results::Reader r(h5);
  namespace ob = results::observations;
  const auto station = r.ints(ob::kCountsStation);
  const auto simulated = r.doubles(ob::kCountsSimulated);
  double s1 = 0;
  for (std::size_t i = 0; i < station.size(); ++i)
    if (station[i] == 0) s1 += simulated[i];
  auto ds = open(gpkg, GDAL_OF_VECTOR);
  ASSERT_TRUE(ds);
  OGRLayer* st = ds->GetLayerByName("stations");
  ASSERT_NE(st, nullptr);
  ASSERT_EQ(st->GetFeatureCount(), 2);
  st->SetAttributeFilter("id = 's1'");
  OGRFeatureUniquePtr f(st->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->GetFieldAsInteger("link"), 10);
  EXPECT_EQ(f->GetFieldAsInteger("records"), 2);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("observed"), 210);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("simulated"), s1);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  styles->SetAttributeFilter("f_table_name = 'stations'");
  EXPECT_EQ(styles->GetFeatureCount(), 1);
}
