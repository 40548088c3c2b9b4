// The calibration's figures: the dispatcher, and the two drawn from the count records (the
// observed-against-simulated scatter and the GEH histogram).
#include "calibration_charts.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <set>
#include <tuple>

#include "canvas.hpp"
#include "page.hpp"
#include "palette.hpp"
#include "plot.hpp"

namespace viz {

namespace {

// Fitted dark, held out in the middle of viridis: apart in hue and in grey, and the markers
// differ too (circle and square, as on the station map).
const Rgb kFitted = sequential(1.0), kHeldOut = sequential(0.45);
constexpr int kFittedMarker = 0, kHeldOutMarker = 1;
// UK DMRB (TA 46/97) and TAG unit M3.1: GEH below 5 on more than 85 % of individual counts.
constexpr double kCriterion = 0.85;

void set(cairo_t* cr, const Rgb& c, double alpha = 1) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

std::string percent(double share) {
  return fmt::format("{:.1f} %", 100 * share);
}

Footer footer_with_caption(cairo_t* cr, const Results& r, const Calibration& c, double width) {
  Footer f = make_footer(cr, {&r}, false, width);
  auto lines = wrap(cr, calibration_caption(c), width, kSmallText);
  f.lines.insert(f.lines.begin(), lines.begin(), lines.end());
  return f;
}

// A key entry: a marker or a line, then text lines; returns the y below it.
double key_entry(cairo_t* cr, double x, double y, const std::vector<std::string>& lines,
                 const std::function<void(double, double)>& swatch) {
  swatch(x + 9, y - 3);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    text(cr, x + 24, y, lines[i], i == 0 ? 8.5 : kLabelText, i == 0);
    y += i == 0 ? 12 : 10.5;
  }
  return y + 8;
}

}  // namespace

std::string calibration_caption(const Calibration& c) {
  return fmt::format(
      "Drawn from {} (ogan calibrate: {} evaluations{}, each at sample {:g}; stopped: {}).", c.path,
      c.evaluations,
      c.cached_evaluations > 0
          ? fmt::format(", {} read back from its work folder", c.cached_evaluations)
          : "",
      c.sample_rate, c.stop_reason.empty() ? "not recorded" : c.stop_reason);
}

std::string counts_description(const Calibration& c) {
  std::set<int> classes;
  std::set<double> hours;
  double from = 1e300, to = -1e300;
  for (const auto& r : c.counts) {
    classes.insert(r.vehicle_class);
    hours.insert(r.hours());
    from = std::min(from, r.from_s);
    to = std::max(to, r.to_s);
  }
  std::vector<std::string> names;
  for (int k : classes)
    names.push_back(k >= 0 && static_cast<std::size_t>(k) < c.class_names.size()
                        ? c.class_names[static_cast<std::size_t>(k)]
                        : fmt::format("class {}", k));
  const std::string what =
      names.size() <= 1
          ? fmt::format("{}", fmt::join(names, ""))
          : fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
  if (c.counts.empty()) return "no count records";
  return fmt::format("{} counts of {}, {}-{}",
                     hours.size() == 1 && *hours.begin() == 1 ? "hourly" : "hourly-equivalent",
                     what, hhmm(from), hhmm(to));
}

// The subtitle of the count charts: what was counted, where, in which run.
std::string counts_subtitle(const Results& r, const Calibration& c) {
  return fmt::format("{} at {} stations | scenario {}, sample {}", counts_description(c),
                     c.station_id.size(), r.attr_text(attrs::kScenarioName),
                     r.attr_text(attrs::kSampleRate));
}

