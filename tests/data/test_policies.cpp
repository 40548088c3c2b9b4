// Policies change what they should, on the OKU data.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/network/dijkstra.hpp"
#include "engine/run/pipeline.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/services/accessibility.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

std::string policy_scenario(const std::string& name, const std::string& policies) {
  const std::string p =
      ogan::test::scratch_dir() / (name + "-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream out(p);
  out << "extends: " << test::oku_scenario_file() << "\n" << policies;
  return p;
}

// One iteration of a fifth of the households, through the run library. The OKU scenario itself
// runs on the shared world; a policy scenario loads its own.
std::unique_ptr<run::Run> run(const std::string& file = {}) {
  return test::oku_run({.scenario = file, .sample = 0.2, .iterations = 1});
}

double volume(const run::Run& r, const std::string& name) {
  double v = 0;
  const auto& s = r.result().last.links;
  for (std::size_t l = 0; l < r.world().network.num_links(); ++l) {
    if (r.world().network.link_name(static_cast<net::LinkId>(l)) != name) continue;
    for (int k = 0; k < s.intervals; ++k)
      v += s.volume_pcu[static_cast<std::size_t>(k) * s.links + l];
  }
  return v;
}

TEST(Policies, AClosedBridgeCarriesNoTraffic) {
  const auto base = run();
  const auto closed = run(
      policy_scenario("ogan2", "policies:\n  - type: close_road\n    name: Jembatan Ogan II\n"));
  EXPECT_GT(volume(*base, "Jembatan Ogan II"), 100);
  EXPECT_EQ(volume(*closed, "Jembatan Ogan II"), 0);
  EXPECT_GT(volume(*closed, "Jembatan Ogan III") + volume(*closed, "Jembatan Ogan I"),
            volume(*base, "Jembatan Ogan III") + volume(*base, "Jembatan Ogan I"));
  EXPECT_EQ(closed->setup().cfg.policies.descriptions().size(), 1u);
}

TEST(Policies, AFloodClosesTheLinksAndFacilitiesInside) {
  const auto flood = run(policy_scenario(
      "flood", std::string("policies:\n  - type: flood\n    path: ") + OGAN_TEST_GPKG +
                   "\n    layer: flood_prone\n    from: \"06:00\"\n    to: \"12:00\"\n"));
  EXPECT_GT(flood->world().closures.size(), 100u);
  const auto& s = flood->result().last.links;
  // No vehicle enters a flooded link while the water is up, other than vehicles starting or
  // ending their trip on it (homes in the flooded area).
  double inside = 0, outside_window = 0;
  for (const auto& c : flood->world().closures) {
    EXPECT_DOUBLE_EQ(c.from_s, 6 * 3600.0);
    for (int k = 0; k < s.intervals; ++k) {
      const double v =
          s.volume_pcu[static_cast<std::size_t>(k) * s.links + static_cast<std::size_t>(c.link)];
      (k >= 24 && k < 48 ? inside : outside_window) += v;
    }
  }
  EXPECT_LT(inside, 0.1 * outside_window);
  // Facilities in the flooded kelurahan are closed: fewer facilities than in the baseline.
  EXPECT_LT(flood->world().facility_list.size(), test::oku_world().world.facility_list.size());
  // Access to puskesmas is measured without the flooded streets (the water is up from 06:00 to
  // 12:00, within the working day): no zone is nearer, and some are farther or cut off.
  const auto closed = scenario::closed_in_working_day(flood->world());
  EXPECT_GT(std::count(closed.begin(), closed.end(), 1), 100);
  const auto pop = test::oku_demand({}).population;
  const auto& w = flood->world();
  const auto open =
      svc::accessibility(w.network, w.zones, w.zone_links, w.facilities, pop, {"puskesmas"});
  const auto cut = svc::accessibility(w.network, w.zones, w.zone_links, w.facilities, pop,
                                      {"puskesmas"}, closed);
  int farther = 0;
  for (std::size_t z = 0; z < w.zones.size(); ++z) {
    const auto before = open.motorcycle_s[z], after = cut.motorcycle_s[z];
    if (before == net::kUnreachable) continue;
    EXPECT_TRUE(after == net::kUnreachable || after >= before - 1e-9) << w.zones.id[z];
    farther += after == net::kUnreachable || after > before + 1;
  }
  EXPECT_GT(farther, 0);
}

TEST(Policies, PopulationGrowthAndStaggeredSchools) {
  auto grown = scenario::load_world_config(
      policy_scenario("grow", "policies:\n  - type: grow_population\n    target_year: 2035\n"));
  const auto w = scenario::load_world(grown);
  std::int64_t before = 0, after = 0;
  for (std::size_t k = 0; k < w.controls.id.size(); ++k) {
    after += w.controls.male[k] + w.controls.female[k];
    before += test::oku_world().world.controls.male[k] + test::oku_world().world.controls.female[k];
  }
  EXPECT_GT(static_cast<double>(after), static_cast<double>(before) * 1.05);
  EXPECT_LT(static_cast<double>(after), static_cast<double>(before) * 1.3);
  const auto stagger = scenario::load_world_config(
      policy_scenario("stagger", "policies:\n  - type: stagger_school\n    shift_min: 45\n"));
  EXPECT_DOUBLE_EQ(stagger.plans.school_start_shift_s, 45 * 60.0);
}

}  // namespace

