#include "map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "canvas.hpp"
#include "palette.hpp"

namespace viz {

namespace {

struct Box {
  double x0, y0, x1, y1;
};

// Map coordinates (metres) to page points, same scale on both axes, north up.
struct Transform {
  Box page, world;
  double scale;
  double px(double x) const { return page.x0 + (x - world.x0) * scale; }
  double py(double y) const { return page.y1 - (y - world.y0) * scale; }
};

Transform fit(const Box& world, const Box& page) {
  const double s = std::min((page.x1 - page.x0) / (world.x1 - world.x0), (page.y1 - page.y0) / (world.y1 - world.y0));
  // Centre the world in the page box.
  const double cx = (world.x0 + world.x1) / 2, cy = (world.y0 + world.y1) / 2;
  const double hw = (page.x1 - page.x0) / s / 2, hh = (page.y1 - page.y0) / s / 2;
  return {page, {cx - hw, cy - hh, cx + hw, cy + hh}, s};
}

int interval_of(const std::string& hhmm, int intervals) {
  int h = -1, m = -1;
  char c = 0;
  if (std::sscanf(hhmm.c_str(), "%d%c%d", &h, &c, &m) != 3 || c != ':' || h < 0 || h > 23 || m < 0 || m > 59) {
    throw InputError(fmt::format("--time {}: expected HH:MM", hhmm));
  }
  return std::min(intervals - 1, (h * 60 + m) * intervals / 1440);
}

void text(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold = false, double align = 0) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  cairo_move_to(cr, x - align * e.x_advance, y);
  cairo_show_text(cr, s.c_str());
}

double nice_length(double target) {
  const double p = std::pow(10.0, std::floor(std::log10(target)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= target) return m * p;
  return 10 * p;
}

}  // namespace

void render_map(const Results& r, const MapOptions& o) {
  // Data first: a missing dataset is an error before any file is written.
  const auto gx = r.doubles("/network/links/geometry_x");
  const auto gy = r.doubles("/network/links/geometry_y");
  const auto goff = r.ints("/network/links/geometry_offset");
  const auto cap = r.doubles("/network/links/capacity_pcu_h");
  const auto zx = r.doubles("/zones/geometry/x");
  const auto zy = r.doubles("/zones/geometry/y");
  const auto ring_off = r.ints("/zones/geometry/ring_offset");
  const auto vert_off = r.ints("/zones/geometry/vertex_offset");
  const auto parent = r.strings("/zones/parent");
  const auto zname = r.strings("/zones/name");
  const std::size_t L = cap.size();
  std::vector<hsize_t> dims;
  const auto vol = r.doubles("/traffic/links/volume_pcu", &dims);
  if (dims.size() != 2 || dims[1] != L) throw InputError(fmt::format("file '{}': /traffic/links/volume_pcu has an unexpected shape", r.path()));
  const int T = static_cast<int>(dims[0]);
  std::vector<double> value(L, 0.0), width(L, 0.0);
  std::string unit, title;
  const int k = o.time.empty() ? -1 : interval_of(o.time, T);
  const double per_hour = T / 24.0;
  std::vector<double> flow(L, 0.0);  // pcu/h
  for (std::size_t l = 0; l < L; ++l) {
    if (k >= 0) {
      flow[l] = vol[static_cast<std::size_t>(k) * L + l] * per_hour;
    } else {
      double peak = 0;
      for (int t = 0; t < T; ++t) peak = std::max(peak, vol[static_cast<std::size_t>(t) * L + l]);
      flow[l] = peak * per_hour;
    }
  }
  double vmax = 1.0;
  if (o.layer == "vc" || o.layer == "volume") {
    for (std::size_t l = 0; l < L; ++l) value[l] = cap[l] > 0 ? flow[l] / cap[l] : 0;
    vmax = 1.25;
    unit = "volume / capacity";
    title = o.layer == "vc" ? "Volume / capacity" : "Traffic volume (width) and volume / capacity (colour)";
  } else if (o.layer == "speed") {
    const auto sp = r.doubles("/traffic/links/mean_speed_mps");
    const auto ff = r.doubles("/network/links/free_speed_mps");
    for (std::size_t l = 0; l < L; ++l) {
      const double s = k >= 0 ? sp[static_cast<std::size_t>(k) * L + l] : 0;
      // Congestion shown as the share of free speed lost (dark = slow).
      value[l] = s > 0 && ff[l] > 0 ? std::clamp(1.0 - s / ff[l], 0.0, 1.0) : 0;
    }
    vmax = 1.0;
    unit = "speed lost (1 - speed / free speed)";
    title = "Speed";
  } else {
    throw InputError(fmt::format("--layer {}: expected vc, volume or speed", o.layer));
  }
  const double fmax = std::max(1.0, *std::max_element(flow.begin(), flow.end()));
  for (std::size_t l = 0; l < L; ++l) {
    width[l] = o.layer == "volume" ? 0.25 + 3.5 * std::sqrt(flow[l] / fmax) : (flow[l] > 0 ? 0.9 : 0.3);
  }

  // Extent.
  Box world{1e300, 1e300, -1e300, -1e300};
  const bool town = o.zoom == "baturaja";
  if (o.zoom == "oku" || town) {
    for (std::size_t z = 0; z + 1 < ring_off.size(); ++z) {
      if (town && parent[z] != "16.01.13" && parent[z] != "16.01.14") continue;
      for (auto ring = ring_off[z]; ring < ring_off[z + 1]; ++ring) {
        for (auto v = vert_off[ring]; v < vert_off[ring + 1]; ++v) {
          world = {std::min(world.x0, zx[v]), std::min(world.y0, zy[v]), std::max(world.x1, zx[v]), std::max(world.y1, zy[v])};
        }
      }
    }
  } else {
    double a, b, c, d;
    if (std::sscanf(o.zoom.c_str(), "%lf,%lf,%lf,%lf", &a, &b, &c, &d) != 4 || c <= a || d <= b) {
      throw InputError(fmt::format("--zoom {}: expected baturaja, oku or xmin,ymin,xmax,ymax", o.zoom));
    }
    world = {a, b, c, d};
  }

  Canvas canvas(o.output, o.paper, o.landscape, o.dpi);
  cairo_t* cr = canvas.cr();
  const double W = canvas.width(), H = canvas.height();
  const Box frame{36, 64, W - 36 - 150, H - 48};
  const Transform tf = fit(world, frame);
  cairo_save(cr);
  cairo_rectangle(cr, frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
  cairo_clip(cr);
  // Zones: light fill, thin boundaries.
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (std::size_t z = 0; z + 1 < ring_off.size(); ++z) {
    for (auto ring = ring_off[z]; ring < ring_off[z + 1]; ++ring) {
      for (auto v = vert_off[ring]; v < vert_off[ring + 1]; ++v) {
        if (v == vert_off[ring]) cairo_move_to(cr, tf.px(zx[v]), tf.py(zy[v]));
        else cairo_line_to(cr, tf.px(zx[v]), tf.py(zy[v]));
      }
      cairo_close_path(cr);
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_source_rgb(cr, 0.94, 0.94, 0.93);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.72, 0.72, 0.72);
    cairo_set_line_width(cr, town ? 0.6 : 0.3);
    cairo_stroke(cr);
  }
  // Links, the most loaded on top.
  std::vector<std::size_t> order(L);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return value[a] < value[b]; });
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (auto l : order) {
    const auto b = goff[l], e = goff[l + 1];
    for (auto g = b; g < e; ++g) {
      if (g == b) cairo_move_to(cr, tf.px(gx[g]), tf.py(gy[g]));
      else cairo_line_to(cr, tf.px(gx[g]), tf.py(gy[g]));
    }
    const Rgb c = flow[l] > 0 ? sequential(value[l] / vmax) : Rgb{0.8, 0.8, 0.8};
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, width[l]);
    cairo_stroke(cr);
  }
  // Zone names when zoomed into the town, skipping any that would overlap one already placed.
  if (town) {
    std::vector<Box> placed;
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    for (std::size_t z = 0; z + 1 < ring_off.size(); ++z) {
      double sx = 0, sy = 0, n = 0;
      const auto ring = ring_off[z];
      for (auto v = vert_off[ring]; v < vert_off[ring + 1]; ++v, ++n) {
        sx += zx[v];
        sy += zy[v];
      }
      if (n == 0) continue;
      const double x = tf.px(sx / n), y = tf.py(sy / n);
      cairo_set_font_size(cr, 6.5);
      cairo_text_extents_t ext;
      cairo_text_extents(cr, zname[z].c_str(), &ext);
      const Box b{x - ext.width / 2 - 1, y - ext.height - 1, x + ext.width / 2 + 1, y + 2};
      if (b.x0 < frame.x0 || b.x1 > frame.x1 || b.y0 < frame.y0 || b.y1 > frame.y1) continue;
      if (std::any_of(placed.begin(), placed.end(), [&](const Box& p) { return !(b.x1 < p.x0 || p.x1 < b.x0 || b.y1 < p.y0 || p.y1 < b.y0); })) continue;
      placed.push_back(b);
      text(cr, x, y, zname[z], 6.5, false, 0.5);
    }
  }
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
  cairo_stroke(cr);

  // Title.
  cairo_set_source_rgb(cr, 0, 0, 0);
  const std::string when = o.time.empty() ? "busiest interval of the day" : o.time;
  text(cr, frame.x0, 30, fmt::format("{}: {}", title, r.attr("scenario_name")), 15, true);
  text(cr, frame.x0, 48, fmt::format("{} | {} | sample {}", when, town ? "Baturaja" : "Kabupaten Ogan Komering Ulu",
                                     r.attr("sample_rate").empty() ? "" : r.attr("sample_rate")), 9.5);

  // Legend: colour bar with ticks and units.
  const double lx = frame.x1 + 18, ly = frame.y0 + 10;
  text(cr, lx, ly, "Legend", 11, true);
  text(cr, lx, ly + 18, unit, 7.5);
  const int steps = 60;
  const double bh = 140, bw = 14;
  for (int i = 0; i < steps; ++i) {
    const Rgb c = sequential(1.0 - static_cast<double>(i) / steps);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_rectangle(cr, lx, ly + 26 + bh * i / steps, bw, bh / steps + 0.5);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.5);
  cairo_rectangle(cr, lx, ly + 26, bw, bh);
  cairo_stroke(cr);
  for (int i = 0; i <= 5; ++i) {
    const double v = vmax * (1.0 - i / 5.0);
    const double y = ly + 26 + bh * i / 5.0;
    cairo_move_to(cr, lx + bw, y);
    cairo_line_to(cr, lx + bw + 3, y);
    cairo_stroke(cr);
    text(cr, lx + bw + 5, y + 3, fmt::format("{:.2f}{}", v, i == 0 && o.layer != "speed" ? "+" : ""), 7.5);
  }
  cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
  cairo_set_line_width(cr, 1.5);
  cairo_move_to(cr, lx, ly + bh + 44);
  cairo_line_to(cr, lx + 22, ly + bh + 44);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, lx + 28, ly + bh + 47, "no traffic", 7.5);

  // Scale bar: a round length about a fifth of the frame.
  const double metres = nice_length((frame.x1 - frame.x0) / tf.scale / 5);
  const double len = metres * tf.scale;
  const double sx = frame.x0 + 12, sy = frame.y1 - 16;
  for (int i = 0; i < 4; ++i) {
    cairo_rectangle(cr, sx + len * i / 4, sy, len / 4, 5);
    if (i % 2 == 0) cairo_set_source_rgb(cr, 0, 0, 0);
    else cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  }
  text(cr, sx, sy - 3, "0", 7.5, false, 0.5);
  text(cr, sx + len, sy - 3, metres >= 1000 ? fmt::format("{:g} km", metres / 1000) : fmt::format("{:g} m", metres), 7.5, false, 0.5);

  // North arrow (grid north of the projected CRS).
  const double nx = frame.x1 - 24, ny = frame.y0 + 14;
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx - 7, ny + 24);
  cairo_line_to(cr, nx, ny + 18);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx + 7, ny + 24);
  cairo_line_to(cr, nx, ny + 18);
  cairo_close_path(cr);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
  text(cr, nx, ny + 36, "N", 10, true, 0.5);

  // Footer: sources, scenario, version, date.
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  text(cr, frame.x0, H - 26,
       "Sources: ogan Baturaja/OKU data generated from Kemendagri 2025 codes, BIG RBI areas, Disdukcapil 2025 "
       "population (data/README.md); road capacity PKJI 2014. Streets and zones are approximate.", 7);
  text(cr, frame.x0, H - 14,
       fmt::format("Scenario {} | seed {} | ogan {} (git {}) | results {} | map {}", r.attr("scenario_name"),
                   r.attr("seed"), r.attr("ogan_version"), r.attr("git_sha"), r.attr("created_utc"), date),
       7);
  canvas.finish();
}

}  // namespace viz
