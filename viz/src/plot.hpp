#pragma once

#include <cairo.h>

#include <string>
#include <vector>

#include "geometry.hpp"
#include "palette.hpp"

namespace viz {

struct Series {
  std::string name;
  std::vector<double> x, y;    // NaN y: a gap
  std::vector<double> lo, hi;  // optional: a whisker from lo to hi at each x (spread over seeds)
};

// A time-of-day or numeric x axis, a y axis from zero, ticks, axis labels with units, and a key
// when there are several series. Series differ by colour, dash and marker, so they read in grey.
struct LineChart {
  std::string xlabel, ylabel;
  bool hours = true;  // x in hours of the day: ticks every 3 h as HH:00
  std::vector<std::string>
      categories;  // x = 0, 1, ... named by these (values that are not numbers)
  bool y_from_zero =
      true;  // false: the y axis spans the data, for small differences between series
  std::vector<Series> series;
};
void draw_line_chart(cairo_t* cr, const Box& area, const LineChart& chart);

// The colour, dash and marker of series i of n in a line chart: along viridis, dark first, so
// that neighbouring series differ in lightness too.
struct LineStyle {
  Rgb colour;
  std::vector<double> dash;
  int marker;  // of draw_marker
};
LineStyle line_style(std::size_t i, std::size_t n);
// Sets the stroke colour, dash and width of a LineStyle on the cairo context.
void set_line_style(cairo_t* cr, const LineStyle& st, double width);

// One panel of bars with value labels; `title` above the panel, `ylabel` on the axis.
struct BarChart {
  std::string title, ylabel;
  std::vector<std::string> labels;
  std::vector<double> values;
};
void draw_bar_chart(cairo_t* cr, const Box& area, const BarChart& chart);

// Round tick values covering [lo, hi], about n of them.
std::vector<double> nice_ticks(double lo, double hi, int n);
// Ticks of a logarithmic axis covering [lo, hi] (lo > 0), from the last at or below lo to the
// first at or above hi: 1, 2 and 5 times powers of ten, or powers of ten alone beyond 3 decades.
std::vector<double> log_ticks(double lo, double hi);

// A plot area and its scales, for charts that place their own marks (scatter, histogram, trace).
struct Axes {
  Box area;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool log_y = false;   // y0 > 0: an objective that falls by decades
  bool x_grid = false;  // vertical grid lines too (a scatter, where x matters as much as y)
  double px(double x) const;
  double py(double y) const;
};
// Grid lines at the y ticks, tick marks and labels, the two axes and their labels with units.
void draw_axes(cairo_t* cr, const Axes& ax, const std::vector<double>& xt,
               const std::vector<double>& yt, const std::string& xlabel, const std::string& ylabel,
               bool hours = false);
// The markers of line charts, so other charts' keys match them: 0 circle, 1 square, 2 triangle,
// 3 diamond, 4 cross.
void draw_marker(cairo_t* cr, double x, double y, int kind, double r = 2.6);

}  // namespace viz
