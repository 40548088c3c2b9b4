#include "legend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "page.hpp"
#include "plot.hpp"

namespace viz {

double link_width(const Layer& layer, const Scale& scale, const Feature& f, double size_max) {
  if (scale.diverging) {
    return scale.all_zero || !std::isfinite(f.value)
               ? 0.6
               : 0.4 + 2.6 * std::sqrt(std::abs(f.value) / scale.hi);
  }
  if (!layer.size_unit.empty())
    return 0.25 + 3.5 * std::sqrt(std::max(0.0, f.size) / std::max(size_max, 1e-9));
  return std::isfinite(f.value) ? 0.9 : 0.3;
}

double symbol_radius(double size, double size_max) {
  // Area proportional to visits.
  return 1.5 + 7.0 * std::sqrt(std::max(0.0, size) / std::max(size_max, 1e-9));
}

void symbol_path(cairo_t* cr, double x, double y, double r, int symbol) {
  cairo_new_sub_path(cr);
  if (symbol == 1) {
    const double h = 0.89 * r;  // a square of the circle's area
    cairo_rectangle(cr, x - h, y - h, 2 * h, 2 * h);
  } else {
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
  }
}

namespace {
void swatch_line(cairo_t* cr, double x, double y, const Rgb& c, double w, bool dashed) {
  const double dash[] = {4.0, 1.5};
  if (dashed) cairo_set_dash(cr, dash, 2, 0);
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
  cairo_set_line_width(cr, w);
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x + 22, y);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
}
}  // namespace