#include <gdal_priv.h>

#include "engine/gis/crs.hpp"
#include "engine/gis/gdal_env.hpp"

namespace {

TEST(Policies, RoadsCloseByIdOrNearAPointAndFloodsComeFromADepthRaster) {
  const auto& net = test::oku_world().world.network;
  net::LinkId bridge = -1;
  for (std::size_t l = 0; l < net.num_links(); ++l)
    if (net.link_name(static_cast<net::LinkId>(l)) == "Jembatan Ogan II")
      bridge = static_cast<net::LinkId>(l);
  ASSERT_GE(bridge, 0);
  const auto g = net.geom_offset[bridge];
  double x = (net.geom_x[g] + net.geom_x[g + 1]) / 2, y = (net.geom_y[g] + net.geom_y[g + 1]) / 2;
  const double ux = x, uy = y;
  gis::Reprojector(gis::parse_crs("EPSG:32748"), gis::parse_crs("EPSG:4326")).apply(x, y);
  auto closures = [](const std::string& file) {
    const auto cfg = scenario::load_world_config(file);
    return scenario::load_world(cfg).closures;
  };
  const auto near = closures(policy_scenario(
      "near",
      fmt::format(
          "policies:\n  - type: close_road\n    near: {{lon: {:.8f}, lat: {:.8f}, radius_m: 30}}\n",
          x, y)));
  EXPECT_TRUE(
      std::any_of(near.begin(), near.end(), [&](const auto& c) { return c.link == bridge; }));
  const auto ids =
      closures(policy_scenario("ids", fmt::format("policies:\n  - type: close_road\n    link_ids: "
                                                  "[{}]\n    from: \"07:00\"\n    to: \"09:00\"\n",
                                                  bridge)));
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0].link, bridge);
  EXPECT_DOUBLE_EQ(ids[0].to_s, 9 * 3600.0);
  // A 1 km x 1 km depth raster, 1.2 m deep, centred on the bridge.
  gis::ensure_gdal();
  const std::string tif =
      ogan::test::scratch_dir() / ("ogan-depth-" + std::to_string(::getpid()) + ".tif");
  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(
        tif.c_str(), 10, 10, 1, GDT_Float32, nullptr));
    double gt[6] = {ux - 500, 100, 0, uy + 500, 0, -100};
    ds->SetGeoTransform(gt);
    OGRSpatialReference s;
    s.importFromEPSG(32748);
    ds->SetSpatialRef(&s);
    std::vector<float> v(100, 1.2f);
    ASSERT_EQ(
        ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 10, 10, v.data(), 10, 10, GDT_Float32, 0, 0),
        CE_None);
  }
  const auto flood = closures(policy_scenario(
      "raster", "policies:\n  - type: flood\n    raster: " + tif + "\n    threshold_m: 0.5\n"));
  EXPECT_GT(flood.size(), 5u);
  EXPECT_TRUE(
      std::any_of(flood.begin(), flood.end(), [&](const auto& c) { return c.link == bridge; }));
  const auto shallow = closures(policy_scenario(
      "shallow", "policies:\n  - type: flood\n    raster: " + tif + "\n    threshold_m: 2\n"));
  EXPECT_TRUE(shallow.empty());
  std::filesystem::remove(tif);
}

}  // namespace