void draw_scatter(const Results& r, const Calibration& c, const std::string& path,
                  const CalibrationOptions& o) {
  const Scatter sc = scatter_data(c);
  double top = 1;
  for (const auto* g : {&sc.fitted, &sc.held_out}) {
    for (double v : g->observed) top = std::max(top, v);
    for (double v : g->simulated) top = std::max(top, v);
  }
  const auto ticks = nice_ticks(0, top, 6);
  Canvas canvas(path, o.paper, o.landscape, o.dpi);
  cairo_t* cr = canvas.cr();
  const double W = canvas.width(), H = canvas.height();
  draw_title(cr, 40, "Observed against simulated counts", counts_subtitle(r, c));
  const Footer footer = footer_with_caption(cr, r, c, W - 80);
  const double bottom = H - std::max(90.0, footer.height() + 50);
  // Square, so that the 1:1 line is the diagonal; the key beside it, or under it on a portrait
  // page.
  const bool beside = W > H;
  const double side = beside ? std::min(bottom - 80, W - 360) : std::min(W - 130, bottom - 330);
  const Axes ax{{90, 80, 90 + side, 80 + side}, 0, ticks.back(), 0, ticks.back(), false, true};
  draw_axes(cr, ax, ticks, ticks, "Observed (veh/h)",
            "Simulated (veh/h, scaled to the full population)");

  cairo_save(cr);
  cairo_rectangle(cr, ax.area.x0, ax.area.y0, side, side);
  cairo_clip(cr);
  // GEH = 5 either side of the diagonal: simulated - observed = (12.5 ± √(156.25 + 100 o)) / 2.
  const double dash[] = {3, 2.5};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_line_width(cr, 0.7);
  cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
  for (int sign : {1, -1}) {
    bool pen = false;
    for (int i = 0; i <= 400; ++i) {
      const double obs = ax.x1 * i / 400.0,
                   sim = obs + (12.5 + sign * std::sqrt(156.25 + 100 * obs)) / 2;
      if (sim < 0) continue;
      if (pen)
        cairo_line_to(cr, ax.px(obs), ax.py(sim));
      else
        cairo_move_to(cr, ax.px(obs), ax.py(sim));
      pen = true;
    }
    cairo_stroke(cr);
  }
  cairo_set_dash(cr, nullptr, 0, 0);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.9);
  cairo_move_to(cr, ax.px(0), ax.py(0));
  cairo_line_to(cr, ax.px(ax.x1), ax.py(ax.y1));
  cairo_stroke(cr);
  // Held out on top: fewer, and the test of the fit.
  for (std::size_t i = 0; i < sc.fitted.observed.size(); ++i) {
    set(cr, kFitted, 0.55);
    draw_marker(cr, ax.px(sc.fitted.observed[i]), ax.py(sc.fitted.simulated[i]), kFittedMarker,
                1.9);
  }
  for (std::size_t i = 0; i < sc.held_out.observed.size(); ++i) {
    set(cr, kHeldOut, 0.85);
    draw_marker(cr, ax.px(sc.held_out.observed[i]), ax.py(sc.held_out.simulated[i]), kHeldOutMarker,
                1.9);
  }
  cairo_restore(cr);

  double kx = beside ? ax.area.x1 + 40 : ax.area.x0, ky = beside ? ax.area.y0 + 8 : ax.area.y1 + 60;
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, kx, ky, "Legend", 11, true);
  ky += 20;
  const auto group = [&](const ScatterGroup& g, const char* name, const Rgb& colour, int marker) {
    ky =
        key_entry(cr, kx, ky,
                  {fmt::format("{} ({} stations, {} records)", name, g.fit.stations, g.fit.records),
                   g.fit.records > 0 ? fmt::format("slope {:.3f}, R² {:.3f}", g.fit.slope, g.fit.r2)
                                     : "no records",
                   fmt::format("GEH < 5: {}", percent(g.fit.share_geh_below_5))},
                  [&](double x, double y) {
                    set(cr, colour);
                    draw_marker(cr, x, y, marker, 3);
                  });
  };
  group(sc.fitted, "Fitted stations", kFitted, kFittedMarker);
  group(sc.held_out, "Held-out stations", kHeldOut, kHeldOutMarker);
  ky = key_entry(cr, kx, ky, {"1:1 line", "simulated = observed"}, [&](double x, double y) {
    cairo_set_line_width(cr, 0.9);
    cairo_move_to(cr, x - 9, y);
    cairo_line_to(cr, x + 9, y);
    cairo_stroke(cr);
  });
  ky = key_entry(cr, kx, ky, {"GEH = 5", "either side of the line"}, [&](double x, double y) {
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 0.7);
    cairo_move_to(cr, x - 9, y);
    cairo_line_to(cr, x + 9, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  });
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  for (const auto& line :
       wrap(cr,
            "One point per count record (station, hour, vehicle class). Slope: least squares of "
            "simulated on observed through the origin; R²: squared correlation.",
            beside ? W - kx - 30 : W - 130, kSmallText)) {
    text(cr, kx, ky, line, kSmallText);
    ky += 9;
  }
  draw_footer(cr, 40, H, footer);
  canvas.finish();
}

