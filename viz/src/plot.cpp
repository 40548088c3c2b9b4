#include "plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "page.hpp"
#include "palette.hpp"

namespace viz {

std::vector<double> nice_ticks(double lo, double hi, int n) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / n;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * p;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  }
  std::vector<double> t;
  for (double v = std::floor(lo / step) * step; v <= hi + step * 1e-9; v += step)
    t.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  if (t.back() < hi) t.push_back(t.back() + step);
  return t;
}

LineStyle line_style(std::size_t i, std::size_t n) {
  static const std::vector<std::vector<double>> dashes = {
      {}, {6, 3}, {1.5, 2.5}, {7, 2.5, 1.5, 2.5}, {3, 3}};
  // Spread along viridis, dark first, so neighbouring series differ in lightness too.
  const double t = n <= 1 ? 1.0 : 1.0 - 0.8 * static_cast<double>(i) / static_cast<double>(n - 1);
  return {sequential(t), dashes[i % dashes.size()], static_cast<int>(i % 5)};
}

void set_line_style(cairo_t* cr, const LineStyle& st, double width) {
  cairo_set_source_rgb(cr, st.colour.r, st.colour.g, st.colour.b);
  cairo_set_dash(cr, st.dash.data(), static_cast<int>(st.dash.size()), 0);
  cairo_set_line_width(cr, width);
}

std::vector<double> log_ticks(double lo, double hi) {
  if (!(lo > 0)) lo = 1;
  if (!(hi > lo)) hi = lo * 10;
  const std::vector<double> steps =
      std::log10(hi / lo) <= 3 ? std::vector<double>{1, 2, 5} : std::vector<double>{1};
  std::vector<double> all;
  for (int d = static_cast<int>(std::floor(std::log10(lo))) - 1;
       d <= static_cast<int>(std::ceil(std::log10(hi))) + 1; ++d)
    for (double m : steps) all.push_back(m * std::pow(10.0, d));
  // The round values between the last at or below lo and the first at or above hi.
  std::vector<double> t;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const bool below = i + 1 < all.size() && all[i + 1] <= lo * (1 + 1e-9);
    const bool above = i > 0 && all[i - 1] >= hi * (1 - 1e-9);
    if (!below && !above) t.push_back(all[i]);
  }
  return t;
}

double Axes::px(double x) const {
  return area.x0 + (x - x0) / (x1 - x0) * (area.x1 - area.x0);
}

double Axes::py(double y) const {
  const double f = log_y ? (std::log10(y) - std::log10(y0)) / (std::log10(y1) - std::log10(y0))
                         : (y - y0) / (y1 - y0);
  return area.y1 - f * (area.y1 - area.y0);
}

void draw_marker(cairo_t* cr, double x, double y, int kind, double r) {
  switch (kind) {
    case 0:
      cairo_new_sub_path(cr);
      cairo_arc(cr, x, y, r, 0, 2 * M_PI);
      cairo_fill(cr);
      break;
    case 1:
      cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
      cairo_fill(cr);
      break;
    case 2:
      cairo_move_to(cr, x, y - r * 1.2);
      cairo_line_to(cr, x + r * 1.1, y + r);
      cairo_line_to(cr, x - r * 1.1, y + r);
      cairo_close_path(cr);
      cairo_fill(cr);
      break;
    case 3:
      cairo_move_to(cr, x, y - r * 1.3);
      cairo_line_to(cr, x + r, y);
      cairo_line_to(cr, x, y + r * 1.3);
      cairo_line_to(cr, x - r, y);
      cairo_close_path(cr);
      cairo_fill(cr);
      break;
    default:
      cairo_set_line_width(cr, 1.2);
      cairo_move_to(cr, x - r, y - r);
      cairo_line_to(cr, x + r, y + r);
      cairo_move_to(cr, x + r, y - r);
      cairo_line_to(cr, x - r, y + r);
      cairo_stroke(cr);
  }
}

