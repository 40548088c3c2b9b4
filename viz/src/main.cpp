// ogan-viz: maps and charts from ogan results files, for masterplan appendices. Reads results
// files only. Exit codes: 0 done, 2 a problem with the input or options, 1 a bug.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <filesystem>

#include "atlas.hpp"
#include "calibration_charts.hpp"
#include "chart.hpp"
#include "map.hpp"
#include "results.hpp"
#include "sweep_chart.hpp"
#include "web_server.hpp"

namespace {
// CLI::Range lets NaN through (every comparison with it is false).
const CLI::Validator kDpiCheck(
    [](std::string& s) -> std::string {
      try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && v >= 30 && v <= 1200) return {};
      } catch (const std::exception&) {
      }
      return "expected a resolution from 30 to 1200 dpi, got '" + s + "'";
    },
    "DPI in [30, 1200]");

const CLI::Validator kFolderCheck(
    [](std::string& d) -> std::string {
      std::error_code ec;
      if (std::filesystem::exists(d, ec) && !std::filesystem::is_directory(d, ec))
        return "'" + d + "' is a file, expected a folder (it is created if missing)";
      return {};
    },
    "");

struct PageFlags {
  bool portrait = false, landscape = false;
};

// The page options every figure takes; --portrait and --landscape are shared by all subcommands.
void add_page_options(CLI::App* app, std::string& paper, PageFlags& page, double& dpi) {
  app->add_option("--paper", paper, "A4 or A3")->capture_default_str();
  app->add_flag("--portrait", page.portrait, "Portrait page");
  app->add_flag("--landscape", page.landscape, "Landscape page (the default)");
  app->add_option("--dpi", dpi, "Resolution of PNG output")
      ->capture_default_str()
      ->check(kDpiCheck);
}

