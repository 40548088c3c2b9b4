#pragma once

#include <cairo.h>
#include <hdf5.h>

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace ogan::test::viz {

// A name in the temp folder unique to this test process.
std::string tmp(const std::string& name);
// One small-sample results file per test process (ctest runs processes in parallel), made by
// `ogan run` on the generated OKU data with kecamatan and river context.
const std::string& results_file();
// Runs ogan-viz with `args`; returns stdout + stderr and sets the exit code.
std::string viz(const std::string& args, int* rc);
// Text of a PDF by pdftotext; fails the test if pdftotext fails.
std::string pdf_text(const std::string& pdf);
std::string read_file(const std::string& path);
// A copy of the results file named `name`, changed by `edit` (given the file opened read-write).
std::string edited_copy(const std::string& name, const std::function<void(hid_t)>& edit);
// Lines of a CSV written by --csv, without the header, split at commas outside quotes.
std::vector<std::vector<std::string>> csv_rows(const std::string& path);

struct Png {
  cairo_surface_t* s;
  explicit Png(const std::string& f);
  ~Png();
  Png(const Png&) = delete;
  Png& operator=(const Png&) = delete;
  int width() const { return cairo_image_surface_get_width(s); }
  int height() const { return cairo_image_surface_get_height(s); }
  // (r, g, b) of a pixel, at a fraction of the page or at pixel (x, y).
  std::array<int, 3> at(double fx, double fy) const;
  std::array<int, 3> px(int x, int y) const;
};

// A4 landscape in points and the map frame ogan-viz draws in it (map.cpp).
inline constexpr double kPageW = 841.89, kPageH = 595.28;
inline constexpr double kFrameX0 = 36, kFrameY0 = 64, kFrameX1 = kPageW - 36 - 150,
                        kFrameY1 = kPageH - 62;

}  // namespace ogan::test::viz