void draw_axes(cairo_t* cr, const Axes& ax, const std::vector<double>& xt,
               const std::vector<double>& yt, const std::string& xlabel, const std::string& ylabel,
               bool hours) {
  const Box& a = ax.area;
  cairo_set_line_width(cr, 0.4);
  for (double v : yt) {
    const double py = ax.py(v);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, a.x0, py);
    cairo_line_to(cr, a.x1, py);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, a.x0 - 5, py + 3, format_value(v), kLabelText, false, 1);
  }
  for (double v : xt) {
    const double px = ax.px(v);
    if (ax.x_grid) {
      cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
      cairo_move_to(cr, px, a.y0);
      cairo_line_to(cr, px, a.y1);
      cairo_stroke(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, px, a.y1);
    cairo_line_to(cr, px, a.y1 + 4);
    cairo_stroke(cr);
    text(cr, px, a.y1 + 14, hours ? fmt::format("{:02.0f}:00", v) : format_value(v), kLabelText,
         false, 0.5);
  }
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, a.x0, a.y0);
  cairo_line_to(cr, a.x0, a.y1);
  cairo_line_to(cr, a.x1, a.y1);
  cairo_stroke(cr);
  text(cr, (a.x0 + a.x1) / 2, a.y1 + 30, xlabel, 9, false, 0.5);
  cairo_save(cr);
  cairo_translate(cr, a.x0 - 44, (a.y0 + a.y1) / 2);
  cairo_rotate(cr, -M_PI / 2);
  text(cr, 0, 0, ylabel, 9, false, 0.5);
  cairo_restore(cr);
}

void draw_line_chart(cairo_t* cr, const Box& a, const LineChart& c) {
  double x0 = 1e300, x1 = -1e300, ymax = c.y_from_zero ? 0 : -1e300,
         ymin = c.y_from_zero ? 0 : 1e300;
  for (const auto& s : c.series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      x0 = std::min(x0, s.x[i]);
      x1 = std::max(x1, s.x[i]);
      if (std::isfinite(s.y[i])) ymax = std::max(ymax, s.y[i]);
      if (std::isfinite(s.y[i])) ymin = std::min(ymin, s.y[i]);
    }
    for (double v : s.hi)
      if (std::isfinite(v)) ymax = std::max(ymax, v);
    for (double v : s.lo)
      if (std::isfinite(v)) ymin = std::min(ymin, v);
  }
  if (!(ymin <= ymax)) ymin = ymax = 0;
  if (c.hours) {
    x0 = 0;
    x1 = 24;
  }
  if (!c.categories.empty()) {  // a half slot of room either side
    x0 = -0.5;
    x1 = static_cast<double>(c.categories.size()) - 0.5;
  } else if (!c.hours && x1 > x0) {
    const double pad = 0.04 * (x1 - x0);
    x0 -= pad;
    x1 += pad;
  }
  if (!(x1 > x0)) {
    x0 -= 0.5;
    x1 = x0 + 1;
  }
  const auto yt = c.y_from_zero ? nice_ticks(0, ymax > 0 ? ymax : 1, 5)
                                : nice_ticks(ymin, ymax > ymin ? ymax : ymin + 1, 5);
  std::vector<double> xt;
  if (c.hours) {
    for (int h = 0; h <= 24; h += 3) xt.push_back(h);
  } else if (c.categories.empty()) {
    for (double t : nice_ticks(x0, x1, 6))
      if (t >= x0 && t <= x1) xt.push_back(t);
  }
  draw_axes(cr, {a, x0, x1, yt.front(), yt.back()}, xt, yt, c.xlabel, c.ylabel, c.hours);
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    const double px = a.x0 + (static_cast<double>(i) - x0) / (x1 - x0) * (a.x1 - a.x0);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, px, a.y1 + 14,
         fit_text(cr, c.categories[i], (a.x1 - a.x0) / static_cast<double>(c.categories.size()),
                  kLabelText),
         kLabelText, false, 0.5);
  }
  auto px = [&](double x) { return a.x0 + (x - x0) / (x1 - x0) * (a.x1 - a.x0); };
  auto py = [&](double y) {
    return a.y1 - (y - yt.front()) / (yt.back() - yt.front()) * (a.y1 - a.y0);
  };
  const auto n = c.series.size();
  for (std::size_t k = 0; k < n; ++k) {
    const auto& s = c.series[k];
    const auto st = line_style(k, n);
    set_line_style(cr, st, 1.6);
    bool pen = false;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.y[i])) {
        pen = false;
        continue;
      }
      if (pen)
        cairo_line_to(cr, px(s.x[i]), py(s.y[i]));
      else
        cairo_move_to(cr, px(s.x[i]), py(s.y[i]));
      pen = true;
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    // Whiskers with caps, nudged sideways per series so that overlapping ones stay apart.
    const double nudge = (static_cast<double>(k) - 0.5 * static_cast<double>(n - 1)) * 3.0;
    cairo_set_line_width(cr, 0.9);
    for (std::size_t i = 0; i < s.lo.size() && i < s.hi.size() && i < s.x.size(); ++i) {
      if (!std::isfinite(s.lo[i]) || !std::isfinite(s.hi[i])) continue;
      const double x = px(s.x[i]) + nudge;
      cairo_move_to(cr, x, py(s.lo[i]));
      cairo_line_to(cr, x, py(s.hi[i]));
      cairo_move_to(cr, x - 2.5, py(s.lo[i]));
      cairo_line_to(cr, x + 2.5, py(s.lo[i]));
      cairo_move_to(cr, x - 2.5, py(s.hi[i]));
      cairo_line_to(cr, x + 2.5, py(s.hi[i]));
    }
    cairo_stroke(cr);
    // About a dozen markers per series, offset per series so they do not sit on each other.
    const std::size_t every = std::max<std::size_t>(1, s.x.size() / 12);
    for (std::size_t i = (k * every) / std::max<std::size_t>(n, 1); i < s.x.size(); i += every) {
      if (std::isfinite(s.y[i])) draw_marker(cr, px(s.x[i]), py(s.y[i]), st.marker);
    }
  }
  if (n < 2) return;
  // The key, to the right of the plot.
  double ky = a.y0 + 6;
  for (std::size_t k = 0; k < n; ++k) {
    const auto st = line_style(k, n);
    set_line_style(cr, st, 1.6);
    cairo_move_to(cr, a.x1 + 14, ky);
    cairo_line_to(cr, a.x1 + 40, ky);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    draw_marker(cr, a.x1 + 27, ky, st.marker);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, a.x1 + 46, ky + 3, c.series[k].name, kLabelText);
    ky += 15;
  }
}

