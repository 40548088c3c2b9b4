#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "results.hpp"

namespace viz {

struct Pt {
  double x, y;
};

struct Box {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  void add(double x, double y) {
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
  }
  bool empty() const { return x1 < x0 || y1 < y0; }
  bool overlaps(const Box& o) const { return !(x1 < o.x0 || o.x1 < x0 || y1 < o.y0 || o.y1 < y0); }
  bool inside(const Box& o) const { return x0 >= o.x0 && x1 <= o.x1 && y0 >= o.y0 && y1 <= o.y1; }
};

// Map coordinates (metres of the projected CRS) to page points: one scale on both axes so the map
// is never stretched, north up.
struct Transform {
  Box page, world;
  double scale = 1;
  double px(double x) const { return page.x0 + (x - world.x0) * scale; }
  double py(double y) const { return page.y1 - (y - world.y0) * scale; }
};

// The largest scale at which `world` fits `page`, centred.
Transform fit(const Box& world, const Box& page);

// Polygons in the encoding of /zones/geometry and /context/kecamatan/geometry: polygon p has rings
// ring_offset[p] .. ring_offset[p+1], ring r has vertices vertex_offset[r] .. vertex_offset[r+1].
struct Polygons {
  std::vector<std::int64_t> ring_offset, vertex_offset;
  std::vector<double> x, y;
  std::size_t size() const { return ring_offset.empty() ? 0 : ring_offset.size() - 1; }
  std::vector<std::vector<Pt>> rings(std::size_t p) const;
  Box bounds(std::size_t p) const;
};
Polygons read_polygons(const Results& r, const std::string& group);

// Even-odd rule over all rings, so holes are outside.
bool contains(const std::vector<std::vector<Pt>>& rings, double x, double y);

}  // namespace viz