void add_map_options(CLI::App* app, viz::MapOptions& o, PageFlags& page) {
  app->add_option("--layer", o.layer.layer, fmt::format("{}", fmt::join(viz::layer_names(), ", ")))
      ->capture_default_str();
  auto* time =
      app->add_option("--time", o.layer.time, "HH:MM: the statistics interval containing it");
  auto* period = app->add_option(
      "--period", o.layer.period,
      "HH:MM-HH:MM: the intervals overlapping it (volumes summed, v/c as the mean hourly rate, "
      "speed weighted by volume)");
  auto* day = app->add_flag("--day", o.layer.day, "The whole day");
  time->excludes(period)->excludes(day);
  period->excludes(day);
  app->add_option("--type", o.layer.type,
                  "Facilities layer: one facility type (default: every facility with a queue)");
  app->add_option("--zoom", o.zoom,
                  "oku, baturaja or xmin,ymin,xmax,ymax (metres in the run's CRS)")
      ->capture_default_str();
  app->add_option("--classes", o.classes, "continuous, quantiles, equal or natural (Jenks)")
      ->capture_default_str();
  app->add_option("--nclasses", o.nclasses, "Number of classes, 2 to 9")->capture_default_str();
  add_page_options(app, o.paper, page, o.dpi);
  app->add_option("--csv", o.csv, "Also write each feature's key, name and value to this CSV file");
  app->add_option("-o,--output", o.output, "Output .png, .pdf or .svg")->required();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ogan-viz: print-quality maps and charts from ogan results files"};
  app.require_subcommand(1);
  std::vector<std::string> inputs;
  viz::MapOptions mo;
  PageFlags page;

  auto* map = app.add_subcommand("map", "Draw one map of a results file");
  map->add_option("RESULTS", inputs, "Results file (.h5)")->required()->expected(1);
  add_map_options(map, mo, page);

  auto* diff = app.add_subcommand("diff", "Map the change of a layer: policy − base");
  diff->add_option("FILES", inputs, "BASE.h5 POLICY.h5")->required()->expected(2);
  add_map_options(diff, mo, page);

  viz::ChartOptions co;
  auto* chart = app.add_subcommand("chart", "Draw a chart of one or more results files");
  chart->add_option("RESULTS", co.inputs, "Results files (.h5)")->required();
  chart
      ->add_option("--kind", co.kind,
                   "speed_by_hour, facility_queue, trips_in_progress, kpis or kpi")
      ->required();
  chart->add_option("--facility", co.facility, "facility_queue: one facility by name");
  chart->add_option("--type", co.type, "facility_queue: every facility of a type, summed");
  chart->add_option("--kpi", co.kpis,
                    "kpi: the KPI to compare; kpis: the KPIs to show (default: a standard set)");
  add_page_options(chart, co.paper, page, co.dpi);
  chart->add_option("-o,--output", co.output, "Output .png, .pdf or .svg")->required();

  viz::SweepChartOptions so;
  auto* sweep = app.add_subcommand(
      "sweep",
      "Chart a KPI across a sweep (DIR/index.h5 of ogan sweep): mean and spread over seeds");
  sweep->add_option("INDEX", so.index, "The sweep's index.h5")->required();
  sweep->add_option("--kpi", so.kpi, "The KPI to chart")->required();
  sweep->add_option("--x", so.x, "The axis along x (default: the sweep's first axis)");
  add_page_options(sweep, so.paper, page, so.dpi);
  sweep->add_option("--csv", so.csv,
                    "Also write the plotted numbers (series, x, mean, min, max, runs)");
  sweep->add_option("-o,--output", so.output, "Output .png, .pdf or .svg")->required();

  viz::AtlasOptions ao;
  auto* atlas = app.add_subcommand(
      "atlas", "The standard maps and charts of a run, and comparisons with further runs");
  atlas->add_option("RESULTS", ao.inputs, "Results files: the first is the base")->required();
  atlas->add_option("-o,--output", ao.dir, "Output folder")->required()->check(kFolderCheck);
  atlas->add_option("--format", ao.format, "pdf, png or svg")->capture_default_str();
  atlas->add_option("--dpi", ao.dpi, "Resolution of PNG output")
      ->capture_default_str()
      ->check(kDpiCheck);
  viz::CalibrationOptions cao;
  auto* calibration = app.add_subcommand(
      "calibration",
      "The figures of a calibration (a results file of ogan calibrate): observed against "
      "simulated counts, the GEH histogram, the station map and the search's trace");
  calibration->add_option("RESULTS", cao.input, "Results file written by ogan calibrate")
      ->required();
  calibration->add_option("-o,--output", cao.dir, "Output folder")->required()->check(kFolderCheck);
  calibration->add_option("--format", cao.format, "pdf, png or svg")->capture_default_str();
  add_page_options(calibration, cao.paper, page, cao.dpi);
  viz::WebServerOptions wo;
  auto* web = app.add_subcommand(
      "web",
      "Serve the browser viewer (viz/web) on 127.0.0.1, for browsers that refuse file:// "
      "modules; the viewer reads results files in the browser, nothing is uploaded");
  web->add_option("DIR", wo.dir, "The viewer's folder (default: the built viz/web/dist)");
  web->add_option("--port", wo.port, "Port on 127.0.0.1 (0: any free one)")->capture_default_str();
  web->add_option("--data", wo.data,
                  "Also serve this folder at /data/ (a sweep's folder: the viewer opens "
                  "?file=data/index.h5 and downloads the runs next to it)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (page.portrait && page.landscape)
      throw viz::InputError("--portrait and --landscape: give one");
    mo.landscape = co.landscape = so.landscape = cao.landscape = !page.portrait;
    if (map->parsed()) {
      const auto r = viz::open_results(inputs[0]);
      viz::render_map(r, mo);
      fmt::print("written: {}\n", mo.output);
    } else if (diff->parsed()) {
      const auto base = viz::open_results(inputs[0]), policy = viz::open_results(inputs[1]);
      viz::render_diff(base, policy, mo);
      fmt::print("written: {}\n", mo.output);
    } else if (chart->parsed()) {
      viz::render_chart(co);
      fmt::print("written: {}\n", co.output);
    } else if (sweep->parsed()) {
      viz::render_sweep_chart(so);
      fmt::print("written: {}\n", so.output);
    } else if (atlas->parsed()) {
      const auto n = viz::render_atlas(ao);
      fmt::print("written: {} figures and {}/index.md, {}/index.html\n", n, ao.dir, ao.dir);
      if (const auto from = viz::default_web_dir(); !from.empty()) {
        viz::copy_web(from, ao.dir + "/web");
        fmt::print("written: the browser viewer, {}/web/index.html (ogan-viz web {}/web)\n", ao.dir,
                   ao.dir);
      } else {
        fmt::print(stderr,
                   "note: the browser viewer is not built (cd viz/web && npm ci && npm "
                   "run build): the atlas has no web/ folder\n");
      }
    } else if (calibration->parsed()) {
      for (const auto& p : viz::render_calibration(cao)) fmt::print("written: {}\n", p);
    } else if (web->parsed()) {
      if (wo.dir.empty()) wo.dir = viz::default_web_dir();
      if (wo.dir.empty())
        throw viz::InputError(
            "the browser viewer is not built: cd viz/web && npm ci && npm run build "
            "(./scripts/setup does), or give its folder");
      viz::serve_web(wo, [&wo](int port) {
        fmt::print("serving {} at http://127.0.0.1:{}/ (Ctrl-C to stop)\n", wo.dir, port);
        if (!wo.data.empty()) {
          const bool index = std::filesystem::exists(std::filesystem::path(wo.data) / "index.h5");
          fmt::print("and {} at /data/{}\n", wo.data,
                     index ? fmt::format(": http://127.0.0.1:{}/?file=data/index.h5", port)
                           : std::string(" (open ?file=data/NAME.h5)"));
        }
        std::fflush(stdout);
      });
    }
  } catch (const viz::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const ogan::results::Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}
