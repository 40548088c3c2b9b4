#include "map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "canvas.hpp"
#include "context.hpp"
#include "engine/results/durable_file.hpp"
#include "labels.hpp"
#include "legend.hpp"
#include "page.hpp"

namespace viz {

namespace {

// The town: Baturaja Barat and Baturaja Timur.
bool in_town(const std::string& kecamatan) {
  return kecamatan == "16.01.13" || kecamatan == "16.01.14";
}

Box extent(const std::string& zoom, const Polygons& zones, const std::vector<std::string>& parent) {
  Box world;
  if (zoom == "oku" || zoom == "baturaja") {
    for (std::size_t z = 0; z < zones.size(); ++z) {
      if (zoom == "baturaja" && !in_town(parent[z])) continue;
      const auto b = zones.bounds(z);
      world.add(b.x0, b.y0);
      world.add(b.x1, b.y1);
    }
    if (world.empty()) throw InputError(fmt::format("--zoom {}: no zones to frame", zoom));
    return world;
  }
  double a, b, c, d;
  char extra;
  if (std::sscanf(zoom.c_str(), "%lf,%lf,%lf,%lf%c", &a, &b, &c, &d, &extra) != 4 || c <= a ||
      d <= b) {
    throw InputError(fmt::format("--zoom {}: expected oku, baturaja or xmin,ymin,xmax,ymax", zoom));
  }
  return {a, b, c, d};
}

void trace(cairo_t* cr, const Transform& tf, const std::vector<Pt>& line, bool close) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (i == 0)
      cairo_move_to(cr, tf.px(line[i].x), tf.py(line[i].y));
    else
      cairo_line_to(cr, tf.px(line[i].x), tf.py(line[i].y));
  }
  if (close) cairo_close_path(cr);
}

void set(cairo_t* cr, const Rgb& c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

// Decreases get a mark besides their hue: blue and red print as the same grey.
void hollow(cairo_t* cr, double width) {  // a white core along the current path
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, std::max(0.4, 0.35 * width));
  cairo_stroke(cr);
}

void hatch(cairo_t* cr, const Transform& tf, const std::vector<std::vector<Pt>>& rings) {
  cairo_save(cr);
  for (const auto& ring : rings) trace(cr, tf, ring, true);
  double x0, y0, x1, y1;
  cairo_fill_extents(cr, &x0, &y0, &x1, &y1);
  cairo_clip(cr);
  for (double d = x0 - (y1 - y0); d < x1; d += 4) {
    cairo_move_to(cr, d, y1);
    cairo_line_to(cr, d + (y1 - y0), y0);
  }
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
  cairo_restore(cr);
}

// The numbers behind a map, with the colour each feature is drawn in, for tables and checks.
void write_csv(const Layer& layer, const Scale& scale, const std::string& path) {
  const auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    if (!out) throw InputError(fmt::format("--csv {}: cannot write it", path));
    out << "key,label,value,colour\n";
    auto quoted = [](const std::string& s) {
      std::string q = "\"";
      for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    for (const auto& f : layer.features) {
      const bool ok = std::isfinite(f.value);
      const Rgb c = ok ? scale.colour(f.value) : kNoDataGrey;
      auto byte = [](double v) { return static_cast<int>(std::lround(v * 255)); };
      out << quoted(f.key) << ',' << quoted(f.label) << ','
          << (ok ? fmt::format("{:.6g}", f.value) : "") << ','
          << (ok || !layer.skip_no_data
                  ? fmt::format("#{:02x}{:02x}{:02x}", byte(c.r), byte(c.g), byte(c.b))
                  : "")
          << '\n';
    }
  }
  ogan::files::move_into_place(tmp, path);
}

