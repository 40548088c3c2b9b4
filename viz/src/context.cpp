#include "context.hpp"

#include <fmt/format.h>

#include "labels.hpp"
#include "results.hpp"

namespace viz {

Context read_context(const Results& r) {
  Context c;
  if (!r.has(ds::kContext)) {
    if (r.first_time("context")) {
      fmt::print(stderr,
                 "warning: {} has no /context (results format 1.0): kecamatan boundaries and the "
                 "river are not drawn\n",
                 r.path());
    }
    return c;
  }
  c.present = true;
  // Each part is there only when the scenario named it (world.context).
  if (r.has(ds::kKecamatan)) {
    c.kecamatan = read_polygons(r, ds::kKecamatanGeometry);
    c.kecamatan_name = r.strings(ds::kKecamatanName);
    const auto lx = r.doubles(ds::kKecamatanLabelX);
    const auto ly = r.doubles(ds::kKecamatanLabelY);
    const auto K = c.kecamatan.size();
    if (c.kecamatan_name.size() != K || lx.size() != K || ly.size() != K) {
      throw InputError(
          fmt::format("file '{}': /context/kecamatan datasets differ in length", r.path()));
    }
    for (std::size_t k = 0; k < K; ++k) c.kecamatan_label.push_back({lx[k], ly[k]});
  }
  if (r.has(ds::kRiver)) {
    c.river_name = r.strings(ds::kRiverName);
    const auto x = r.doubles(ds::kRiverX);
    const auto y = r.doubles(ds::kRiverY);
    if (x.size() != y.size())
      throw InputError(
          fmt::format("file '{}': /context/river has x and y of different lengths", r.path()));
    const auto off = r.offsets(ds::kRiverGeometryOffset, c.river_name.size(), x.size());
    for (std::size_t i = 0; i + 1 < off.size(); ++i) {
      auto& line = c.river.emplace_back();
      for (auto v = off[i]; v < off[i + 1]; ++v)
        line.push_back({x[static_cast<std::size_t>(v)], y[static_cast<std::size_t>(v)]});
    }
  }
  if (c.kecamatan_name.empty() && c.river.empty() && r.first_time("context")) {
    fmt::print(stderr,
               "warning: {} has an empty /context (its scenario names no world.context): kecamatan "
               "boundaries and the river are not drawn\n",
               r.path());
  }
  return c;
}

void draw_river(cairo_t* cr, const Transform& tf, const Context& c) {
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (const auto& line : c.river) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (i == 0)
        cairo_move_to(cr, tf.px(line[i].x), tf.py(line[i].y));
      else
        cairo_line_to(cr, tf.px(line[i].x), tf.py(line[i].y));
    }
  }
  cairo_set_source_rgb(cr, 0.45, 0.68, 0.85);
  cairo_set_line_width(cr, 1.6);
  cairo_stroke(cr);
}

void draw_kecamatan_boundaries(cairo_t* cr, const Transform& tf, const Context& c) {
  for (std::size_t k = 0; k < c.kecamatan.size(); ++k) {
    for (const auto& ring : c.kecamatan.rings(k)) {
      for (std::size_t i = 0; i < ring.size(); ++i) {
        if (i == 0)
          cairo_move_to(cr, tf.px(ring[i].x), tf.py(ring[i].y));
        else
          cairo_line_to(cr, tf.px(ring[i].x), tf.py(ring[i].y));
      }
      cairo_close_path(cr);
    }
  }
  // Dashed and dark so the boundary reads in greyscale over any fill.
  const double dash[] = {4.0, 1.5};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 0.9);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
}

void place_kecamatan_labels(LabelPlacer& labels, const Transform& tf, const Context& c,
                            double size) {
  for (std::size_t k = 0; k < c.kecamatan_name.size(); ++k) {
    labels.place(c.kecamatan_name[k], tf.px(c.kecamatan_label[k].x), tf.py(c.kecamatan_label[k].y),
                 size, true, {0.1, 0.1, 0.1});
  }
}

}  // namespace viz
