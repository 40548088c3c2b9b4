// Generated roads: arterials between kecamatan centres (a minimum spanning tree plus a few extra
// links), collectors from every desa centroid to the network, and local street lattices (dense in
// town, small village grids elsewhere). Geometry is synthetic; only the endpoints (published
// centroids) are facts.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "baturaja.hpp"

namespace gen {
namespace {

bool crosses_in_town(const Facts& f, const Grid& g, const std::vector<Pt>& line) {
  for (const RiverHit& h : river_crossings(line))
    if (in_town(f, g, h.p)) return true;
  return false;
}

// Straight line with a smooth, deterministic lateral wiggle (zero at both ends), vertices about
// every 500 m.
std::vector<Pt> wiggle(Pt a, Pt b, uint64_t seed, double max_amp) {
  double len = dist(a, b);
  int n = std::max(1, static_cast<int>(len / 500.0));
  Pt d = (b - a) * (1.0 / len), nrm{-d.y, d.x};
  double amp = std::min(max_amp, 0.05 * len), u1 = signed_unit(mix(seed, 1)),
         u2 = signed_unit(mix(seed, 2));
  std::vector<Pt> pts{a};
  for (int k = 1; k < n; ++k) {
    double t = static_cast<double>(k) / n;
    double off = amp * std::sin(std::numbers::pi * t) *
                 (0.7 * u1 + 0.5 * u2 * std::sin(2 * std::numbers::pi * t));
    Pt p = a + (b - a) * t + nrm * off;
    pts.push_back({std::round(p.x * 100) / 100, std::round(p.y * 100) / 100});
  }
  pts.push_back(b);
  return pts;
}

Road make(std::string highway, std::optional<std::string> name, std::vector<Pt> pts) {
  Road r;
  r.a.highway = std::move(highway);
  r.a.name = std::move(name);
  r.pts = std::move(pts);
  return r;
}

struct Dsu {
  std::vector<int> p;
  explicit Dsu(std::size_t n) : p(n) {
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<int>(i);
  }
  int find(int x) {
    return p[static_cast<std::size_t>(x)] == x
               ? x
               : p[static_cast<std::size_t>(x)] = find(p[static_cast<std::size_t>(x)]);
  }
  bool unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    p[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
    return true;
  }
};

}  // namespace

std::vector<Road> rural_roads(const Facts& f, const Grid& g, const std::vector<Road>& town) {
  std::vector<Road> out;
  // Network vertices so far, densified to <= 400 m so collectors can join mid-road.
  std::vector<Pt> verts;
  auto add_vertices = [&](const std::vector<Pt>& pts) {
    for (std::size_t i = 0; i < pts.size(); ++i) verts.push_back(pts[i]);
  };
  auto densify = [](std::vector<Pt> pts) {
    std::vector<Pt> o{pts.front()};
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      int n = static_cast<int>(dist(pts[i], pts[i + 1]) / 400.0);
      for (int k = 1; k <= n; ++k) {
        Pt p = pts[i] + (pts[i + 1] - pts[i]) * (static_cast<double>(k) / (n + 1));
        o.push_back({std::round(p.x * 100) / 100, std::round(p.y * 100) / 100});
      }
      o.push_back(pts[i + 1]);
    }
    return o;
  };