void draw_legend(cairo_t* cr, double lx, double y, double width, const Layer& layer, const Scale& s,
                 const LegendExtras& ex) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, lx, y, "Legend", 11, true);
  y += 16;
  if (s.diverging) {
    text(cr, lx, y, "policy − base", kLabelText, true);
    y += 10;
  }
  for (const auto& line : wrap(cr, layer.unit, width, kLabelText)) {
    text(cr, lx, y, line, kLabelText);
    y += 10;
  }
  y += 2;
  const double bw = 14;
  cairo_set_line_width(cr, 0.5);
  if (s.method == ClassMethod::Continuous) {
    const double bh = 130;
    const int steps = 64;
    for (int i = 0; i < steps; ++i) {
      const double v = s.hi - (s.hi - s.lo) * (i + 0.5) / steps;
      const Rgb c = s.colour(v);
      cairo_set_source_rgb(cr, c.r, c.g, c.b);
      cairo_rectangle(cr, lx, y + bh * i / steps, bw, bh / steps + 0.5);
      cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, lx, y, bw, bh);
    cairo_stroke(cr);
    // Round values on the bar, and its top when that is an open "and more" class.
    auto ticks = nice_ticks(s.lo, s.hi, 4);
    std::erase_if(ticks, [&](double v) {
      return v < s.lo - 1e-9 * (s.hi - s.lo) || v > s.hi + 1e-9 * (s.hi - s.lo);
    });
    // The top of the bar is labelled too (the maximum, or "and more"), where there is room for it.
    if (s.open_top)
      std::erase_if(ticks, [&](double v) { return bh * (s.hi - v) / (s.hi - s.lo) < 12; });
    auto room = [&](double v) {
      return std::none_of(ticks.begin(), ticks.end(),
                          [&](double t) { return std::abs(t - v) * bh / (s.hi - s.lo) < 12; });
    };
    if (s.open_top || room(s.hi)) ticks.push_back(s.hi);
    if (s.diverging && room(s.lo)) ticks.push_back(s.lo);
    for (double v : ticks) {
      const double ty = y + bh * (s.hi - v) / (s.hi - s.lo);
      cairo_move_to(cr, lx + bw, ty);
      cairo_line_to(cr, lx + bw + 3, ty);
      cairo_stroke(cr);
      std::string label = format_value(v);
      if (v == s.hi && s.open_top) label += " and more";
      if (v > 0 && s.diverging) label = "+" + label;
      text(cr, lx + bw + 5, ty + 3, label, kLabelText);
    }
    y += bh + 14;
    if (s.all_zero) {
      text(cr, lx, y, "no difference anywhere", kLabelText);
      y += 12;
    }
  } else {
    const char* method = s.method == ClassMethod::Quantiles ? "quantiles"
                         : s.method == ClassMethod::Equal   ? "equal intervals"
                                                            : "natural breaks (Jenks)";
    text(cr, lx, y + 6, fmt::format("classes: {}", method), kSmallText);
    y += 12;
    // Highest class on top, as on the continuous bar; a difference's "no change" between its
    // gains and losses.
    const auto signed_value = [&](double v) {
      return s.diverging && v > 0 ? fmt::format("+{}", format_value(v)) : format_value(v);
    };
    const auto box = [&](const Rgb& c, const std::string& label) {
      cairo_set_source_rgb(cr, c.r, c.g, c.b);
      cairo_rectangle(cr, lx, y, bw, 11);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_stroke(cr);
      text(cr, lx + bw + 5, y + 8.5, label, kLabelText);
      y += 13;
    };
    for (int i = s.classes() - 1; i >= 0; --i) {
      const auto lo = s.edges[static_cast<std::size_t>(i)],
                 hi = s.edges[static_cast<std::size_t>(i) + 1];
      if (s.diverging && hi == 0) box(s.colour(0), "0 (no change)");
      const bool top = i == s.classes() - 1;
      box(s.colour((lo + hi) / 2), fmt::format("{} – {}{}", signed_value(lo), signed_value(hi),
                                               top && s.open_top ? " and more" : ""));
    }
    y += 6;
  }
  for (std::size_t k = 0; k < layer.symbols.size(); ++k) {
    const double r = std::min(layer.symbol_radius > 0 ? layer.symbol_radius : 4.0, 6.0);
    symbol_path(cr, lx + 11, y, r, static_cast<int>(k));
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    text(cr, lx + 28, y + 3, fit_text(cr, layer.symbols[k], width - 28, kLabelText), kLabelText);
    y += std::max(2 * r, 9.0) + 5;
  }
  if (!layer.symbols.empty()) y += 4;
  if (ex.no_data) {
    cairo_set_source_rgb(cr, kNoDataGrey.r, kNoDataGrey.g, kNoDataGrey.b);
    if (layer.shape == Shape::Line) {
      swatch_line(cr, lx, y, kNoDataGrey, 1.5, false);
    } else {
      cairo_rectangle(cr, lx, y - 5, bw, 9);
      cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, lx + 28, y + 3, layer.no_data, kLabelText);
    y += 16;
  }
  if (!layer.size_unit.empty() && ex.size_max > 0 && !s.diverging) {
    text(cr, lx, y,
         layer.shape == Shape::Point ? fmt::format("symbol area: {}", layer.size_unit)
                                     : fmt::format("line width: {}", layer.size_unit),
         kLabelText);
    y += 12;
    for (double f : {1.0, 0.25, 0.0625}) {
      const double v = ex.size_max * f;
      Feature probe;
      probe.size = v;
      if (layer.shape == Shape::Point) {
        const double r = symbol_radius(v, ex.size_max);
        cairo_new_path(cr);
        cairo_arc(cr, lx + 11, y + r, r, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        text(cr, lx + 28, y + r + 3, format_value(v), kLabelText);
        y += std::max(2 * r, 9.0) + 4;
      } else {
        swatch_line(cr, lx, y, {0.3, 0.3, 0.3}, link_width(layer, s, probe, ex.size_max), false);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text(cr, lx + 28, y + 3, format_value(v), kLabelText);
        y += 12;
      }
    }
    y += 4;
  }
  if (ex.decreases_marked) {
    const Rgb blue = s.colour(s.lo);
    if (layer.shape == Shape::Line) {
      swatch_line(cr, lx, y, blue, 3.5, false);
      swatch_line(cr, lx, y, {1, 1, 1}, 1.2, false);
    } else if (layer.shape == Shape::Area) {
      cairo_rectangle(cr, lx, y - 5, 22, 10);
      cairo_set_source_rgb(cr, blue.r, blue.g, blue.b);
      cairo_fill(cr);
      cairo_save(cr);
      cairo_rectangle(cr, lx, y - 5, 22, 10);
      cairo_clip(cr);
      for (double d = lx - 10; d < lx + 22; d += 4) {
        cairo_move_to(cr, d, y + 5);
        cairo_line_to(cr, d + 10, y - 5);
      }
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_set_line_width(cr, 0.8);
      cairo_stroke(cr);
      cairo_restore(cr);
    } else {
      cairo_arc(cr, lx + 11, y, 3.5, 0, 2 * M_PI);
      cairo_set_source_rgb(cr, blue.r, blue.g, blue.b);
      cairo_fill(cr);
      cairo_arc(cr, lx + 11, y, 1.2, 0, 2 * M_PI);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, lx + 28, y + 3,
         layer.shape == Shape::Line   ? "decrease (white core)"
         : layer.shape == Shape::Area ? "decrease (hatched)"
                                      : "decrease (white dot)",
         kLabelText);
    y += 14;
  }
  if (ex.kecamatan) {
    swatch_line(cr, lx, y, {0.2, 0.2, 0.2}, 0.9, true);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, lx + 28, y + 3, "kecamatan boundary", kLabelText);
    y += 13;
  }
  if (ex.river) {
    swatch_line(cr, lx, y, {0.45, 0.68, 0.85}, 1.6, false);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, lx + 28, y + 3, "river", kLabelText);
  }
}

}  // namespace viz
