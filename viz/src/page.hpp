#pragma once

#include <cairo.h>

#include <string>
#include <vector>

#include "geometry.hpp"

namespace viz {

// Sizes in points. Nothing on a page is smaller than kSmallText, legible in print on A4.
inline constexpr double kSmallText = 7.0;
inline constexpr double kLabelText = 7.5;

void set_font(cairo_t* cr, double size, bool bold = false);
// align: 0 left, 0.5 centred, 1 right of x. Returns the advance.
double text(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold = false,
            double align = 0);
double text_width(cairo_t* cr, const std::string& s, double size, bool bold = false);

// Title (bold) and a subtitle line above the frame.
void draw_title(cairo_t* cr, double x, const std::string& title, const std::string& subtitle);
// `s`, shortened with an ellipsis (whole UTF-8 characters) to fit `width`.
std::string fit_text(cairo_t* cr, const std::string& s, double width, double size,
                     bool bold = false);
// Splits text at spaces into lines that fit `width` at `size` points.
std::vector<std::string> wrap(cairo_t* cr, const std::string& s, double width, double size,
                              bool bold = false);

// The footer: sources, then scenario, seed, ogan version and dates of each file drawn from (the two
// files of a difference map named base and policy), wrapped to `width`. Drawn at the page's foot;
// its height tells the caller where the figure must end.
struct Footer {
  std::vector<std::string> lines;
  double height() const { return 9.0 * static_cast<double>(lines.size()) + 14; }
};
Footer make_footer(cairo_t* cr, const std::vector<const Results*>& files, bool base_policy,
                   double width);
void draw_footer(cairo_t* cr, double x, double page_height, const Footer& footer);
// A round length about a fifth of the frame, at its bottom left; returns the area it covers.
Box draw_scale_bar(cairo_t* cr, const Transform& tf, const Box& frame);
// Grid north of the projected CRS, at the frame's top right; returns the area it covers.
Box draw_north_arrow(cairo_t* cr, const Box& frame);

// "1.5 k", "12", "0.25": short tick labels.
std::string format_value(double v);
// The time of day of a second count, "HH:MM".
std::string hhmm(double seconds);

}  // namespace viz