// Draws the page. files[0] gives the base map (zones, roads, context) and the extent.
void draw_map(const std::vector<const Results*>& files, const Layer& layer, const Scale& scale,
              const MapOptions& o, const std::string& title) {
  const Results& r = *files[0];
  // Everything is read before the output file is created, so a read error leaves nothing behind.
  const auto zones = read_polygons(r, ds::kZonesGeometry);
  const auto parent = r.strings(ds::kZonesParent);
  const auto zname = r.strings(ds::kZonesName);
  const auto gx = r.doubles(ds::kLinksGeometryX);
  const auto gy = r.doubles(ds::kLinksGeometryY);
  if (gx.size() != gy.size())
    throw InputError(fmt::format("file '{}': link geometry x and y differ in length", r.path()));
  const auto goff = r.offsets(ds::kLinksGeometryOffset, Results::kAnyCount, gx.size());
  if (parent.size() != zones.size() || zname.size() != zones.size()) {
    throw InputError(fmt::format("file '{}': /zones datasets differ in length", r.path()));
  }
  const Context ctx = read_context(r);
  const bool town = o.zoom == "baturaja" || o.town_detail;
  const Box world = extent(o.zoom, zones, parent);

  Canvas canvas(o.output, o.paper, o.landscape, o.dpi);
  cairo_t* cr = canvas.cr();
  const double W = canvas.width(), H = canvas.height();
  const double legend_w = 150;
  Footer footer = make_footer(cr, files, files.size() == 2, W - 72);
  if (!o.caption.empty()) {
    auto lines = wrap(cr, o.caption, W - 72, kSmallText);
    footer.lines.insert(footer.lines.begin(), lines.begin(), lines.end());
  }
  const Box frame{36, 64, W - 36 - legend_w, H - std::max(62.0, footer.height() + 12)};
  const Transform tf = fit(world, frame);
  const bool zone_fill = layer.shape == Shape::Area && !layer.skip_no_data;
  bool no_data = false;
  double size_max = 0;
  for (const auto& f : layer.features) size_max = std::max(size_max, f.size);
  const auto radius = [&](const Feature& f) {
    return scale.diverging           ? 3.5
           : layer.symbol_radius > 0 ? layer.symbol_radius
                                     : symbol_radius(f.size, size_max);
  };
  // A point symbol's centre on the page: its point, moved aside along `side` by its radius.
  const auto centre = [&](const Feature& f) {
    const auto& p = f.parts[0][0];
    const double rad = radius(f);
    return Pt{tf.px(p.x) + f.side.x * rad, tf.py(p.y) - f.side.y * rad};
  };

  cairo_save(cr);
  cairo_rectangle(cr, frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
  cairo_clip(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  // Zones: the choropleth itself, or a light ground under the other layers.
  if (zone_fill) {
    for (const auto& f : layer.features) {
      for (const auto& ring : f.parts) trace(cr, tf, ring, true);
      const bool ok = std::isfinite(f.value);
      no_data |= !ok;
      set(cr, ok ? scale.colour(f.value) : kNoDataGrey);
      cairo_fill(cr);
      if (scale.diverging && ok && f.value < 0) hatch(cr, tf, f.parts);
    }
  } else {
    for (std::size_t z = 0; z < zones.size(); ++z)
      for (const auto& ring : zones.rings(z)) trace(cr, tf, ring, true);
    cairo_set_source_rgb(cr, 0.94, 0.94, 0.93);
    cairo_fill(cr);
  }
  if (layer.skip_no_data) {  // grid cells, opaque, blank where nobody is
    for (const auto& f : layer.features) {
      if (!std::isfinite(f.value)) continue;
      trace(cr, tf, f.parts[0], true);
      set(cr, scale.colour(f.value));
      cairo_fill(cr);
    }
  }
  for (std::size_t z = 0; z < zones.size(); ++z)
    for (const auto& ring : zones.rings(z)) trace(cr, tf, ring, true);
  cairo_set_source_rgb(cr, 0.62, 0.62, 0.62);
  cairo_set_line_width(cr, town ? 0.6 : 0.3);
  cairo_stroke(cr);
  draw_river(cr, tf, ctx);
  draw_kecamatan_boundaries(cr, tf, ctx);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  if (layer.shape == Shape::Line) {
    // The strongest values on top.
    std::vector<std::size_t> order(layer.features.size());
    std::iota(order.begin(), order.end(), 0);
    auto key = [&](std::size_t i) {
      const double v = layer.features[i].value;
      return !std::isfinite(v)   ? -1e300
             : scale.diverging   ? std::abs(v)
             : layer.low_is_dark ? -v
                                 : v;
    };
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });
    for (auto i : order) {
      const auto& f = layer.features[i];
      const bool ok = std::isfinite(f.value);
      no_data |= !ok;
      trace(cr, tf, f.parts[0], false);
      set(cr, ok ? scale.colour(f.value) : kNoDataGrey);
      const double w = link_width(layer, scale, f, size_max);
      cairo_set_line_width(cr, w);
      if (scale.diverging && ok && f.value < 0) {
        cairo_stroke_preserve(cr);
        hollow(cr, w);
      } else {
        cairo_stroke(cr);
      }
    }
  } else {
    // Roads for orientation, thin and grey under symbols and over fills.
    for (std::size_t l = 0; l + 1 < goff.size(); ++l) {
      for (auto g = goff[l]; g < goff[l + 1]; ++g) {
        const auto i = static_cast<std::size_t>(g);
        if (g == goff[l])
          cairo_move_to(cr, tf.px(gx[i]), tf.py(gy[i]));
        else
          cairo_line_to(cr, tf.px(gx[i]), tf.py(gy[i]));
      }
    }
    cairo_set_source_rgba(cr, 0.35, 0.35, 0.35, 0.45);
    cairo_set_line_width(cr, town ? 0.4 : 0.2);
    cairo_stroke(cr);
  }
  std::vector<std::size_t> points;
  if (layer.shape == Shape::Point) {
    for (std::size_t i = 0; i < layer.features.size(); ++i) points.push_back(i);
    // Large symbols first so small ones stay visible on top.
    std::stable_sort(points.begin(), points.end(), [&](auto a, auto b) {
      return layer.features[a].size > layer.features[b].size;
    });
    for (auto i : points) {
      const auto& f = layer.features[i];
      const bool ok = std::isfinite(f.value);
      no_data |= !ok;
      const Pt c = centre(f);
      symbol_path(cr, c.x, c.y, radius(f), f.symbol);
      set(cr, ok ? scale.colour(f.value) : kNoDataGrey);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      cairo_set_line_width(cr, 0.5);
      cairo_stroke(cr);
      if (scale.diverging && ok && f.value < 0) {
        cairo_arc(cr, c.x, c.y, 1.2, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill(cr);
      }
    }
  }
  cairo_restore(cr);
  const Box scale_box = draw_scale_bar(cr, tf, frame);
  const Box north_box = draw_north_arrow(cr, frame);

  // Labels, most important first, through one placer so none overlap.
  LabelPlacer labels(cr, frame);
  labels.reserve(scale_box);
  labels.reserve(north_box);
  for (auto i : points) {  // labels do not hide symbols
    const Pt c = centre(layer.features[i]);
    const double rad = radius(layer.features[i]);
    labels.reserve({c.x - rad, c.y - rad, c.x + rad, c.y + rad});
  }
  place_kecamatan_labels(labels, tf, ctx, town ? 10 : 8.5);
  if (town) {
    for (auto i : points) {  // the busiest facilities first
      const Pt c = centre(layer.features[i]);
      labels.place(layer.features[i].label, c.x, c.y - radius(layer.features[i]) - 5, kSmallText,
                   false, {0.1, 0.1, 0.3});
    }
    // Files of 1.1 carry a point inside each zone; older ones get the middle of its bounds.
    const bool inside = r.has(ds::kZonesLabelX);
    const auto lx = inside ? r.doubles(ds::kZonesLabelX) : std::vector<double>{};
    const auto ly = inside ? r.doubles(ds::kZonesLabelY) : std::vector<double>{};
    for (std::size_t z = 0; z < zones.size(); ++z) {
      const auto b = zones.bounds(z);
      const double x = z < lx.size() ? lx[z] : (b.x0 + b.x1) / 2,
                   y = z < ly.size() ? ly[z] : (b.y0 + b.y1) / 2;
      labels.place(zname[z], tf.px(x), tf.py(y), kSmallText, false, {0.25, 0.25, 0.25});
    }
  }
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
  cairo_stroke(cr);

  const std::string region = o.town_detail     ? "Baturaja, detail"
                             : town            ? "Baturaja"
                             : o.zoom == "oku" ? "Kabupaten Ogan Komering Ulu"
                                               : "custom extent";
  draw_title(
      cr, frame.x0, title,
      fmt::format("{} | {} | sample {}", layer.when, region, r.attr_text(attrs::kSampleRate)));
  draw_legend(
      cr, frame.x1 + 18, frame.y0 + 10, legend_w - 24, layer, scale,
      {no_data, !ctx.kecamatan_name.empty(), !ctx.river.empty(), size_max, scale.diverging});
  draw_footer(cr, frame.x0, H, footer);
  canvas.finish();
  if (!o.csv.empty()) write_csv(layer, scale, o.csv);
}

Scale scale_for(const Layer& layer, const MapOptions& o) {
  return make_scale(layer.values(), parse_class_method(o.classes), o.nclasses, layer.low_is_dark,
                    layer.fixed_hi);
}

}  // namespace

