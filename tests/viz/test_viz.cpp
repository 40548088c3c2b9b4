// The visualizer on a real results file: pixels of the PNG, text of the PDF, XML of the SVG, and
// clear errors for files it cannot draw.
#include <cairo.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "engine/io/results.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

std::string tmp(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("ogan-viz-" + std::to_string(::getpid()) + "-" + name);
}

const std::string& results_file() {
  static const std::string out = [] {
    const std::string f = tmp("run.h5");
    std::string log;
    EXPECT_EQ(test::run_command(std::string(OGAN_EXE) + " run " + test::oku_scenario_file() + " --sample 0.05 --iterations 1 -o " + f, &log), 0) << log;
    return f;
  }();
  return out;
}

std::string viz(const std::string& args, int* rc) {
  std::string log;
  *rc = test::run_command(std::string(OGAN_VIZ) + " " + args, &log);
  return log;
}

struct Png {
  cairo_surface_t* s;
  explicit Png(const std::string& f) : s(cairo_image_surface_create_from_png(f.c_str())) {}
  ~Png() { cairo_surface_destroy(s); }
  int width() const { return cairo_image_surface_get_width(s); }
  int height() const { return cairo_image_surface_get_height(s); }
  // (r, g, b) of a pixel at a fraction of the page.
  std::array<int, 3> at(double fx, double fy) const {
    cairo_surface_flush(s);
    const auto* data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    const int x = static_cast<int>(fx * width()), y = static_cast<int>(fy * height());
    const auto* p = data + y * stride + x * 4;  // BGRA, little-endian ARGB32
    return {p[2], p[1], p[0]};
  }
};

TEST(Viz, PngMapHasLegendNorthArrowColouredLinksAndABlankBackground) {
  const std::string png = tmp("vc.png");
  int rc;
  const auto log = viz("map " + results_file() + " --layer volume --time 06:30 --dpi 100 -o " + png, &rc);
  ASSERT_EQ(rc, 0) << log;
  Png img(png);
  ASSERT_EQ(img.width(), 1169);  // A4 landscape at 100 dpi
  // The legend's colour bar (right of the map frame) is drawn: not white, not grey.
  const double fx = (841.89 - 36 - 150 + 18 + 7) / 841.89;
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

TEST(Viz, PdfIsVectorWithTextAndSvgIsXml) {
  const std::string pdf = tmp("map.pdf"), svg = tmp("map.svg");
  int rc;
  ASSERT_EQ((viz("map " + results_file() + " --zoom baturaja -o " + pdf, &rc), rc), 0);
  std::string log;
  ASSERT_EQ(test::run_command("pdfinfo " + pdf, &log), 0) << log;
  EXPECT_NE(log.find("Pages:"), std::string::npos) << log;
  EXPECT_NE(log.find(" 1\n", log.find("Pages:")), std::string::npos) << log;
  EXPECT_NE(log.find("cairo"), std::string::npos) << log;  // Producer: a vector PDF from Cairo
  ASSERT_EQ(test::run_command("pdftotext " + pdf + " -", &log), 0);
  EXPECT_NE(log.find("Volume / capacity"), std::string::npos) << log;
  EXPECT_NE(log.find("Legend"), std::string::npos);
  EXPECT_NE(log.find("Sources:"), std::string::npos);
  ASSERT_EQ((viz("map " + results_file() + " --layer speed --time 07:00 -o " + svg, &rc), rc), 0);
  std::ifstream in(svg);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto text = ss.str();
  EXPECT_EQ(text.rfind("<?xml", 0), 0u);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("</svg>"), std::string::npos);
  std::filesystem::remove(pdf);
  std::filesystem::remove(svg);
}

TEST(Viz, MissingDatasetsAndUnknownVersionsAreExit2) {
  const std::string bare = tmp("bare.h5");
  {
    io::RunInfo info;
    info.scenario_name = "bare";
    io::ResultsWriter w(bare, info);
    w.write_summary({{"x", 1, ""}});
    w.finish();
  }
  int rc;
  auto log = viz("map " + bare + " -o " + tmp("x.png"), &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("no dataset /network/links/geometry_x"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(tmp("x.png")));
  {
    io::RunInfo info;
    io::ResultsWriter w(bare, info);
    io::H5Id root(H5Gopen2(w.file(), "/", H5P_DEFAULT));
    io::set_attr(root.get(), "format_version", std::vector<std::int32_t>{2, 0});
    w.finish();
  }
  log = viz("map " + bare + " -o " + tmp("x.png"), &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("results format 2.0 is not supported"), std::string::npos) << log;
  log = viz("map " + results_file() + " --layer colour -o " + tmp("x.png"), &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("--layer colour: expected vc, volume or speed"), std::string::npos) << log;
  std::filesystem::remove(bare);
}

}  // namespace
