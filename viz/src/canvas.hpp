#pragma once

#include <cairo.h>

#include <string>

namespace viz {

// A page to draw on, in points (1/72 inch), written as PNG (at `dpi`), PDF or SVG by the output
// file's extension; written under a temporary name and renamed by finish().
class Canvas {
 public:
  Canvas(const std::string& path, const std::string& paper, bool landscape, double dpi);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_; }
  double width() const { return width_; }
  double height() const { return height_; }
  void finish();

 private:
  std::string path_, tmp_, kind_;
  double width_ = 0, height_ = 0;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  bool done_ = false;
};

}  // namespace viz
