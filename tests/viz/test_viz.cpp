// ogan-viz maps on a real results file: pixels of the PNG, text of the PDF, XML of the SVG, the
// numbers behind each layer, and clear errors for files and options it cannot draw.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "engine/io/results.hpp"
#include "engine/results/reader.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/viz/viz_fixture.hpp"

using namespace ogan;
using namespace ogan::test::viz;

namespace {

std::array<int, 3> rgb(const std::string& hex) {
  return {std::stoi(hex.substr(1, 2), nullptr, 16), std::stoi(hex.substr(3, 2), nullptr, 16),
          std::stoi(hex.substr(5, 2), nullptr, 16)};
}

// The last colour of the sequential ramp (viridis' dark end): the largest values.
const std::array<int, 3> kEnd = {68, 1, 84};

TEST(Viz, PngMapHasLegendNorthArrowColouredLinksAndABlankBackground) {
  const std::string png = tmp("vc.png");
  int rc;
  const auto log =
      viz("map " + results_file() + " --layer volume --time 06:30 --landscape --dpi 100 -o " + png,
          &rc);
  ASSERT_EQ(rc, 0) << log;
  Png img(png);
  ASSERT_EQ(img.width(), 1169);  // A4 landscape at 100 dpi
  // The legend's colour bar (right of the map frame) is drawn: not white, not grey.
  const double fx = (kFrameX1 + 18 + 7) / kPageW;
  int coloured = 0;
  for (double fy = 0.15; fy < 0.35; fy += 0.01) {
    const auto c = img.at(fx, fy);
    coloured += !(c[0] == c[1] && c[1] == c[2]);
  }
  EXPECT_GT(coloured, 10);
  // The north arrow, near the frame's top right corner, has black pixels.
  int black = 0;
  for (double x = 0.74; x < 0.78; x += 0.002)
    for (double y = 0.11; y < 0.17; y += 0.002) {
      const auto c = img.at(x, y);
      black += c[0] < 40 && c[1] < 40 && c[2] < 40;
    }
  EXPECT_GT(black, 5);
  // Loaded links are coloured: many saturated pixels inside the map.
  int links = 0;
  for (double x = 0.1; x < 0.75; x += 0.004)
    for (double y = 0.15; y < 0.9; y += 0.004) {
      const auto c = img.at(x, y);
      links += std::max({c[0], c[1], c[2]}) - std::min({c[0], c[1], c[2]}) > 60;
    }
  EXPECT_GT(links, 50);
  // Outside the regency, inside the frame, the page stays blank.
  const auto corner = img.at(0.06, 0.13);
  EXPECT_EQ(corner, (std::array<int, 3>{255, 255, 255}));
  std::filesystem::remove(png);
}

TEST(Viz, PdfIsVectorWithTitleLegendAndKecamatanNamesAndSvgIsXml) {
  const std::string pdf = tmp("map.pdf"), oku = tmp("oku.pdf"), svg = tmp("map.svg");
  int rc;
  auto log = viz("map " + results_file() + " --zoom baturaja --period 06:00-08:00 -o " + pdf, &rc);
  ASSERT_EQ(rc, 0) << log;
  ASSERT_EQ(test::run_command("pdfinfo " + pdf, &log), 0) << log;
  EXPECT_NE(log.find("Pages:"), std::string::npos) << log;
  EXPECT_NE(log.find(" 1\n", log.find("Pages:")), std::string::npos) << log;
  EXPECT_NE(log.find("cairo"), std::string::npos) << log;  // Producer: a vector PDF from Cairo
  auto text = pdf_text(pdf);
  EXPECT_NE(text.find("Volume / capacity"), std::string::npos) << text;
  EXPECT_NE(text.find("06:00-08:00 | Baturaja"), std::string::npos) << text;
  EXPECT_NE(text.find("Legend"), std::string::npos);
  EXPECT_NE(text.find("hourly volume / capacity"), std::string::npos);
  EXPECT_NE(text.find("1.25 and more"), std::string::npos);
  EXPECT_NE(text.find("Sources:"), std::string::npos);
  EXPECT_NE(text.find("Kemalaraja"), std::string::npos) << "desa names in town";
  const results::Reader r(results_file());
  if (r.version()[1] >= 1) {  // format 1.1 has /context: kecamatan boundaries, names and the river
    EXPECT_NE(text.find("Baturaja Barat"), std::string::npos) << text;
    EXPECT_NE(text.find("Baturaja Timur"), std::string::npos) << text;
    EXPECT_NE(text.find("kecamatan boundary"), std::string::npos);
    EXPECT_NE(text.find("river"), std::string::npos);
    ASSERT_EQ(
        (viz("map " + results_file() + " --layer population --classes natural -o " + oku, &rc), rc),
        0);
    const auto names = results::read_strings(r.id(), "/context/kecamatan/name");
    ASSERT_GE(names.size(), 10u);
    const auto oku_text = pdf_text(oku);
    int found = 0;
    for (const auto& n : names) found += oku_text.find(n) != std::string::npos;
    EXPECT_GE(found, static_cast<int>(names.size()) - 1) << oku_text;
    EXPECT_NE(oku_text.find("natural breaks (Jenks)"), std::string::npos);
    EXPECT_NE(oku_text.find("residents per km²"), std::string::npos);
  }
  ASSERT_EQ(
      (viz("map " + results_file() + " --layer speed --time 07:00 --portrait -o " + svg, &rc), rc),
      0);
  const auto xml = read_file(svg);
  EXPECT_EQ(xml.rfind("<?xml", 0), 0u);
  EXPECT_NE(xml.find("<svg"), std::string::npos);
  EXPECT_NE(xml.find("width=\"595.28"), std::string::npos);  // portrait A4
  EXPECT_NE(xml.find("</svg>"), std::string::npos);
  ASSERT_EQ(test::run_command("xmllint --noout " + svg, &log), 0) << log;
  for (const auto& f : {pdf, oku, svg}) std::filesystem::remove(f);
}

// Every layer draws; the numbers behind it are right; the largest zone gets the ramp's end colour.
TEST(Viz, EveryLayerDrawsWithTheRightNumbers) {
  const results::Reader r(results_file());
  const hid_t f = r.id();
  int rc;
  const auto png = tmp("layer.png"), csv = tmp("layer.csv");
  std::map<std::string, std::vector<std::vector<std::string>>> rows;
  for (const std::string layer :
       {"vc", "volume", "speed", "population", "present_population", "present_grid",
        "trips_produced", "access_puskesmas", "facilities"}) {
    const auto log =
        viz("map " + results_file() + " --layer " + layer + " --dpi 40 --csv " + csv + " -o " + png,
            &rc);
    ASSERT_EQ(rc, 0) << layer << ": " << log;
    EXPECT_TRUE(std::filesystem::exists(png));
    rows[layer] = csv_rows(csv);
    int finite = 0;
    for (const auto& row : rows[layer]) finite += !row[2].empty();
    EXPECT_GT(finite, 5) << layer;
  }
  const auto zones = results::read_strings(f, "/zones/code");
  for (const std::string layer :
       {"population", "present_population", "trips_produced", "access_puskesmas"}) {
    EXPECT_EQ(rows[layer].size(), zones.size()) << layer;
  }
  const auto gx = results::read_vector<double>(f, "/grids/x"),
             gy = results::read_vector<double>(f, "/grids/y");
  EXPECT_EQ(rows["present_grid"].size(), gx.size() * gy.size());
  const auto servers = results::read_vector<std::int32_t>(f, "/facilities/servers");
  EXPECT_EQ(rows["facilities"].size(),
            static_cast<std::size_t>(
                std::count_if(servers.begin(), servers.end(), [](int s) { return s > 0; })));
  const auto types = results::read_strings(f, "/facilities/type");
  ASSERT_EQ((viz("map " + results_file() + " --layer facilities --type puskesmas --csv " + csv +
                     " -o " + png,
                 &rc),
             rc),
            0);
  EXPECT_EQ(csv_rows(csv).size(),
            static_cast<std::size_t>(std::count(types.begin(), types.end(), "puskesmas")));

  // People present per zone come from the grid: density × area over the zones gives back the
  // people in the grid's cells at that time (cells reach a little beyond the zones).
  ASSERT_EQ((viz("map " + results_file() + " --layer present_population --time 10:00 --csv " + csv +
                     " -o " + png,
                 &rc),
             rc),
            0);
  const auto area = results::read_vector<double>(f, "/zones/area_km2");
  double zoned = 0, gridded = 0;
  const auto present_rows = csv_rows(csv);
  for (std::size_t z = 0; z < area.size(); ++z)
    zoned += present_rows[z][2].empty() ? 0 : std::stod(present_rows[z][2]) * area[z];
  std::vector<hsize_t> gdims;
  const auto grid = results::read_vector<float>(f, "/grids/present_population", &gdims);
  for (std::size_t c = 0; c < gdims[1] * gdims[2]; ++c)
    gridded += grid[40 * gdims[1] * gdims[2] + c];  // 10:00-10:15
  EXPECT_NEAR(zoned, gridded, 0.03 * gridded);

  // --period sums volumes over the intervals it overlaps (07:00-08:10 → 07:00-08:15, 5 intervals);
  // v/c is the mean hourly rate over them divided by capacity.
  std::vector<hsize_t> dims;
  const auto vol = results::read_vector<float>(f, "/traffic/links/volume_pcu", &dims);
  const auto cap = results::read_vector<double>(f, "/network/links/capacity_pcu_h");
  const std::size_t L = dims[1];
  std::size_t busiest = 0;
  std::vector<double> sum(L, 0.0);
  for (std::size_t k = 28; k < 33; ++k)
    for (std::size_t l = 0; l < L; ++l) sum[l] += vol[k * L + l];
  for (std::size_t l = 0; l < L; ++l)
    if (sum[l] > sum[busiest]) busiest = l;
  ASSERT_GT(sum[busiest], 0);
  ASSERT_EQ((viz("map " + results_file() + " --layer volume --period 07:00-08:10 --csv " + csv +
                     " -o " + png,
                 &rc),
             rc),
            0);
  EXPECT_NEAR(std::stod(csv_rows(csv)[busiest][2]), sum[busiest], 1e-3 * sum[busiest]);
  ASSERT_EQ(
      (viz("map " + results_file() + " --layer vc --period 07:00-08:10 --csv " + csv + " -o " + png,
           &rc),
       rc),
      0);
  EXPECT_NEAR(std::stod(csv_rows(csv)[busiest][2]), sum[busiest] / 1.25 / cap[busiest], 1e-4);
  ASSERT_EQ(
      (viz("map " + results_file() + " --layer volume --day --csv " + csv + " -o " + png, &rc), rc),
      0);
  double day = 0;
  for (std::size_t k = 0; k < dims[0]; ++k) day += vol[k * L + busiest];
  EXPECT_NEAR(std::stod(csv_rows(csv)[busiest][2]), day, 1e-3 * day);

  // The zone with the most residents per km², framed closely, is filled with the ramp's end colour,
  // with continuous colours and with classes.
  const auto& pop = rows["population"];
  std::size_t top = 0;
  for (std::size_t z = 0; z < pop.size(); ++z)
    if (std::stod(pop[z][2]) > std::stod(pop[top][2])) top = z;
  const auto ring_off = results::read_vector<std::uint32_t>(f, "/zones/geometry/ring_offset");
  const auto vert_off = results::read_vector<std::uint32_t>(f, "/zones/geometry/vertex_offset");
  const auto zx = results::read_vector<double>(f, "/zones/geometry/x"),
             zy = results::read_vector<double>(f, "/zones/geometry/y");
  const auto first = vert_off[ring_off[top]], last = vert_off[ring_off[top] + 1];
  // Its outer ring's vertex mean: inside for the round generated zones, checked below by colour.
  const double cx = std::accumulate(zx.begin() + first, zx.begin() + last, 0.0) / (last - first);
  const double cy = std::accumulate(zy.begin() + first, zy.begin() + last, 0.0) / (last - first);
  const auto zoom = fmt::format("{},{},{},{}", cx - 60, cy - 40, cx + 60, cy + 40);
  for (const std::string classes : {"continuous", "quantiles"}) {
    ASSERT_EQ((viz("map " + results_file() + " --layer population --classes " + classes +
                       " --zoom " + zoom + " --dpi 30 --csv " + csv + " -o " + png,
                   &rc),
               rc),
              0);
    EXPECT_EQ(rgb(csv_rows(csv)[top][3]), kEnd) << classes;
    Png img(png);
    int end = 0, n = 0;
    for (double x = 0.1; x < 0.7; x += 0.01)
      for (double y = 0.2; y < 0.8; y += 0.01, ++n) end += img.at(x, y) == kEnd;
    EXPECT_GT(end, n * 3 / 4) << classes;
  }
  std::filesystem::remove(png);
  std::filesystem::remove(csv);
}

TEST(Viz, ProblemsAreExit2WithTheReasonAndWriteNothing) {
  const std::string bare = tmp("bare.h5"), out = tmp("x.png");
  {
    io::RunInfo info;
    info.scenario_name = "bare";
    io::ResultsWriter w(bare, info);
    w.write_summary({{"x", 1, ""}});
    w.finish();
  }
  auto expect_error = [&](const std::string& args, const std::string& message) {
    int rc;
    const auto log = viz(args, &rc);
    EXPECT_EQ(rc, 2) << args << "\n" << log;
    EXPECT_NE(log.find(message), std::string::npos) << args << "\n" << log;
    EXPECT_FALSE(std::filesystem::exists(out)) << args;
    EXPECT_FALSE(std::filesystem::exists(out + ".tmp")) << args;
  };
  const auto& r = results_file();
  expect_error("map " + bare + " -o " + out,
               "error: file '" + bare + "': no dataset /network/links/geometry_x");
  {
    io::RunInfo info;
    io::ResultsWriter w(bare, info);
    io::H5Id root(H5Gopen2(w.file(), "/", H5P_DEFAULT));
    io::set_attr(root.get(), "format_version", std::vector<std::int32_t>{2, 0});
    w.finish();
  }
  expect_error("map " + bare + " -o " + out,
               "results format 2.0 is not supported (ogan-viz reads 1.x)");
  expect_error("map " + r + " --layer colour -o " + out,
               "error: --layer colour: expected one of vc, volume, speed, population, "
               "present_population, present_grid, "
               "trips_produced, access_puskesmas, facilities");
  expect_error("map " + r + " --time 25:00 -o " + out, "error: --time 25:00: expected HH:MM");
  expect_error("map " + r + " --period 09:00-08:00 -o " + out,
               "error: --period 09:00-08:00: the end must be after the start");
  expect_error("map " + r + " --time 07:00 --day -o " + out, "--time excludes --day");
  expect_error("map " + r + " --layer population --time 07:00 -o " + out,
               "error: --layer population has no time of day: drop --time, --period and --day");
  expect_error("map " + r + " --classes jenks -o " + out,
               "error: --classes jenks: expected continuous, quantiles, equal or natural");
  expect_error("map " + r + " --classes natural --nclasses 12 -o " + out,
               "error: --nclasses 12: expected 2 to 9");
  expect_error("map " + r + " --layer facilities --type pasar -o " + out,
               "error: --type pasar: no facility of that type (types: ");
  expect_error("map " + r + " --zoom town -o " + out,
               "error: --zoom town: expected oku, baturaja or xmin,ymin,xmax,ymax");
  expect_error("map " + r + " -o " + tmp("x.jpg"),
               "error: output '" + tmp("x.jpg") + "': the extension must be .png, .pdf or .svg");
  expect_error("map " + tmp("none.h5") + " -o " + out,
               "error: file '" + tmp("none.h5") + "': does not exist");
  // A format 1.0 file draws without context, with a warning.
  const auto old = edited_copy("old.h5", [](hid_t f) {
    H5Ldelete(f, "/context", H5P_DEFAULT);
    io::H5Id root(H5Gopen2(f, "/", H5P_DEFAULT));
    H5Adelete(root.get(), "format_version");
    io::set_attr(root.get(), "format_version", std::vector<std::int32_t>{1, 0});
  });
  int rc;
  const auto log = viz("map " + old + " -o " + out, &rc);
  EXPECT_EQ(rc, 0) << log;
  EXPECT_NE(log.find("warning: " + old +
                     " has no /context (results format 1.0): kecamatan boundaries and the river "
                     "are not drawn"),
            std::string::npos)
      << log;
  EXPECT_TRUE(std::filesystem::exists(out));
  for (const auto& p : {bare, old, out}) std::filesystem::remove(p);
}

}  // namespace
