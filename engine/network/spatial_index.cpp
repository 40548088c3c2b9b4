#include "engine/network/spatial_index.hpp"

#include <algorithm>
#include <cmath>

namespace ogan::net {

LinkIndex::LinkIndex(const Network& net, double cell_m) : net_(net), cell_(cell_m) {
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    for (auto g = net.geom_offset[l]; g + 1 < net.geom_offset[l + 1]; ++g) {
      const double x0 = std::min(net.geom_x[g], net.geom_x[g + 1]);
      const double x1 = std::max(net.geom_x[g], net.geom_x[g + 1]);
      const double y0 = std::min(net.geom_y[g], net.geom_y[g + 1]);
      const double y1 = std::max(net.geom_y[g], net.geom_y[g + 1]);
      for (auto cx = static_cast<std::int64_t>(std::floor(x0 / cell_));
           cx <= static_cast<std::int64_t>(std::floor(x1 / cell_)); ++cx) {
        for (auto cy = static_cast<std::int64_t>(std::floor(y0 / cell_));
             cy <= static_cast<std::int64_t>(std::floor(y1 / cell_)); ++cy) {
          grid_[key(cx, cy)].push_back({static_cast<LinkId>(l), g});
          cx0_ = std::min(cx0_, cx);
          cx1_ = std::max(cx1_, cx);
          cy0_ = std::min(cy0_, cy);
          cy1_ = std::max(cy1_, cy);
        }
      }
    }
  }
}

std::optional<Snap> LinkIndex::nearest(double x, double y, double max_distance_m,
                                       const std::function<bool(LinkId)>& accept) const {
  const auto cx = static_cast<std::int64_t>(std::floor(x / cell_));
  const auto cy = static_cast<std::int64_t>(std::floor(y / cell_));
  std::optional<Snap> best;
  if (grid_.empty()) return best;
  double best_d = max_distance_m;
  std::uint32_t best_vertex = 0;
  // Rings beyond the one that covers every occupied cell are empty, and a point far outside
  // the network has nothing within reach: a search never walks empty space (a zone drawn in the
  // wrong CRS, thousands of km away, costs as little as any other).
  const std::int64_t gap_x = std::max<std::int64_t>({cx0_ - cx, cx - cx1_, 0});
  const std::int64_t gap_y = std::max<std::int64_t>({cy0_ - cy, cy - cy1_, 0});
  if (static_cast<double>(std::max(gap_x, gap_y) - 1) * cell_ > max_distance_m) return best;
  const std::int64_t cover = std::max(
      {std::abs(cx - cx0_), std::abs(cx1_ - cx), std::abs(cy - cy0_), std::abs(cy1_ - cy)});
  const auto max_ring =
      std::min(static_cast<std::int64_t>(std::ceil(max_distance_m / cell_)) + 1, cover);
  for (std::int64_t ring = std::max(gap_x, gap_y); ring <= max_ring; ++ring) {
    // Everything in rings beyond this one is at least (ring - 1) cells away.
    if (best && static_cast<double>(ring - 1) * cell_ > best_d) break;
    // The ring's border cells only, clipped to the occupied cells.
    for (std::int64_t dx = std::max(-ring, cx0_ - cx); dx <= std::min(ring, cx1_ - cx); ++dx) {
      const bool edge_x = dx == -ring || dx == ring;
      const std::int64_t step = edge_x ? 1 : 2 * ring;
      for (std::int64_t dy = -ring; dy <= ring; dy += step) {
        if (cy + dy < cy0_ || cy + dy > cy1_) continue;
        auto it = grid_.find(key(cx + dx, cy + dy));
        if (it == grid_.end()) continue;
        for (const Seg& s : it->second) {
          if (accept && !accept(s.link)) continue;
          const double ax = net_.geom_x[s.vertex], ay = net_.geom_y[s.vertex];
          const double bx = net_.geom_x[s.vertex + 1], by = net_.geom_y[s.vertex + 1];
          const double vx = bx - ax, vy = by - ay;
          const double len2 = vx * vx + vy * vy;
          double t = len2 > 0 ? ((x - ax) * vx + (y - ay) * vy) / len2 : 0.0;
          t = std::clamp(t, 0.0, 1.0);
          const double px = ax + t * vx, py = ay + t * vy;
          const double d = std::hypot(x - px, y - py);
          bool take;
          if (!best) {
            take = d <= best_d;
          } else {
            take = d < best_d ||
                   (d == best_d &&
                    (s.link < best->link || (s.link == best->link && s.vertex < best_vertex)));
          }
          if (!take) continue;
          best_d = d;
          best_vertex = s.vertex;
          double offset = t * std::sqrt(len2);
          for (auto g = net_.geom_offset[s.link]; g < s.vertex; ++g) {
            offset += std::hypot(net_.geom_x[g + 1] - net_.geom_x[g],
                                 net_.geom_y[g + 1] - net_.geom_y[g]);
          }
          best = Snap{s.link, px, py, d, offset};
        }
      }
    }
  }
  return best;
}

}  // namespace ogan::net
