// Noding: every place where two roads meet or cross gets a vertex with identical coordinates in
// both lines, which is how the engine recognises a junction. Intersections are rounded to 1 cm (as
// are all vertices).
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "baturaja.hpp"

namespace gen {
namespace {

Pt rnd(Pt p) {
  return {std::round(p.x * 100) / 100, std::round(p.y * 100) / 100};
}
bool same(Pt a, Pt b) {
  return a.x == b.x && a.y == b.y;
}

struct Seg {
  std::size_t road, i;  // segment pts[i] -> pts[i+1]
};

// Distance from p to segment ab and the parameter of the foot point.
double seg_dist(Pt p, Pt a, Pt b, double& t) {
  Pt e = b - a;
  double l2 = e.x * e.x + e.y * e.y;
  t = l2 > 0 ? std::clamp(((p.x - a.x) * e.x + (p.y - a.y) * e.y) / l2, 0.0, 1.0) : 0.0;
  return dist(p, a + e * t);
}

}  // namespace

void node_roads(std::vector<Road>& roads, int& remaining) {
  constexpr double kCellSize = 250.0, kSnap = 0.5;
  for (int round = 0; round < 4; ++round) {
    std::vector<Seg> segs;
    for (std::size_t r = 0; r < roads.size(); ++r)
      for (std::size_t i = 0; i + 1 < roads[r].pts.size(); ++i) segs.push_back({r, i});
    std::unordered_map<uint64_t, std::vector<std::size_t>> grid;
    auto key = [](long cx, long cy) {
      return (static_cast<uint64_t>(cx + (1L << 30)) << 32) ^
             static_cast<uint64_t>(cy + (1L << 30));
    };
    for (std::size_t s = 0; s < segs.size(); ++s) {
      Pt a = roads[segs[s].road].pts[segs[s].i], b = roads[segs[s].road].pts[segs[s].i + 1];
      long x0 = static_cast<long>(std::floor((std::min(a.x, b.x) - kSnap) / kCellSize)),
           x1 = static_cast<long>(std::floor((std::max(a.x, b.x) + kSnap) / kCellSize));
      long y0 = static_cast<long>(std::floor((std::min(a.y, b.y) - kSnap) / kCellSize)),
           y1 = static_cast<long>(std::floor((std::max(a.y, b.y) + kSnap) / kCellSize));
      for (long cx = x0; cx <= x1; ++cx)
        for (long cy = y0; cy <= y1; ++cy) grid[key(cx, cy)].push_back(s);
    }
    // Split points per segment: (parameter, point).
    std::vector<std::vector<std::pair<double, Pt>>> splits(segs.size());
    int found = 0;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (auto& [k, list] : grid)
      for (std::size_t x = 0; x < list.size(); ++x)
        for (std::size_t y = x + 1; y < list.size(); ++y)
          pairs.emplace_back(std::min(list[x], list[y]), std::max(list[x], list[y]));
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    for (auto [s1, s2] : pairs) {
      const Seg &A = segs[s1], &B = segs[s2];
      if (A.road == B.road && (A.i + 1 == B.i || B.i + 1 == A.i)) continue;
      Pt p1 = roads[A.road].pts[A.i], p2 = roads[A.road].pts[A.i + 1];
      Pt q1 = roads[B.road].pts[B.i], q2 = roads[B.road].pts[B.i + 1];
      // Endpoints lying on (or within 0.5 m of) the other segment: T junctions and near misses.
      bool handled = false;
      auto touch = [&](Pt e, std::size_t other, Pt o1, Pt o2) {
        double t;
        if (same(e, o1) || same(e, o2)) {
          handled = true;
          return;
        }
        if (seg_dist(e, o1, o2, t) <= kSnap && t > 0 && t < 1) {
          splits[other].push_back({t, e});
          handled = true;
          ++found;
        }
      };
      touch(p1, s2, q1, q2);
      touch(p2, s2, q1, q2);
      touch(q1, s1, p1, p2);
      touch(q2, s1, p1, p2);
      if (handled) continue;
      Pt d = p2 - p1, e = q2 - q1;
      double den = cross(d, e);
      if (std::abs(den) < 1e-9) continue;
      double t = cross(q1 - p1, e) / den, u = cross(q1 - p1, d) / den;
      if (t <= 0 || t >= 1 || u <= 0 || u >= 1) continue;
      Pt x = rnd(p1 + d * t);
      splits[s1].push_back({t, x});
      splits[s2].push_back({u, x});
      ++found;
    }
    remaining = found;
    if (found == 0) return;
    if (round == 3) return;  // the last round only counts
    // Rebuild each road with its split points inserted in order.
    std::size_t s = 0;
    for (std::size_t r = 0; r < roads.size(); ++r) {
      std::vector<Pt> pts{roads[r].pts.front()};
      for (std::size_t i = 0; i + 1 < roads[r].pts.size(); ++i, ++s) {
        auto& sp = splits[s];
        std::sort(sp.begin(), sp.end(), [](const auto& a, const auto& b) {
          return a.first != b.first ? a.first < b.first
                                    : (a.second.x != b.second.x ? a.second.x < b.second.x
                                                                : a.second.y < b.second.y);
        });
        for (auto& [t, p] : sp)
          if (!same(p, pts.back())) pts.push_back(p);
        if (!same(roads[r].pts[i + 1], pts.back())) pts.push_back(roads[r].pts[i + 1]);
      }
      roads[r].pts = std::move(pts);
    }
  }
}

}  // namespace gen
