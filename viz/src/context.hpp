#pragma once

#include <cairo.h>

#include <string>
#include <vector>

#include "geometry.hpp"

namespace viz {
class LabelPlacer;

// Map context from /context (results format 1.1): kecamatan boundaries with label points, and
// the river as polylines. Empty for a format 1.0 file.
struct Context {
  Polygons kecamatan;
  std::vector<std::string> kecamatan_name;
  std::vector<Pt> kecamatan_label;
  std::vector<std::string> river_name;
  std::vector<std::vector<Pt>> river;
  bool present = false;
};

// Warns once per file on stderr when /context is absent.
Context read_context(const Results& r);

void draw_river(cairo_t* cr, const Transform& tf, const Context& c);
void draw_kecamatan_boundaries(cairo_t* cr, const Transform& tf, const Context& c);
// Kecamatan names first (they matter most), in the one placer shared with every other label.
void place_kecamatan_labels(LabelPlacer& labels, const Transform& tf, const Context& c,
                            double size);

}  // namespace viz
