#pragma once

#include <cairo.h>

#include <string>
#include <vector>

#include "geometry.hpp"

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

// One panel of bars with value labels; `title` above the panel, `ylabel` on the axis.
struct BarChart {
  std::string title, ylabel;
  std::vector<std::string> labels;
  std::vector<double> values;
};
void draw_bar_chart(cairo_t* cr, const Box& area, const BarChart& chart);

// Round tick values covering [lo, hi], about n of them.
std::vector<double> nice_ticks(double lo, double hi, int n);

}  // namespace viz