  // Kecamatan centres; a centre within 300 m of a hand-placed road vertex is snapped onto it.
  const std::size_t nk = f.kec.size();
  std::vector<Pt> centre(nk);
  Dsu dsu(nk);
  int town_root = -1;
  for (std::size_t k = 0; k < nk; ++k) {
    centre[k] = f.zones[static_cast<std::size_t>(f.kec[k].centre_zone)].c;
    bool on_backbone = false;
    for (const Road& r : town)
      for (Pt p : r.pts)
        if (dist(p, centre[k]) < 300.0) {
          centre[k] = p;
          on_backbone = true;
        }
    if (f.kec[k].code == "16.01.13" || f.kec[k].code == "16.01.14") on_backbone = true;
    if (on_backbone) {
      if (town_root < 0) town_root = static_cast<int>(k);
      dsu.unite(town_root, static_cast<int>(k));
    }
  }
  struct Cand {
    double d;
    std::size_t a, b;
  };
  std::vector<Cand> cand;
  for (std::size_t a = 0; a < nk; ++a)
    for (std::size_t b = a + 1; b < nk; ++b) cand.push_back({dist(centre[a], centre[b]), a, b});
  std::sort(cand.begin(), cand.end(), [](const Cand& x, const Cand& y) {
    return x.d != y.d ? x.d < y.d : (x.a != y.a ? x.a < y.a : x.b < y.b);
  });
  std::vector<std::vector<Pt>> dirs(nk);  // directions of links at each centre
  auto add_link = [&](const Cand& c, bool check_angle) {
    auto pts = wiggle(centre[c.a], centre[c.b], mix(c.a, c.b, 7), 400.0);
    if (crosses_in_town(f, g, pts)) {
      pts = {centre[c.a], centre[c.b]};
      if (crosses_in_town(f, g, pts)) return false;
    }
    Pt d = (centre[c.b] - centre[c.a]) * (1.0 / c.d);
    if (check_angle) {
      for (Pt e : dirs[c.a])
        if (d.x * e.x + d.y * e.y > std::cos(40.0 * std::numbers::pi / 180)) return false;
      for (Pt e : dirs[c.b])
        if (-d.x * e.x - d.y * e.y > std::cos(40.0 * std::numbers::pi / 180)) return false;
    }
    dirs[c.a].push_back(d);
    dirs[c.b].push_back(d * -1.0);
    bool to_town = f.kec[c.a].code == "16.01.13" || f.kec[c.a].code == "16.01.14" ||
                   f.kec[c.b].code == "16.01.13" || f.kec[c.b].code == "16.01.14";
    out.push_back(make(to_town ? "primary" : "secondary",
                       fmt::format("Jl. Raya {} - {}", f.kec[c.a].name, f.kec[c.b].name),
                       densify(pts)));
    return true;
  };
  std::vector<bool> used(cand.size(), false);
  for (std::size_t i = 0; i < cand.size(); ++i)
    if (dsu.find(static_cast<int>(cand[i].a)) != dsu.find(static_cast<int>(cand[i].b)) &&
        add_link(cand[i], false)) {
      dsu.unite(static_cast<int>(cand[i].a), static_cast<int>(cand[i].b));
      used[i] = true;
    }
  int extra = 0;
  for (std::size_t i = 0; i < cand.size() && extra < 4; ++i)
    if (!used[i] && cand[i].d < 25000.0 &&
        dsu.find(static_cast<int>(cand[i].a)) == dsu.find(static_cast<int>(cand[i].b)) &&
        !(f.kec[cand[i].a].code == "16.01.13" && f.kec[cand[i].b].code == "16.01.14") &&
        add_link(cand[i], true))
      ++extra;

  for (const Road& r : town) add_vertices(densify(r.pts));
  for (const Road& r : out) add_vertices(r.pts);

  // Collectors: repeatedly connect the unconnected desa nearest to the network (a greedy Prim
  // tree).
  const std::size_t nz = f.zones.size();
  std::vector<bool> done(nz, false);
  for (std::size_t z = 0; z < nz; ++z)
    for (Pt p : verts)
      if (dist(p, f.zones[z].c) < 1.0) done[z] = true;
  std::vector<double> best_d(nz, 1e300);
  std::vector<Pt> best_v(nz);
  std::size_t scanned = 0;
  for (;;) {
    for (std::size_t z = 0; z < nz; ++z) {
      if (done[z]) continue;
      for (std::size_t i = scanned; i < verts.size(); ++i) {
        double d = dist(verts[i], f.zones[z].c);
        if (d < best_d[z] && !crosses_in_town(f, g, {f.zones[z].c, verts[i]})) {
          best_d[z] = d;
          best_v[z] = verts[i];
        }
      }
    }
    scanned = verts.size();
    std::size_t pick = nz;
    for (std::size_t z = 0; z < nz; ++z)
      if (!done[z] && best_d[z] < 1e299 && (pick == nz || best_d[z] < best_d[pick])) pick = z;
    if (pick == nz) break;
    const Zone& z = f.zones[pick];
    auto pts = wiggle(z.c, best_v[pick], mix(pick, 99), 250.0);
    if (crosses_in_town(f, g, pts)) pts = {z.c, best_v[pick]};
    bool big = best_d[pick] > 4000.0 || z.level == "kelurahan";
    out.push_back(make(big ? "tertiary" : "unclassified", std::nullopt, densify(pts)));
    add_vertices(out.back().pts);
    done[pick] = true;
  }
  return out;
}

