#pragma once

#include <cairo.h>

#include <string>
#include <vector>

#include "geometry.hpp"
#include "palette.hpp"

namespace viz {

// One placer per page for every label (kecamatan, desa, facility): a label is drawn only where it
// overlaps no label placed before it and no reserved area (legend, north arrow, scale bar), so the
// caller places the most important labels first.
class LabelPlacer {
 public:
  LabelPlacer(cairo_t* cr, const Box& frame) : cr_(cr), frame_(frame) {}
  void reserve(const Box& b) { taken_.push_back(b); }
  // Tries the point itself, then above, below, right and left of it. Returns whether it was drawn.
  bool place(const std::string& text, double x, double y, double size, bool bold,
             const Rgb& colour);
  const std::vector<Box>& boxes() const { return placed_; }

 private:
  cairo_t* cr_;
  Box frame_;
  std::vector<Box> taken_, placed_;
};

}  // namespace viz
