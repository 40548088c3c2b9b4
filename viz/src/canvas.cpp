#include "canvas.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "engine/results/durable_file.hpp"
#include "results.hpp"

namespace viz {

Canvas::Canvas(const std::string& path, const std::string& paper, bool landscape, double dpi)
    : path_(path), tmp_(path + ".tmp") {
  const auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".png")
    kind_ = "png";
  else if (ext == ".pdf")
    kind_ = "pdf";
  else if (ext == ".svg")
    kind_ = "svg";
  else
    throw InputError(fmt::format("output '{}': the extension must be .png, .pdf or .svg", path));
  if (paper == "A4") {
    width_ = 595.28;
    height_ = 841.89;
  } else if (paper == "A3") {
    width_ = 841.89;
    height_ = 1190.55;
  } else {
    throw InputError(fmt::format("--paper {}: expected A4 or A3", paper));
  }
  if (landscape) std::swap(width_, height_);
  if (kind_ == "png") {
    const double s = dpi / 72.0;
    surface_ =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(std::lround(width_ * s)),
                                   static_cast<int>(std::lround(height_ * s)));
    cr_ = cairo_create(surface_);
    cairo_scale(cr_, s, s);
  } else if (kind_ == "pdf") {
    surface_ = cairo_pdf_surface_create(tmp_.c_str(), width_, height_);
    cr_ = cairo_create(surface_);
  } else {
    surface_ = cairo_svg_surface_create(tmp_.c_str(), width_, height_);
    cr_ = cairo_create(surface_);
  }
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    throw InputError(fmt::format("output '{}': cannot create it", path));
  }
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
  if (!done_) {
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

void Canvas::finish() {
  if (kind_ == "png") {
    if (cairo_surface_write_to_png(surface_, tmp_.c_str()) != CAIRO_STATUS_SUCCESS) {
      throw InputError(fmt::format("output '{}': cannot write it", path_));
    }
  }
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  ogan::files::move_into_place(tmp_, path_);
  done_ = true;
}

}  // namespace viz
