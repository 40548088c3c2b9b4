#include "atlas.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

#include "calibration_charts.hpp"
#include "chart.hpp"
#include "engine/results/durable_file.hpp"
#include "map.hpp"
#include "results.hpp"

namespace viz {

namespace {

struct Figure {
  std::string file, caption;
  std::function<void(const std::string& path)> draw;
};

std::string slug(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out.empty() ? "run" : out;
}

// The morning peak: the hour from 05:00 to 10:00 with the most pcu entering links.
int morning_peak_hour(const Results& r) {
  std::vector<hsize_t> dims;
  const auto vol = r.doubles(ds::kLinkVolumePcu, &dims);
  if (dims.size() != 2 || dims[0] == 0)
    throw InputError(
        fmt::format("file '{}': /traffic/links/volume_pcu has an unexpected shape", r.path()));
  std::vector<double> hour(24, 0.0);
  for (std::size_t k = 0; k < dims[0]; ++k)
    for (std::size_t l = 0; l < dims[1]; ++l) hour[k * 24 / dims[0]] += vol[k * dims[1] + l];
  int best = 7;
  for (int h = 5; h < 10; ++h)
    if (hour[static_cast<std::size_t>(h)] > hour[static_cast<std::size_t>(best)]) best = h;
  return best;
}

void write_index(const std::string& dir, const std::string& title,
                 const std::vector<Figure>& figs) {
  const auto md = dir + "/index.md", html = dir + "/index.html";
  {
    std::ofstream out(md + ".tmp");
    out << "# " << title << "\n\n";
    for (const auto& f : figs)
      out << "- [" << f.file << "](" << f.file << "): " << f.caption << "\n";
  }
  {
    auto esc = [](const std::string& s) {
      std::string o;
      for (char c : s)
        o += c == '<'   ? "&lt;"
             : c == '>' ? "&gt;"
             : c == '&' ? "&amp;"
             : c == '"' ? "&quot;"
                        : std::string(1, c);
      return o;
    };
    std::ofstream out(html + ".tmp");
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << esc(title)
        << "</title></head>\n<body>\n<h1>" << esc(title) << "</h1>\n<ul>\n";
    for (const auto& f : figs)
      out << "<li><a href=\"" << esc(f.file) << "\">" << esc(f.file) << "</a>: " << esc(f.caption)
          << "</li>\n";
    out << "</ul>\n</body></html>\n";
  }
  for (const auto& f : {md, html}) ogan::files::move_into_place(f + ".tmp", f);
}

}  // namespace

int render_atlas(const AtlasOptions& o) {
  if (o.format != "pdf" && o.format != "png" && o.format != "svg")
    throw InputError(fmt::format("--format {}: expected pdf, png or svg", o.format));
  const auto files = open_all(o.inputs);
  const auto refs = views(files);
  const auto labels = file_labels(refs);
  const Results& base = *files[0];
  const int peak = morning_peak_hour(base);
  const auto period = fmt::format("{:02}:00-{:02}:00", peak, peak + 1);
  const auto s0 = labels[0];

  std::vector<Figure> figs;
  auto map = [&](const std::string& name, const std::string& caption, const std::string& layer,
                 const std::string& zoom, const std::function<void(MapOptions&)>& tweak,
                 std::size_t policy = 0) {
    figs.push_back({fmt::format("{}.{}", name, o.format), caption,
                    [&, layer, zoom, tweak, policy](const std::string& path) {
                      MapOptions m;
                      m.layer.layer = layer;
                      m.zoom = zoom;
                      m.dpi = o.dpi;
                      m.output = path;
                      tweak(m);
                      if (policy == 0)
                        render_map(base, m);
                      else
                        render_diff(base, *files[policy], m);
                    }});
  };
  auto chart = [&](const std::string& name, const std::string& caption, const std::string& kind,
                   std::vector<std::string> in) {
    figs.push_back(
        {fmt::format("{}.{}", name, o.format), caption, [&o, kind, in](const std::string& path) {
           ChartOptions c;
           c.inputs = in;
           c.kind = kind;
           c.dpi = o.dpi;
           c.output = path;
           render_chart(c);
         }});
  };
  const auto peak_opt = [period](MapOptions& m) { m.layer.period = period; };
  const auto none = [](MapOptions&) {};
  const auto natural = [](MapOptions& m) { m.classes = "natural"; };
  const auto f0 = slug(s0);
  map(f0 + "_volume_peak_oku",
      fmt::format("Traffic volume (pcu entering each link) in the morning peak hour {}, scenario "
                  "{}, Kabupaten OKU.",
                  period, s0),
      "volume", "oku", peak_opt);
  map(f0 + "_vc_peak_oku",
      fmt::format(
          "Volume / capacity of each link in the morning peak hour {}, scenario {}, Kabupaten OKU.",
          period, s0),
      "vc", "oku", peak_opt);
  map(f0 + "_vc_peak_baturaja",
      fmt::format(
          "Volume / capacity of each link in the morning peak hour {}, scenario {}, Baturaja town.",
          period, s0),
      "vc", "baturaja", peak_opt);
  map(f0 + "_speed_peak_baturaja",
      fmt::format("Volume-weighted mean speed on each link in the morning peak hour {}, scenario "
                  "{}, Baturaja town.",
                  period, s0),
      "speed", "baturaja", peak_opt);
  map(f0 + "_population_oku",
      fmt::format("Residents per km² of each desa/kelurahan (natural breaks), scenario {}.", s0),
      "population", "oku", natural);
  map(f0 + "_present_grid_1000_oku",
      fmt::format("People present per km² on the 1 km grid at 10:00-10:15, scenario {}.", s0),
      "present_grid", "oku", [](MapOptions& m) {
        m.layer.time = "10:00";
        m.classes = "natural";
      });
  map(f0 + "_trips_produced_oku",
      fmt::format("Planned trips per day produced by the residents of each zone (natural breaks), "
                  "scenario {}, whole day.",
                  s0),
      "trips_produced", "oku", natural);
  map(f0 + "_access_puskesmas_oku",
      fmt::format("Minutes by motorcycle from each zone to the nearest puskesmas, scenario {}.",
                  s0),
      "access_puskesmas", "oku", none);
  map(f0 + "_facilities_puskesmas_oku",
      fmt::format("Puskesmas by visits per day (symbol area) and mean wait (colour), scenario {}, "
                  "whole day.",
                  s0),
      "facilities", "oku", [](MapOptions& m) { m.layer.type = "puskesmas"; });
  chart(f0 + "_speed_by_hour",
        fmt::format("Network mean speed by hour of the day, scenario {}.", s0), "speed_by_hour",
        {o.inputs[0]});
  chart(f0 + "_trips_in_progress",
        fmt::format("Trips in progress by mode over the day, scenario {}.", s0),
        "trips_in_progress", {o.inputs[0]});
  chart(f0 + "_kpis", fmt::format("Key performance indicators of scenario {}, whole day.", s0),
        "kpis", {o.inputs[0]});
  // A run of ogan calibrate: how well it fits its counts, and how the search went.
  if (base.has("/calibration")) {
    const std::vector<std::string> captions = {
        fmt::format("Observed against simulated hourly counts at the fitted and the held-out "
                    "stations, with the 1:1 line, slopes, R² and GEH < 5 shares, scenario {}.",
                    s0),
        fmt::format("GEH of the count records of the fitted and the held-out stations against "
                    "GEH = 5 and the 85 % criterion, scenario {}.",
                    s0),
        fmt::format("Count stations by their worst hourly GEH, held-out stations as squares, "
                    "scenario {}.",
                    s0),
        fmt::format("The calibration's search: the objective and each parameter within its "
                    "bounds by evaluation, scenario {}.",
                    s0)};
    for (std::size_t k = 0; k < kCalibrationFigures.size(); ++k) {
      const auto& name = kCalibrationFigures[k];
      figs.push_back({fmt::format("{}_calibration_{}.{}", f0, name, o.format), captions[k],
                      [&base, &o, name](const std::string& path) {
                        CalibrationOptions c;
                        c.dpi = o.dpi;
                        render_calibration_figure(base, name, path, c);
                      }});
    }
  }
  for (std::size_t i = 1; i < files.size(); ++i) {
    const auto fi = slug(labels[i]) + "_vs_" + f0;
    const auto vs = fmt::format("{} − {}", labels[i], s0);
    map(fi + "_volume_peak_oku",
        fmt::format("Change in traffic volume in the morning peak hour {}, {}, Kabupaten OKU.",
                    period, vs),
        "volume", "oku", peak_opt, i);
    map(fi + "_vc_peak_baturaja",
        fmt::format("Change in volume / capacity in the morning peak hour {}, {}, Baturaja town.",
                    period, vs),
        "vc", "baturaja", peak_opt, i);
    map(fi + "_trips_produced_oku",
        fmt::format("Change in planned trips per day produced by each zone, {}, whole day.", vs),
        "trips_produced", "oku", none, i);
    map(fi + "_access_puskesmas_oku",
        fmt::format("Change in minutes by motorcycle to the nearest puskesmas, {}.", vs),
        "access_puskesmas", "oku", none, i);
    chart(fi + "_kpis",
          fmt::format("Key performance indicators of {} and {}, one bar per scenario, whole day.",
                      s0, labels[i]),
          "kpis", {o.inputs[0], o.inputs[i]});
    chart(fi + "_speed_by_hour",
          fmt::format("Network mean speed by hour, {} and {}.", s0, labels[i]), "speed_by_hour",
          {o.inputs[0], o.inputs[i]});
  }

  std::filesystem::create_directories(o.dir);
  std::vector<std::string> written;
  try {
    for (const auto& f : figs) {
      const auto path = (std::filesystem::path(o.dir) / f.file).string();
      f.draw(path);
      written.push_back(path);
    }
    write_index(o.dir, fmt::format("ogan atlas: {}", fmt::join(labels, ", ")), figs);
  } catch (...) {
    for (const auto& p : written) std::filesystem::remove(p);
    throw;
  }
  return static_cast<int>(figs.size());
}

}  // namespace viz
