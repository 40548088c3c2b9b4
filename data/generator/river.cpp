// The Sungai Ogan. No river geometry is among the facts, so the course is hand-placed: it enters
// from Ulu Ogan / Muara Jaya (south-west, upstream), passes Pengandonan and Sosoh Buay Rayap, runs
// south to north through Baturaja between every Baturaja Barat centroid (west) and the Baturaja
// Timur centroids (east), then bends east between Tanjung Kemala and Sekarjaya (so Jembatan Ogan V
// has a river to cross) and leaves north through Lubuk Batang and Peninjauan. Waypoints are
// lon/lat.
#include <algorithm>
#include <cmath>
#include <deque>

#include "baturaja.hpp"

namespace gen {
namespace {

constexpr double kRiver[][2] = {
    {103.640, -4.300},   {103.700, -4.230},   {103.760, -4.180},   {103.820, -4.140},
    {103.880, -4.130},   {103.940, -4.170},   {104.000, -4.170},   {104.050, -4.190},
    {104.100, -4.215},   {104.145, -4.205},   {104.160, -4.195},   {104.170, -4.170},
    {104.168, -4.152},   {104.1645, -4.140},  {104.1615, -4.1310}, {104.1615, -4.1270},
    {104.1645, -4.1225}, {104.1660, -4.1190}, {104.1640, -4.1150}, {104.1585, -4.1115},
    {104.1570, -4.1060}, {104.1590, -4.1000}, {104.1650, -4.0975}, {104.1750, -4.0990},
    {104.1900, -4.1010}, {104.2050, -4.1030}, {104.2200, -4.0950}, {104.2350, -4.0750},
    {104.2450, -4.0400}, {104.2500, -4.0000}, {104.2750, -3.9400}, {104.3000, -3.8800},
    {104.3100, -3.8200}, {104.3200, -3.7200}};

// Box in which the river separates the two town kecamatan; the river enters it on the west edge and
// leaves it on the north edge, so it cuts the box into a left and a right bank.
constexpr double kBoxLon0 = 104.06, kBoxLon1 = 104.30, kBoxLat0 = -4.26, kBoxLat1 = -4.04;

}  // namespace

const std::vector<Pt>& river_utm() {
  static const std::vector<Pt> r = [] {
    std::vector<Pt> v;
    for (const auto& w : kRiver) v.push_back(to_utm(w[0], w[1]));
    return v;
  }();
  return r;
}

std::vector<RiverHit> river_crossings(const std::vector<Pt>& line) {
  std::vector<RiverHit> hits;
  const auto& rv = river_utm();
  double s = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    Pt a = line[i], b = line[i + 1];
    Pt d = b - a;
    double len = dist(a, b);
    for (std::size_t j = 0; j + 1 < rv.size(); ++j) {
      Pt c = rv[j], e = rv[j + 1] - rv[j];
      double den = cross(d, e);
      if (std::abs(den) < 1e-12) continue;
      double t = cross(c - a, e) / den, u = cross(c - a, d) / den;
      if (t < 0 || t > 1 || u < 0 || u > 1) continue;
      double el = std::hypot(e.x, e.y);
      hits.push_back({a + d * t, s + t * len, e * (1.0 / el)});
    }
    s += len;
  }
  std::sort(hits.begin(), hits.end(),
            [](const RiverHit& p, const RiverHit& q) { return p.s_road < q.s_road; });
  return hits;
}

void mark_banks(Grid& g) {
  g.bank.assign(g.zone.size(), 0);
  Pt lo = to_utm(kBoxLon0, kBoxLat0), hi = to_utm(kBoxLon1, kBoxLat1);
  int c0, r0, c1, r1;
  g.cell_of({lo.x, hi.y}, c0, r0);
  g.cell_of({hi.x, lo.y}, c1, r1);
  auto inside = [&](int c, int r) { return c >= c0 && c <= c1 && r >= r0 && r <= r1; };
  constexpr int8_t kBarrier = 3, kUnset = 4;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c) g.bank[g.idx(c, r)] = kUnset;
  // Sampling every 5 m on a 50 m grid gives a 4-connected line of barrier cells, which a
  // 4-connected flood fill cannot leak through.
  const auto& rv = river_utm();
  for (std::size_t j = 0; j + 1 < rv.size(); ++j) {
    double len = dist(rv[j], rv[j + 1]);
    int n = static_cast<int>(len / 5.0) + 1;
    for (int k = 0; k <= n; ++k) {
      Pt p = rv[j] + (rv[j + 1] - rv[j]) * (static_cast<double>(k) / n);
      int c, r;
      if (g.cell_of(p, c, r) && inside(c, r)) g.bank[g.idx(c, r)] = kBarrier;
    }
  }
  auto flood = [&](int sc, int sr, int8_t val) {
    std::deque<std::pair<int, int>> q{{sc, sr}};
    g.bank[g.idx(sc, sr)] = val;
    while (!q.empty()) {
      auto [c, r] = q.front();
      q.pop_front();
      const int dc[4] = {1, -1, 0, 0}, dr[4] = {0, 0, 1, -1};
      for (int k = 0; k < 4; ++k) {
        int nc = c + dc[k], nr = r + dr[k];
        if (!inside(nc, nr) || g.bank[g.idx(nc, nr)] != kUnset) continue;
        g.bank[g.idx(nc, nr)] = val;
        q.emplace_back(nc, nr);
      }
    }
  };
  int sc, sr;
  g.cell_of(to_utm(104.10, -4.10), sc, sr);  // Batu Kuning, Baturaja Barat: left bank
  flood(sc, sr, 1);
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c)
      if (g.bank[g.idx(c, r)] == kUnset) flood(c, r, 2);
  for (int8_t& b : g.bank)
    if (b == kBarrier) b = 0;
}

}  // namespace gen