Box map_extent(const Results& r, const std::string& zoom) {
  return extent(zoom, read_polygons(r, ds::kZonesGeometry), r.strings(ds::kZonesParent));
}

void render_map(const Results& r, const MapOptions& o) {
  const Layer layer = load_layer(r, o.layer);
  const Scale scale = scale_for(layer, o);
  draw_map({&r}, layer, scale, o,
           fmt::format("{}: {}", layer.title, r.attr_text(attrs::kScenarioName)));
}

void render_layer_map(const Results& r, const Layer& layer, const MapOptions& o) {
  draw_map({&r}, layer, scale_for(layer, o), o,
           fmt::format("{}: {}", layer.title, r.attr_text(attrs::kScenarioName)));
}

void render_diff(const Results& base, const Results& policy, const MapOptions& o) {
  const Layer a = load_layer(base, o.layer);
  const Layer b = load_layer(policy, o.layer);
  const Layer d = diff_layers(base, a, policy, b);
  draw_map({&base, &policy}, d,
           make_diverging_scale(d.values(), parse_class_method(o.classes), o.nclasses), o,
           fmt::format("{}, change: {} − {}", d.title, policy.attr_text(attrs::kScenarioName),
                       base.attr_text(attrs::kScenarioName)));
}

}  // namespace viz
