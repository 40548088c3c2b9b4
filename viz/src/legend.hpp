#pragma once

#include <cairo.h>

#include "classes.hpp"
#include "layer.hpp"

namespace viz {

// Line widths and symbol radii in points, shared by the map and its legend.
double link_width(const Layer& layer, const Scale& scale, const Feature& f, double size_max);
double symbol_radius(double size, double size_max);
// The path of a point symbol of radius r at (x, y): 0 a circle, 1 a square of about its area.
void symbol_path(cairo_t* cr, double x, double y, double r, int symbol);

struct LegendExtras {
  bool no_data = false;  // some features are drawn in the no-data grey
  bool kecamatan = false;
  bool river = false;
  double size_max = 0;            // largest link volume or facility visits, for the size key
  bool decreases_marked = false;  // a difference map: decreases are hollow, hatched or dotted
};

// The legend column at (x, y), `width` wide: colour key with units, size key, context lines.
void draw_legend(cairo_t* cr, double x, double y, double width, const Layer& layer,
                 const Scale& scale, const LegendExtras& extras);

inline constexpr Rgb kNoDataGrey{0.78, 0.78, 0.78};

}  // namespace viz