void draw_bar_chart(cairo_t* cr, const Box& a, const BarChart& c) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, a.x0 - 40, a.y0 - 8, fit_text(cr, c.title, a.x1 - a.x0 + 40, 9, true), 9, true);
  double lo = 0, hi = 0;
  for (double v : c.values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const auto yt = nice_ticks(lo, hi > lo ? hi : lo + 1, 4);
  const double ylo = yt.front(), yhi = yt.back();
  draw_axes(cr, {a, 0, 1, yt.front(), yt.back()}, {}, yt, "", c.ylabel);
  auto py = [&](double y) { return a.y1 - (y - ylo) / (yhi - ylo) * (a.y1 - a.y0); };
  const auto n = c.values.size();
  const double slot = (a.x1 - a.x0) / static_cast<double>(std::max<std::size_t>(n, 1));
  for (std::size_t i = 0; i < n; ++i) {
    const double w = std::min(slot * 0.7, 90.0),
                 x = a.x0 + slot * (static_cast<double>(i) + 0.5) - w / 2;
    const double v = std::isfinite(c.values[i]) ? c.values[i] : 0;
    const Rgb col =
        sequential(n <= 1 ? 0.8 : 0.9 - 0.6 * static_cast<double>(i) / static_cast<double>(n - 1));
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_rectangle(cr, x, std::min(py(v), py(0)), w, std::abs(py(v) - py(0)));
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    text(cr, x + w / 2, std::min(py(v), py(0)) - 3,
         std::isfinite(c.values[i]) ? format_value(c.values[i]) : "n/a", kSmallText, false, 0.5);
    // Long names are shortened to the slot, never below legible size.
    const auto label = fit_text(cr, c.labels[i], slot - 2, kSmallText);
    text(cr, x + w / 2, a.y1 + 11, label, kSmallText, false, 0.5);
  }
}

}  // namespace viz