void draw_geh_histogram(const Results& r, const Calibration& c, const std::string& path,
                        const CalibrationOptions& o) {
  const GehHistogram h = geh_histogram(c);
  const auto share = [](std::size_t n, std::size_t of) {
    return of > 0 ? static_cast<double>(n) / static_cast<double>(of) : 0.0;
  };
  double top = 0;
  for (std::size_t b = 0; b < kGehBins; ++b)
    top = std::max({top, 100 * share(h.fitted[b], h.fitted_records),
                    100 * share(h.held_out[b], h.held_out_records)});
  const auto yt = nice_ticks(0, top > 0 ? top : 1, 5);
  Canvas canvas(path, o.paper, o.landscape, o.dpi);
  cairo_t* cr = canvas.cr();
  const double W = canvas.width(), H = canvas.height();
  draw_title(cr, 40, "GEH of the count records, fitted and held-out stations",
             counts_subtitle(r, c));
  const Footer footer = footer_with_caption(cr, r, c, W - 80);
  const double bottom = H - std::max(90.0, footer.height() + 50);
  const double key_w = W > H ? 230 : 0;
  const Axes ax{{90, 80, W - 40 - key_w, W > H ? bottom : bottom - 260},
                0,
                static_cast<double>(kGehBins),
                0,
                yt.back()};
  draw_axes(cr, ax, {}, yt, "GEH of the hourly-equivalent flows (bins of 1)",
            "Share of the group's records (%)");
  const double slot = ax.px(1) - ax.px(0);
  for (std::size_t b = 0; b < kGehBins; ++b) {
    const double x = static_cast<double>(b);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, ax.px(x + 0.5), ax.area.y1 + 14,
         b + 1 < kGehBins ? fmt::format("{}–{}", b, b + 1) : fmt::format("≥ {}", b), kLabelText,
         false, 0.5);
    int k = 0;
    for (const auto& [n, of, colour] : {std::tuple{h.fitted[b], h.fitted_records, kFitted},
                                        std::tuple{h.held_out[b], h.held_out_records, kHeldOut}}) {
      const double v = 100 * share(n, of);
      const double x0 = ax.px(x + 0.1 + 0.4 * k), w = 0.4 * slot;
      ++k;
      if (n == 0) continue;
      set(cr, colour);
      cairo_rectangle(cr, x0, ax.py(v), w, ax.py(0) - ax.py(v));
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, 0.4);
      cairo_stroke(cr);
      text(cr, x0 + w / 2, ax.py(v) - 3, fmt::format("{}", n), kSmallText, false, 0.5);
    }
  }
  // The limit of one count.
  cairo_set_source_rgb(cr, 0.7, 0.1, 0.1);
  cairo_set_line_width(cr, 1.2);
  const double dash[] = {5, 3};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_move_to(cr, ax.px(5), ax.area.y0);
  cairo_line_to(cr, ax.px(5), ax.area.y1);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  text(cr, ax.px(5) + 4, ax.area.y0 + 10, "GEH = 5", 8.5, true);

  // The key, and the shares below 5 against the criterion as bars of their own.
  double kx = W > H ? ax.area.x1 + 30 : ax.area.x0, ky = W > H ? ax.area.y0 + 8 : ax.area.y1 + 50;
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, kx, ky, "Legend", 11, true);
  ky += 20;
  for (const auto& [name, colour, n] :
       {std::tuple{"Fitted stations", kFitted, h.fitted_records},
        std::tuple{"Held-out stations", kHeldOut, h.held_out_records}}) {
    ky = key_entry(cr, kx, ky, {name, fmt::format("{} records", n)}, [&](double x, double y) {
      set(cr, colour);
      cairo_rectangle(cr, x - 6, y - 5, 12, 10);
      cairo_fill(cr);
    });
  }
  ky += 6;
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, kx, ky, "Records with GEH < 5", 8.5, true);
  ky += 16;
  const double bw = (W > H ? W - kx - 40 : 260), bars_y = ky;
  for (const auto& [name, colour, below, of] :
       {std::tuple{"fitted", kFitted, h.fitted_below_5, h.fitted_records},
        std::tuple{"held out", kHeldOut, h.held_out_below_5, h.held_out_records}}) {
    const double s = share(below, of);
    cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
    cairo_rectangle(cr, kx, ky, bw, 10);
    cairo_fill(cr);
    set(cr, colour);
    cairo_rectangle(cr, kx, ky, bw * s, 10);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_set_line_width(cr, 0.4);
    cairo_rectangle(cr, kx, ky, bw, 10);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, kx, ky + 21,
         of > 0 ? fmt::format("{}: {} of {} ({}), criterion {}", name, below, of, percent(s),
                              s > kCriterion ? "met" : "not met")
                : fmt::format("{}: no records", name),
         kLabelText);
    ky += 34;
  }
  // The criterion across both bars.
  const double cx = kx + bw * kCriterion;
  cairo_set_source_rgb(cr, 0.7, 0.1, 0.1);
  cairo_set_line_width(cr, 1.2);
  cairo_move_to(cr, cx, bars_y - 3);
  cairo_line_to(cr, cx, bars_y + 34 + 13);
  cairo_stroke(cr);
  text(cr, cx, bars_y - 5, "85 %", kLabelText, true, 0.5);
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  for (const auto& line :
       wrap(cr,
            "Criterion (UK DMRB TA 46/97, TAG unit M3.1): GEH < 5 on more than 85 % of the "
            "individual counts. GEH = √(2 (s − o)² / (s + o)) of simulated s and observed o "
            "in veh/h. One record per station, hour and vehicle class.",
            bw, kSmallText)) {
    text(cr, kx, ky, line, kSmallText);
    ky += 9;
  }
  draw_footer(cr, 40, H, footer);
  canvas.finish();
}

