#include "geometry.hpp"

#include <fmt/format.h>

#include "results.hpp"

namespace viz {

Transform fit(const Box& world, const Box& page) {
  const double s = std::min((page.x1 - page.x0) / (world.x1 - world.x0),
                            (page.y1 - page.y0) / (world.y1 - world.y0));
  const double cx = (world.x0 + world.x1) / 2, cy = (world.y0 + world.y1) / 2;
  const double hw = (page.x1 - page.x0) / s / 2, hh = (page.y1 - page.y0) / s / 2;
  return {page, {cx - hw, cy - hh, cx + hw, cy + hh}, s};
}

std::vector<std::vector<Pt>> Polygons::rings(std::size_t p) const {
  std::vector<std::vector<Pt>> out;
  for (auto r = ring_offset[p]; r < ring_offset[p + 1]; ++r) {
    auto& ring = out.emplace_back();
    for (auto v = vertex_offset[static_cast<std::size_t>(r)];
         v < vertex_offset[static_cast<std::size_t>(r) + 1]; ++v) {
      ring.push_back({x[static_cast<std::size_t>(v)], y[static_cast<std::size_t>(v)]});
    }
  }
  return out;
}

Box Polygons::bounds(std::size_t p) const {
  Box b;
  for (const auto& ring : rings(p))
    for (const auto& q : ring) b.add(q.x, q.y);
  return b;
}

Polygons read_polygons(const Results& r, const std::string& group) {
  Polygons p;
  p.x = r.doubles(ogan::results::join(group, ogan::results::polygons::kX));
  p.y = r.doubles(ogan::results::join(group, ogan::results::polygons::kY));
  if (p.x.size() != p.y.size())
    throw InputError(
        fmt::format("file '{}': {} has x and y of different lengths", r.path(), group));
  p.vertex_offset = r.offsets(ogan::results::join(group, ogan::results::polygons::kVertexOffset),
                              ogan::results::Reader::kAnyCount, p.x.size());
  p.ring_offset = r.offsets(ogan::results::join(group, ogan::results::polygons::kRingOffset),
                            ogan::results::Reader::kAnyCount, p.vertex_offset.size() - 1);
  return p;
}

bool contains(const std::vector<std::vector<Pt>>& rings, double x, double y) {
  bool in = false;
  for (const auto& ring : rings) {
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const auto &a = ring[i], &b = ring[j];
      if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
  }
  return in;
}

}  // namespace viz
