// ogan-viz calibration: the figures of a calibration, checked against the numbers of a results
// file made the way ogan calibrate makes one: the small run, with /observations written by the
// engine's results writer and /calibration by the calibration's writer (no calibration is run).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "calibration.hpp"
#include "calibration_charts.hpp"
#include "engine/calibration/calibrate.hpp"
#include "engine/calibration/writer.hpp"
#include "engine/io/results.hpp"
#include "engine/results/reader.hpp"
#include "tests/viz/viz_fixture.hpp"

using namespace ogan;
using namespace ogan::test::viz;

namespace {

const std::set<std::string> kHeldOut = {"s1", "s4"};

// The fixture's viz(), named apart from ogan-viz's namespace viz that these tests also use.
std::string ogan_viz(const std::string& args, int* rc) {
  return ogan::test::viz::viz(args, rc);
}

// GEH of hourly flows, written out here rather than taken from the engine.
double geh_by_hand(double simulated_veh_h, double observed_veh_h) {
  const double d = simulated_veh_h - observed_veh_h;
  return simulated_veh_h + observed_veh_h > 0
             ? std::sqrt(2 * d * d / (simulated_veh_h + observed_veh_h))
             : 0.0;
}

// Six stations on two-point links of the run's network, hourly motorcycle and car counts from
// 06:00 to 09:00, a half-hour count, and a count far off (GEH about 19); s1 and s4 held out.
const std::string& calibrated_file() {
  static const std::string path = [] {
    const std::string out = tmp("calibrated.h5"), obs = tmp("observations.h5");
    std::filesystem::copy_file(results_file(), out,
                               std::filesystem::copy_options::overwrite_existing);
    std::vector<std::int64_t> links;
    {
      const results::Reader r(results_file());
      const auto off = r.ints(results::path::kLinksGeometryOffset);
      for (std::size_t l = 0; l + 1 < off.size() && links.size() < 6; l += 97)
        if (off[l + 1] - off[l] == 2) links.push_back(static_cast<std::int64_t>(l));
    }
    EXPECT_EQ(links.size(), 6u);
    metrics::ObservationComparison c;
    c.until_s = 86400;
    for (std::size_t s = 0; s < links.size(); ++s)
      c.stations.push_back({fmt::format("s{}", s), static_cast<net::LinkId>(links[s]), 0, "link_id",
                            fmt::format("stations.csv:{}", s + 2)});
    auto count = [&](int s, double from_h, double to_h, int cls, double o, double sim) {
      metrics::CountComparison r;
      r.station = s;
      r.from_s = from_h * 3600;
      r.to_s = to_h * 3600;
      r.vehicle_class = static_cast<metrics::VehicleClass>(cls);
      r.observed = o;
      r.simulated = sim;
      const double hours = to_h - from_h;
      r.geh = metrics::geh(sim / hours, o / hours);
      r.source = fmt::format("counts.csv:{}", c.counts.size() + 2);
      c.counts.push_back(r);
    };
    for (int s = 0; s < 6; ++s)
      for (int h = 6; h < 9; ++h)
        for (int cls = 0; cls < 2; ++cls) {
          const double o = (200.0 + 40 * s + 25 * (h - 6)) / (cls == 0 ? 1 : 4);
          count(s, h, h + 1, cls, o, o * (0.9 + 0.04 * s) + (h % 2 == 0 ? 15 : -10));
        }
    count(2, 10, 10.5, 0, 60, 80);  // half an hour: 120 and 160 veh/h
    count(5, 9, 10, 0, 100, 400);   // far off
    c.summary = metrics::observation_kpis(c);
    {
      io::RunInfo info;
      info.scenario_name = "observations";
      io::ResultsWriter w(obs, info);
      w.write_observations(c);
      w.finish();
    }
    {
      io::H5Id src(H5Fopen(obs.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
      io::H5Id dst(H5Fopen(out.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
      EXPECT_GE(
          H5Ocopy(src.get(), "/observations", dst.get(), "/observations", H5P_DEFAULT, H5P_DEFAULT),
          0);
    }
    std::filesystem::remove(obs);

    calib::Summary s;
    calib::Parameter shift, service;
    shift.key = "population.overrides.work_timing.start_shift_min";
    shift.min = -60;
    shift.max = 60;
    shift.prior_sd = 30;
    service.key = "services.types.puskesmas.service_min";
    service.min = 5;
    service.max = 25;
    service.prior = 10;
    s.parameters = {{shift, 18.5, 0.4}, {service, 12, std::nan("")}};
    s.correlation = {1, 0.2, 0.2, 1};
    s.search.evaluations = 40;
    s.search.stop_reason = "tolerance: the last iteration gained 0.1 %";
    s.search.trace = {
        {0, 1, 500, 0.01, {0, 10}}, {1, 4, 120, 0.001, {12, 11}}, {2, 9, 60, 0, {18.5, 12}}};
    // Another order than /observations/stations: matched by row instead of by id, s3 and s4
    // would be held out instead of s1 and s4.
    s.station_ids = {"s3", "s0", "s5", "s1", "s4", "s2"};
    for (const auto& id : s.station_ids) s.held_out.push_back(kHeldOut.count(id) > 0);
    s.sample_rate = 0.05;
    s.cached_evaluations = 3;
    calib::write_calibration_group(out, s);
    return out;
  }();
  return path;
}

struct FileCounts {
  std::vector<std::int64_t> station;
  std::vector<double> from, to, observed, simulated;
  std::vector<std::string> id;
};

FileCounts file_counts() {
  const results::Reader r(calibrated_file());
  namespace o = results::observations;
  return {r.ints(o::kCountsStation),     r.doubles(o::kCountsFromS),     r.doubles(o::kCountsToS),
          r.doubles(o::kCountsObserved), r.doubles(o::kCountsSimulated), r.strings(o::kStationsId)};
}

TEST(VizCalibration, TheScatterPlotsTheFilesCountRecordsAsHourlyFlows) {
  const auto r = ::viz::open_results(calibrated_file());
  const auto sc = ::viz::scatter_data(::viz::read_calibration(r));
  const auto f = file_counts();
  ASSERT_EQ(f.observed.size(), 38u);
  std::size_t fitted = 0, held = 0;
  std::vector<double> o, s;  // the fitted group, by hand
  for (std::size_t i = 0; i < f.observed.size(); ++i) {
    const double hours = (f.to[i] - f.from[i]) / 3600;
    const bool out = kHeldOut.count(f.id[static_cast<std::size_t>(f.station[i])]) > 0;
    const auto& g = out ? sc.held_out : sc.fitted;
    const auto k = out ? held++ : fitted++;
    ASSERT_LT(k, g.observed.size()) << i;
    EXPECT_DOUBLE_EQ(g.observed[k], f.observed[i] / hours) << i;
    EXPECT_DOUBLE_EQ(g.simulated[k], f.simulated[i] / hours) << i;
    if (!out) {
      o.push_back(f.observed[i] / hours);
      s.push_back(f.simulated[i] / hours);
    }
  }
  EXPECT_EQ(fitted, sc.fitted.observed.size());
  EXPECT_EQ(held, sc.held_out.observed.size());
  EXPECT_EQ(held, 12u);  // two stations, three hours, two classes
  // The half-hour count is drawn as veh/h.
  EXPECT_NE(std::find(sc.fitted.observed.begin(), sc.fitted.observed.end(), 120.0),
            sc.fitted.observed.end());
  EXPECT_EQ(sc.fitted.fit.stations, 4u);
  EXPECT_EQ(sc.held_out.fit.stations, 2u);
  double soo = 0, sos = 0, mo = 0, ms = 0;
  for (std::size_t i = 0; i < o.size(); ++i) {
    soo += o[i] * o[i];
    sos += o[i] * s[i];
    mo += o[i] / static_cast<double>(o.size());
    ms += s[i] / static_cast<double>(o.size());
  }
  double cov = 0, vo = 0, vs = 0;
  for (std::size_t i = 0; i < o.size(); ++i) {
    cov += (o[i] - mo) * (s[i] - ms);
    vo += (o[i] - mo) * (o[i] - mo);
    vs += (s[i] - ms) * (s[i] - ms);
  }
  EXPECT_NEAR(sc.fitted.fit.slope, sos / soo, 1e-12);
  EXPECT_NEAR(sc.fitted.fit.r2, cov * cov / (vo * vs), 1e-9);
  EXPECT_LT(sc.fitted.fit.r2, 0.99);  // the far-off count is in it
}

TEST(VizCalibration, GehHistogramCountsEveryRecordOnceInTheBinOfItsGeh) {
  const auto r = ::viz::open_results(calibrated_file());
  const auto c = ::viz::read_calibration(r);
  const auto h = ::viz::geh_histogram(c);
  const auto f = file_counts();
  std::array<std::size_t, ::viz::kGehBins> fitted{}, held{};
  std::size_t below[2] = {0, 0};
  for (std::size_t i = 0; i < f.observed.size(); ++i) {
    const double hours = (f.to[i] - f.from[i]) / 3600;
    const double g = geh_by_hand(f.simulated[i] / hours, f.observed[i] / hours);
    const bool out = kHeldOut.count(f.id[static_cast<std::size_t>(f.station[i])]) > 0;
    const auto bin = std::min<std::size_t>(10, static_cast<std::size_t>(g));
    ++(out ? held : fitted)[bin];
    below[out] += g < 5;
    EXPECT_NEAR(c.counts[i].geh, g, 1e-9) << i;
  }
  EXPECT_EQ(h.fitted, fitted);
  EXPECT_EQ(h.held_out, held);
  std::size_t total = 0;
  for (std::size_t b = 0; b < ::viz::kGehBins; ++b) total += h.fitted[b] + h.held_out[b];
  EXPECT_EQ(total, f.observed.size());
  EXPECT_EQ(h.fitted_records + h.held_out_records, f.observed.size());
  EXPECT_EQ(h.fitted_below_5, below[0]);
  EXPECT_EQ(h.held_out_below_5, below[1]);
  // Three records worked out: s5 09:00 (100 against 400 veh/h), s2's half hour, s0 06:00 cars.
  EXPECT_NEAR(geh_by_hand(400, 100), 18.97, 0.01);
  EXPECT_EQ(h.fitted[10], 1u);  // s5's far-off count, GEH 19, in the last bin
  EXPECT_EQ(::viz::geh_bin(geh_by_hand(160, 120)), 3u);           // 3.38
  EXPECT_EQ(::viz::geh_bin(geh_by_hand(50 * 0.9 + 15, 50)), 1u);  // 1.35
  EXPECT_EQ(::viz::geh_bin(5.0), 5u);
  EXPECT_EQ(::viz::geh_bin(4.999), 4u);
}

TEST(VizCalibration, HeldOutStationsAreTheOnesCalibrationMarksAndSitOnTheirLinks) {
  const auto r = ::viz::open_results(calibrated_file());
  const auto c = ::viz::read_calibration(r);
  const auto stations = ::viz::station_geh(c, r);
  const results::Reader file(calibrated_file());
  const auto cal_id = file.strings("/calibration/stations/station_id");
  const auto cal_held = file.ints("/calibration/stations/held_out");
  std::map<std::string, bool> marked;
  for (std::size_t i = 0; i < cal_id.size(); ++i) marked[cal_id[i]] = cal_held[i] != 0;
  const auto link = file.ints(results::observations::kStationsLink);
  const auto off = file.ints(results::path::kLinksGeometryOffset);
  const auto gx = file.doubles(results::path::kLinksGeometryX),
             gy = file.doubles(results::path::kLinksGeometryY);
  ASSERT_EQ(stations.size(), 6u);
  const auto f = file_counts();
  for (std::size_t s = 0; s < stations.size(); ++s) {
    EXPECT_EQ(stations[s].id, f.id[s]);
    EXPECT_EQ(stations[s].held_out, marked.at(f.id[s])) << f.id[s];
    EXPECT_EQ(stations[s].held_out, kHeldOut.count(f.id[s]) > 0) << f.id[s];
    // Two-point links: the station is at the middle, and its side is to the left of travel.
    const auto a = static_cast<std::size_t>(off[static_cast<std::size_t>(link[s])]);
    EXPECT_NEAR(stations[s].at.x, (gx[a] + gx[a + 1]) / 2, 1e-6);
    EXPECT_NEAR(stations[s].at.y, (gy[a] + gy[a + 1]) / 2, 1e-6);
    const double dx = gx[a + 1] - gx[a], dy = gy[a + 1] - gy[a];
    EXPECT_NEAR(stations[s].side.x * dx + stations[s].side.y * dy, 0, 1e-6);
    EXPECT_GT(dx * stations[s].side.y - dy * stations[s].side.x, 0);
    // Worst and mean GEH over the station's records.
    double worst = 0, sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < f.observed.size(); ++i) {
      if (static_cast<std::size_t>(f.station[i]) != s) continue;
      const double hours = (f.to[i] - f.from[i]) / 3600;
      const double g = geh_by_hand(f.simulated[i] / hours, f.observed[i] / hours);
      worst = std::max(worst, g);
      sum += g;
      ++n;
    }
    EXPECT_EQ(stations[s].records, static_cast<std::size_t>(n));
    EXPECT_NEAR(stations[s].worst_geh, worst, 1e-9);
    EXPECT_NEAR(stations[s].mean_geh, sum / n, 1e-9);
  }
}

TEST(VizCalibration, TheTraceShowsEachParameterWithinItsBoundsUpToTheLastEvaluation) {
  const auto r = ::viz::open_results(calibrated_file());
  const auto c = ::viz::read_calibration(r);
  const auto t = ::viz::trace_data(c);
  EXPECT_EQ(t.evaluations, (std::vector<double>{1, 4, 9, 40}));
  EXPECT_EQ(t.objective, (std::vector<double>{500, 120, 60, 60}));
  EXPECT_EQ(t.accepted, 3u);
  EXPECT_EQ(t.compass, (std::vector<bool>{false, false, true, true}));
  ASSERT_EQ(t.position.size(), 2u);
  // 0 at min, 1 at max: the start is the prior, the end the fitted value.
  EXPECT_DOUBLE_EQ(t.position[0][0], 0.5);
  EXPECT_DOUBLE_EQ(t.position[0][1], (12.0 + 60) / 120);
  EXPECT_DOUBLE_EQ(t.position[0].back(), (18.5 + 60) / 120);
  EXPECT_DOUBLE_EQ(t.position[1][0], (10.0 - 5) / 20);
  EXPECT_DOUBLE_EQ(t.position[1].back(), (12.0 - 5) / 20);
  EXPECT_DOUBLE_EQ(c.parameters[0].fitted, 18.5);
  EXPECT_TRUE(std::isnan(c.parameters[1].std_error));
}

TEST(VizCalibration, TheFourFiguresAreWrittenWithTitlesAndTheirFile) {
  const auto dir = tmp("calibration_png"), pdf = tmp("calibration_pdf");
  int rc;
  auto log =
      ogan_viz("calibration " + calibrated_file() + " -o " + dir + " --format png --dpi 60", &rc);
  ASSERT_EQ(rc, 0) << log;
  for (const auto& name : ::viz::kCalibrationFigures) {
    const auto png = dir + "/" + name + ".png";
    ASSERT_TRUE(std::filesystem::exists(png)) << png;
    EXPECT_GT(std::filesystem::file_size(png), 10000u) << png;
    EXPECT_NE(log.find("written: " + png), std::string::npos) << log;
    Png img(png);
    EXPECT_EQ(img.width(), std::lround(kPageW * 60 / 72)) << name;
    EXPECT_EQ(img.height(), std::lround(kPageH * 60 / 72)) << name;
  }
  log = ogan_viz("calibration " + calibrated_file() + " -o " + pdf, &rc);
  ASSERT_EQ(rc, 0) << log;
  const std::map<std::string, std::vector<std::string>> expected = {
      {"scatter",
       {"Observed against simulated counts", "Observed (veh/h)", "Simulated (veh/h",
        "Fitted stations (4 stations, 26 records)", "Held-out stations (2 stations, 12 records)",
        "1:1 line"}},
      {"geh_histogram",
       {"GEH of the count records", "GEH = 5", "85 %", "≥ 10", "Share of the group's records (%)",
        "held out: 12 of 12 (100.0 %), criterion met"}},
      {"station_map",
       {"Count stations by their worst hourly GEH", "fitted station (4)", "held-out station (2)",
        "Legend"}},
      {"trace",
       {"Calibration trace", "Evaluations (runs of the model)", "prior 0, fitted 18.5 ± 0.4",
        "prior 10, fitted 12 (not identifiable)", "tolerance: the last iteration gained 0.1 %"}}};
  for (const auto& [name, strings] : expected) {
    const auto text = pdf_text(pdf + "/" + name + ".pdf");
    for (const auto& s : strings) EXPECT_NE(text.find(s), std::string::npos) << name << ": " << s;
    EXPECT_NE(text.find("Drawn from " + calibrated_file()), std::string::npos) << name;
    EXPECT_NE(text.find("40 evaluations, 3 read back from its work folder"), std::string::npos)
        << name;
  }
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(pdf);
}

TEST(VizCalibration, AFileWithoutCalibrationIsExit2AndTheAtlasAddsTheFiguresWhenItHasOne) {
  const auto dir = tmp("not_calibrated");
  int rc;
  auto log = ogan_viz("calibration " + results_file() + " -o " + dir + " --format png", &rc);
  EXPECT_EQ(rc, 2) << log;
  EXPECT_EQ(log, "error: file '" + results_file() +
                     "' has no /calibration: it was not written by ogan calibrate (ogan calibrate "
                     "SCENARIO --observations DIR -o X.yaml writes X.h5 with it)\n");
  EXPECT_FALSE(std::filesystem::exists(dir));
  log = ogan_viz("calibration " + calibrated_file() + " -o " + dir + " --format jpg", &rc);
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find("error: --format jpg: expected pdf, png or svg"), std::string::npos) << log;

  const auto atlas = tmp("calibrated_atlas");
  log = ogan_viz("atlas " + calibrated_file() + " -o " + atlas + " --format png --dpi 30", &rc);
  ASSERT_EQ(rc, 0) << log;
  const auto md = read_file(atlas + "/index.md");
  int figures = 0;
  for (std::size_t p = md.find("- ["); p != std::string::npos; p = md.find("- [", p + 1)) ++figures;
  EXPECT_EQ(figures, 16) << md;  // the twelve of a run and the calibration's four
  for (const auto& name : ::viz::kCalibrationFigures) {
    const auto at = md.find("_calibration_" + name + ".png");
    ASSERT_NE(at, std::string::npos) << name << "\n" << md;
    const auto link = md.find("](", at) + 2;
    const auto file = md.substr(link, md.find(')', link) - link);
    EXPECT_NE(file.find("_calibration_" + name + ".png"), std::string::npos) << file;
    EXPECT_TRUE(std::filesystem::exists(atlas + "/" + file)) << file;
  }
  std::filesystem::remove_all(atlas);
}

}  // namespace