void render_calibration_figure(const Results& r, const std::string& name, const std::string& path,
                               const CalibrationOptions& o) {
  const Calibration c = read_calibration(r);
  if (name == "scatter")
    draw_scatter(r, c, path, o);
  else if (name == "geh_histogram")
    draw_geh_histogram(r, c, path, o);
  else if (name == "station_map")
    draw_station_map(r, c, path, o);
  else if (name == "trace")
    draw_trace(r, c, path, o);
  else
    throw InputError(fmt::format("calibration figure '{}': expected one of {}", name,
                                 fmt::join(kCalibrationFigures, ", ")));
}

std::vector<std::string> render_calibration(const CalibrationOptions& o) {
  if (o.format != "pdf" && o.format != "png" && o.format != "svg")
    throw InputError(fmt::format("--format {}: expected pdf, png or svg", o.format));
  if (o.paper != "A4" && o.paper != "A3")
    throw InputError(fmt::format("--paper {}: expected A4 or A3", o.paper));
  const auto r = open_results(o.input);
  read_calibration(r);  // the common errors before any file exists
  std::filesystem::create_directories(o.dir);
  std::vector<std::string> written;
  try {
    for (const auto& name : kCalibrationFigures) {
      const auto path = (std::filesystem::path(o.dir) / (name + "." + o.format)).string();
      render_calibration_figure(r, name, path, o);
      written.push_back(path);
    }
  } catch (...) {
    for (const auto& p : written) std::filesystem::remove(p);
    throw;
  }
  return written;
}

}  // namespace viz
