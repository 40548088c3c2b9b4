// ogan-viz comparisons and summaries on a real results file: difference maps, charts, the atlas.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <regex>

#include "engine/io/results.hpp"
#include "engine/results/reader.hpp"
#include "tests/viz/viz_fixture.hpp"

using namespace ogan;
using namespace ogan::test::viz;

namespace {

// diverging(0): the colour of "no change".
const std::string kZeroHex = "#f7f7f7";

void expect_all_zero(const std::string& csv, const std::string& what) {
  const auto rows = csv_rows(csv);
  ASSERT_GT(rows.size(), 100u) << what;
  for (const auto& row : rows) {
    ASSERT_EQ(row[2], "0") << what << " " << row[0];
    ASSERT_EQ(row[3], kZeroHex) << what << " " << row[0];
  }
}

TEST(Viz, DiffOfAFileWithItselfIsZeroEverywhere) {
  const auto& r = results_file();
  const auto png = tmp("diff.png"), pdf = tmp("diff.pdf"), csv = tmp("diff.csv");
  int rc;
  auto log = viz("diff " + r + " " + r + " --layer volume --period 06:00-09:00 --csv " + csv +
                     " --dpi 60 -o " + png,
                 &rc);
  ASSERT_EQ(rc, 0) << log;
  expect_all_zero(csv, "links");
  // No link or zone is drawn in a colour of change: nothing reddish (more) anywhere in the map.
  Png img(png);
  int red = 0;
  for (int x = static_cast<int>(kFrameX0 / kPageW * img.width());
       x < kFrameX1 / kPageW * img.width(); ++x)
    for (int y = static_cast<int>(kFrameY0 / kPageH * img.height());
         y < kFrameY1 / kPageH * img.height(); ++y) {
      const auto c = img.px(x, y);
      red += c[0] - c[2] > 30;
    }
  EXPECT_EQ(red, 0);
  log = viz("diff " + r + " " + r + " --layer population --csv " + csv + " -o " + pdf, &rc);
  ASSERT_EQ(rc, 0) << log;
  expect_all_zero(csv, "zones");
  const auto text = pdf_text(pdf);
  EXPECT_NE(text.find("policy − base"), std::string::npos) << text;
  EXPECT_NE(text.find("no difference anywhere"), std::string::npos) << text;
  EXPECT_NE(text.find("Base: scenario"), std::string::npos) << text;
  EXPECT_NE(text.find("Policy: scenario"), std::string::npos) << text;

  // A policy network with other node numbers: links are matched by their end points instead.
  const auto renumbered = edited_copy("renumbered.h5", [](hid_t f) {
    auto from = results::read_vector<std::int32_t>(f, "/network/links/from_node");
    from[0] += 1;
    H5Ldelete(f, "/network/links/from_node", H5P_DEFAULT);
    io::write_vector(f, "/network/links/from_node", from, "1", "edited");
  });
  log = viz("diff " + r + " " + renumbered + " --layer vc --period 07:00-08:00 --csv " + csv +
                " -o " + png,
            &rc);
  ASSERT_EQ(rc, 0) << log;
  expect_all_zero(csv, "links matched by end points");
  // Zones must be the same in both files.
  const auto other_zones = edited_copy("zones.h5", [](hid_t f) {
    auto code = results::read_strings(f, "/zones/code");
    code[3] = "99.99";
    H5Ldelete(f, "/zones/code", H5P_DEFAULT);
    io::write_strings(f, "/zones/code", code, "edited");
  });
  std::filesystem::remove(png);
  log = viz("diff " + r + " " + other_zones + " --layer trips_produced -o " + png, &rc);
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find("error: the zones differ: 1 only in '" + r + "' (e.g. "), std::string::npos)
      << log;
  EXPECT_NE(log.find("1 only in '" + other_zones + "' (e.g. 99.99)"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(png));
  // Classes of a difference that is zero everywhere: still all the "no change" colour.
  log = viz("diff " + r + " " + r + " --classes quantiles --csv " + csv + " -o " + png, &rc);
  ASSERT_EQ(rc, 0) << log;
  expect_all_zero(csv, "classed links");
  for (const auto& p : {pdf, csv, renumbered, other_zones}) std::filesystem::remove(p);
}

// Blue and red print as the same grey, so decreases carry a mark too: zones that lost people are
// hatched in white, zones that gained are plain.
TEST(Viz, DecreasesAreMarkedForGreyscalePrint) {
  const auto& r = results_file();
  // Ten residents per km2 fewer in every zone (the layer is a density): the same strong colour
  // everywhere, so the marks show (at 200 dpi the white core of a hatch line is a whole pixel).
  const auto halved = edited_copy("halved.h5", [](hid_t f) {
    auto pop = results::read_vector<std::int64_t>(f, "/zones/population");
    const auto km2 = results::read_vector<double>(f, "/zones/area_km2");
    for (std::size_t z = 0; z < pop.size(); ++z)
      pop[z] = std::max<std::int64_t>(0, pop[z] - std::llround(10 * km2.at(z)));
    H5Ldelete(f, "/zones/population", H5P_DEFAULT);
    io::write_vector(f, "/zones/population", pop, "persons", "edited");
  });
  const auto white_pixels = [&](const std::string& base, const std::string& policy) {
    const auto png = tmp("marks.png"), csv = tmp("marks.csv");
    int rc;
    const auto log = viz(
        "diff " + base + " " + policy + " --layer population --csv " + csv + " --dpi 200 -o " + png,
        &rc);
    EXPECT_EQ(rc, 0) << log;
    const auto rows = csv_rows(csv);
    const double sign = std::stod(rows.at(0)[2]) < 0 ? -1 : 1;
    for (const auto& row : rows) {
      if (std::stod(row[2]) != 0) {
        EXPECT_EQ(std::stod(row[2]) < 0 ? -1 : 1, sign) << row[0];
      }
    }
    Png img(png);
    int white = 0;
    for (int x = static_cast<int>(kFrameX0 / kPageW * img.width());
         x < kFrameX1 / kPageW * img.width(); ++x)
      for (int y = static_cast<int>(kFrameY0 / kPageH * img.height());
           y < kFrameY1 / kPageH * img.height(); ++y) {
        const auto c = img.px(x, y);
        white += c[0] > 240 && c[1] > 240 && c[2] > 240;
      }
    return white;
  };
  const int decrease = white_pixels(r, halved), increase = white_pixels(halved, r);
  // The page outside OKU is white in both; the hatching adds thousands of white pixels.
  EXPECT_GT(decrease, increase + 5000) << decrease << " vs " << increase;
  const auto pdf = tmp("marks.pdf");
  int rc;
  const auto log = viz("diff " + r + " " + halved + " --layer population -o " + pdf, &rc);
  ASSERT_EQ(rc, 0) << log;
  EXPECT_NE(pdf_text(pdf).find("decrease (hatched)"), std::string::npos);
  for (const auto& p : {pdf, halved}) std::filesystem::remove(p);
}

TEST(Viz, ChartsHaveTitlesAxesUnitsAndKeys) {
  const auto& r = results_file();
  const auto pdf = tmp("chart.pdf");
  int rc;
  struct Case {
    std::string args;
    std::vector<std::string> texts;
  };
  const std::vector<Case> cases = {
      {"--kind speed_by_hour",
       {"Network mean speed by hour", "Hour of day", "Mean speed (km/h)", "06:00", "Sources:"}},
      {"--kind trips_in_progress",
       {"Trips in progress by mode", "Time of day", "Trips in progress (trips)", "motorcycle"}},
      {"--kind facility_queue --type puskesmas",
       {"Queue at every puskesmas", "Visitors waiting (persons)", "Time of day"}},
      {"--kind kpis",
       {"Key performance indicators", "vehicle_km", "veh-km/day", "mean_network_speed", "km/h"}},
  };
  for (const auto& c : cases) {
    const auto log = viz("chart " + r + " " + c.args + " -o " + pdf, &rc);
    ASSERT_EQ(rc, 0) << c.args << "\n" << log;
    const auto text = pdf_text(pdf);
    for (const auto& t : c.texts)
      EXPECT_NE(text.find(t), std::string::npos) << c.args << ": " << t << "\n" << text;
  }
  // One bar per file, labelled by scenario, or by file stem when the scenarios share a name.
  const auto copy = tmp("second.h5");
  std::filesystem::copy_file(r, copy, std::filesystem::copy_options::overwrite_existing);
  auto log = viz("chart " + r + " " + copy + " --kind kpi --kpi vehicle_km -o " + pdf, &rc);
  ASSERT_EQ(rc, 0) << log;
  auto text = pdf_text(pdf);
  EXPECT_NE(text.find("KPI vehicle_km"), std::string::npos) << text;
  EXPECT_NE(text.find(std::filesystem::path(copy).stem().string()), std::string::npos) << text;
  EXPECT_NE(text.find(std::filesystem::path(r).stem().string()), std::string::npos) << text;
  log = viz("chart " + r + " " + copy + " --kind speed_by_hour -o " + pdf, &rc);
  ASSERT_EQ(rc, 0) << log;
  text = pdf_text(pdf);
  EXPECT_NE(text.find(std::filesystem::path(copy).stem().string()), std::string::npos)
      << "a key for two series\n"
      << text;
  // Problems name what is wrong and what would be right.
  std::filesystem::remove(pdf);
  log = viz("chart " + r + " --kind pie -o " + pdf, &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("error: --kind pie: expected one of speed_by_hour, facility_queue, "
                     "trips_in_progress, kpis, kpi"),
            std::string::npos)
      << log;
  log = viz("chart " + r + " --kind facility_queue --facility 'Puskesmas Kemalaraja ' -o " + pdf,
            &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(
      log.find("facility 'Puskesmas Kemalaraja ' not found; did you mean: Puskesmas Kemalaraja"),
      std::string::npos)
      << log;
  log = viz("chart " + r + " --kind kpi --kpi vehicle_kms -o " + pdf, &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("KPI 'vehicle_kms' not found; did you mean: vehicle_km"), std::string::npos)
      << log;
  log = viz("chart " + r + " --kind facility_queue -o " + pdf, &rc);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(log.find("error: --kind facility_queue: give --facility NAME or --type TYPE"),
            std::string::npos)
      << log;
  EXPECT_FALSE(std::filesystem::exists(pdf));
  std::filesystem::remove(copy);
}

TEST(Viz, AtlasWritesEveryFigureItIndexes) {
  const auto& r = results_file();
  const auto second = tmp("policy.h5"), dir = tmp("atlas");
  std::filesystem::copy_file(r, second, std::filesystem::copy_options::overwrite_existing);
  int rc;
  const auto start = std::chrono::steady_clock::now();
  auto log = viz("atlas " + r + " " + second + " -o " + dir, &rc);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(rc, 0) << log;
  EXPECT_LT(seconds, 30);
  const auto md = read_file(dir + "/index.md");
  const auto html = read_file(dir + "/index.html");
  EXPECT_NE(html.find("<html"), std::string::npos);
  const std::regex item(R"(- \[([^\]]+)\]\(([^)]+)\): ([^\n]+))");
  int n = 0, diffs = 0;
  for (auto it = std::sregex_iterator(md.begin(), md.end(), item); it != std::sregex_iterator();
       ++it, ++n) {
    const auto file = (*it)[2].str();
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
    EXPECT_EQ(file.substr(file.size() - 4), ".pdf");
    EXPECT_GT((*it)[3].length(), 30) << "a caption for " << file;
    EXPECT_NE(html.find("href=\"" + file + "\""), std::string::npos) << file;
    diffs += file.find("_vs_") != std::string::npos;
  }
  EXPECT_EQ(n, 18) << md;
  EXPECT_EQ(diffs, 6) << md;
  EXPECT_NE(md.find("facilities_puskesmas"), std::string::npos);
  EXPECT_NE(md.find("present_grid"), std::string::npos);
  // An atlas that fails part-way (the second file has no accessibility) leaves no figures behind.
  const auto broken = tmp("broken");
  const auto no_access = edited_copy("no_access.h5", [](hid_t f) {
    H5Ldelete(f, "/services/accessibility/motorcycle_time_s", H5P_DEFAULT);
  });
  log = viz("atlas " + r + " " + no_access + " -o " + broken + " --format png --dpi 30", &rc);
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find("no dataset /services/accessibility/motorcycle_time_s"), std::string::npos)
      << log;
  EXPECT_TRUE(std::filesystem::is_empty(broken));
  std::filesystem::remove(no_access);
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(broken);
  std::filesystem::remove(second);
}

}  // namespace
