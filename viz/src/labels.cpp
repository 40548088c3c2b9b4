#include "labels.hpp"

#include <algorithm>

#include "page.hpp"

namespace viz {

bool LabelPlacer::place(const std::string& s, double x, double y, double size, bool bold,
                        const Rgb& colour) {
  set_font(cr_, size, bold);
  cairo_text_extents_t e;
  cairo_text_extents(cr_, s.c_str(), &e);
  cairo_font_extents_t fe;
  cairo_font_extents(cr_, &fe);
  const double w = e.x_advance, h = fe.ascent + fe.descent;
  // Candidate baselines for a label centred on (x, y), then beside it, then a line further off.
  const Pt offsets[] = {{0, 0},          {0, -h},     {0, h},    {w / 2 + 3, 0},
                        {-w / 2 - 3, 0}, {0, -2 * h}, {0, 2 * h}};
  for (const auto& o : offsets) {
    const double cx = x + o.x, base = y + o.y + (fe.ascent - fe.descent) / 2;
    const Box b{cx - w / 2 - 1, base - fe.ascent - 1, cx + w / 2 + 1, base + fe.descent + 1};
    if (!b.inside(frame_)) continue;
    const auto hit = [&](const Box& p) { return b.overlaps(p); };
    if (std::any_of(placed_.begin(), placed_.end(), hit) ||
        std::any_of(taken_.begin(), taken_.end(), hit))
      continue;
    placed_.push_back(b);
    // A white halo keeps the label readable over roads and fills.
    cairo_move_to(cr_, cx - w / 2, base);
    cairo_text_path(cr_, s.c_str());
    cairo_set_source_rgba(cr_, 1, 1, 1, 0.85);
    cairo_set_line_width(cr_, std::max(1.5, size / 4));
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr_);
    // Shown as text, not filled as a path, so PDF and SVG keep it searchable.
    cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
    cairo_move_to(cr_, cx - w / 2, base);
    cairo_show_text(cr_, s.c_str());
    return true;
  }
  return false;
}

}  // namespace viz