std::vector<Road> lattice_roads(const Facts& f, const Grid& g) {
  std::vector<Road> out;
  const Pt rsud = to_utm(104.1692, -4.1262);
  const double rural = rural_density(f);
  std::vector<bool> in_town_lattice(f.zones.size(), false);
  auto edge_ok = [&](Pt a, Pt b) { return river_crossings({a, b}).empty(); };
  auto add_edge = [&](Pt a, Pt b) {
    Road r = make("residential", std::nullopt, {a, b});
    out.push_back(std::move(r));
  };
  auto rnd = [](Pt p) { return Pt{std::round(p.x * 100) / 100, std::round(p.y * 100) / 100}; };

  // Town: one jittered lattice per bank (different orientation on each side of the Ogan), kept
  // to the built-up area of Baturaja Barat and Timur: where the density model
  // (data/facts/population_density.md) reaches the urban-centre threshold.
  for (int bank = 1; bank <= 2; ++bank) {
    const double sp = 180.0, th = (bank == 1 ? 10.0 : -14.0) * std::numbers::pi / 180;
    const int half = 60;
    auto node = [&](int i, int j, bool& ok) {
      Pt p = rsud + Pt{std::cos(th) * i * sp - std::sin(th) * j * sp,
                       std::sin(th) * i * sp + std::cos(th) * j * sp};
      uint64_t h = mix(static_cast<uint64_t>(i + 1000), static_cast<uint64_t>(j + 1000),
                       static_cast<uint64_t>(bank));
      p = rnd(p + Pt{signed_unit(mix(h, 1)), signed_unit(mix(h, 2))} * (0.2 * sp));
      int z = g.zone_at(p);
      ok = z >= 0 && g.bank_at(p) == bank && in_town(f, g, p) &&
           rural + town_excess_density(f, g, p) >= kBuiltUpPerKm2;
      return p;
    };
    for (int j = -half; j <= half; ++j)
      for (int i = -half; i <= half; ++i) {
        bool ok0;
        Pt p0 = node(i, j, ok0);
        if (!ok0) continue;
        for (int dir = 0; dir < 2; ++dir) {
          bool ok1;
          Pt p1 = dir == 0 ? node(i + 1, j, ok1) : node(i, j + 1, ok1);
          if (!ok1 || !edge_ok(p0, p1)) continue;
          if (unit(mix(static_cast<uint64_t>(i + 1000) * 4 + static_cast<uint64_t>(dir),
                       static_cast<uint64_t>(j + 1000), static_cast<uint64_t>(bank) + 10)) < 0.1)
            continue;
          add_edge(p0, p1);
          in_town_lattice[static_cast<std::size_t>(g.zone_at(p0))] = true;
          in_town_lattice[static_cast<std::size_t>(g.zone_at(p1))] = true;
        }
      }
  }
  // Villages: a small lattice centred on the desa centroid (where the collector ends), radius
  // growing with the modelled population; for every zone the town lattice does not reach.
  for (std::size_t zi = 0; zi < f.zones.size(); ++zi) {
    const Zone& z = f.zones[zi];
    if (in_town_lattice[zi]) continue;
    const double sp = 200.0, th = unit(mix(zi, 5)) * std::numbers::pi / 2;
    const double rad = std::clamp(200.0 + 0.08 * z.pop, 250.0, 700.0);
    const int half = static_cast<int>(rad / sp) + 1;
    auto node = [&](int i, int j, bool& ok) {
      Pt p = z.c + Pt{std::cos(th) * i * sp - std::sin(th) * j * sp,
                      std::sin(th) * i * sp + std::cos(th) * j * sp};
      if (i != 0 || j != 0)
        p = rnd(p + Pt{signed_unit(
                           mix(zi, static_cast<uint64_t>(i + 50), static_cast<uint64_t>(j + 50))),
                       signed_unit(mix(zi + 7777, static_cast<uint64_t>(i + 50),
                                       static_cast<uint64_t>(j + 50)))} *
                        (0.15 * sp));
      ok = dist(p, z.c) <= rad && g.zone_at(p) == static_cast<int>(zi);
      return p;
    };
    for (int j = -half; j <= half; ++j)
      for (int i = -half; i <= half; ++i) {
        bool ok0;
        Pt p0 = node(i, j, ok0);
        if (!ok0) continue;
        for (int dir = 0; dir < 2; ++dir) {
          bool ok1;
          int i1 = dir == 0 ? i + 1 : i, j1 = dir == 0 ? j : j + 1;
          Pt p1 = node(i1, j1, ok1);
          if (!ok1 || !edge_ok(p0, p1)) continue;
          bool at_centre = (i == 0 && j == 0) || (i1 == 0 && j1 == 0);
          if (!at_centre &&
              unit(mix(zi * 8 + static_cast<uint64_t>(dir), static_cast<uint64_t>(i + 50),
                       static_cast<uint64_t>(j + 50))) < 0.15)
            continue;
          add_edge(p0, p1);
        }
      }
  }
  return out;
}

}  // namespace gen
