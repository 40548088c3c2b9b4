// Road pipeline: hand-placed town roads + generated roads -> cut at the regency edge -> river
// handling (bridges outside town, cuts in town) -> noding -> keep the connected network -> OSM-like
// attributes.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "baturaja.hpp"

namespace gen {
namespace {

double length(const std::vector<Pt>& p) {
  double l = 0;
  for (std::size_t i = 0; i + 1 < p.size(); ++i) l += dist(p[i], p[i + 1]);
  return l;
}

// Part of a polyline between arc lengths s0 and s1 (original vertices kept).
std::vector<Pt> sub(const std::vector<Pt>& p, double s0, double s1) {
  std::vector<Pt> o;
  double s = 0;
  auto rnd = [](Pt q) { return Pt{std::round(q.x * 100) / 100, std::round(q.y * 100) / 100}; };
  for (std::size_t i = 0; i + 1 < p.size(); ++i) {
    double l = dist(p[i], p[i + 1]);
    if (s + l >= s0 && s <= s1 && l > 0) {
      if (o.empty()) o.push_back(s0 <= s ? p[i] : rnd(p[i] + (p[i + 1] - p[i]) * ((s0 - s) / l)));
      if (s1 >= s + l) {
        o.push_back(p[i + 1]);
      } else {
        o.push_back(rnd(p[i] + (p[i + 1] - p[i]) * ((s1 - s) / l)));
        break;
      }
    }
    s += l;
  }
  o.erase(std::unique(o.begin(), o.end(), [](Pt a, Pt b) { return a.x == b.x && a.y == b.y; }),
          o.end());
  return o;
}

// Keeps the parts of a road inside the regency outline, sampled every 2 m; where a part leaves
// the outline its end is found by bisection (to 1 cm) so it stops inside.
Pt point_at(const std::vector<Pt>& pts, double s) {
  double acc = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    double l = dist(pts[i], pts[i + 1]);
    if (acc + l >= s) return pts[i] + (pts[i + 1] - pts[i]) * (l > 0 ? (s - acc) / l : 0);
    acc += l;
  }
  return pts.back();
}

void clip_to_regency(const Grid& g, const Road& r, std::vector<Road>& out) {
  const double len = length(r.pts);
  const int n = std::max(1, static_cast<int>(len / 2.0));
  auto in_at = [&](double s) { return g.in_regency(point_at(r.pts, s)); };
  // The last inside position between an inside and an outside one.
  auto last_inside = [&](double s_in, double s_out) {
    while (std::abs(s_out - s_in) > 0.01) {
      const double m = 0.5 * (s_in + s_out);
      (in_at(m) ? s_in : s_out) = m;
    }
    return s_in;
  };
  auto keep = [&](double start, double end) {
    if (start == 0 && end == len) {
      out.push_back(r);
    } else if (end - start > 20.0) {
      Road c = r;
      c.pts = sub(r.pts, start, end);
      if (c.pts.size() >= 2) out.push_back(std::move(c));
    }
  };
  double start = -1, prev = 0;
  for (int k = 0; k <= n; ++k) {
    const double s = len * k / n;
    const bool in = in_at(s);
    if (in && start < 0) start = k == 0 ? 0.0 : last_inside(s, prev);
    if (!in && start >= 0) {
      keep(start, last_inside(prev, s));
      start = -1;
    }
    prev = s;
  }
  if (start >= 0) keep(start, len);
}

// Outside town a road crossing the Ogan gets an 80 m bridge piece; inside the two town kecamatan a
// generated road may not cross (only the five named bridges do), so it is cut 25 m short on both
// banks.
void handle_river(const Facts& f, const Grid& g, const Road& r, std::vector<Road>& out) {
  if (r.designed && r.a.bridge) {
    out.push_back(r);
    return;
  }
  auto hits = river_crossings(r.pts);
  for (const RiverHit& h : hits)
    if (r.designed && in_town(f, g, h.p))
      fmt::print(stderr, "warning: hand-placed road {} crosses the Ogan in town\n",
                 r.a.name.value_or("?"));
  if (hits.empty()) {
    out.push_back(r);
    return;
  }
  double len = length(r.pts), s = 0;
  for (const RiverHit& h : hits) {
    bool town = in_town(f, g, h.p);
    double half = town ? 25.0 : 40.0;
    double a = std::max(s, h.s_road - half), b = std::min(len, h.s_road + half);
    if (a - s > 5.0) {
      Road c = r;
      c.pts = sub(r.pts, s, a);
      if (c.pts.size() >= 2) out.push_back(std::move(c));
    }
    if (!town && b > a) {
      Road c = r;
      c.pts = sub(r.pts, a, b);
      c.a.bridge = true;
      int z = g.zone_at(h.p);
      c.a.bridge_name =
          z >= 0 ? "Jembatan " + f.zones[static_cast<std::size_t>(z)].name : "Jembatan Ogan";
      c.a.name = c.a.bridge_name;
      if (c.pts.size() >= 2) out.push_back(std::move(c));
    }
    s = b;
  }
  if (len - s > 5.0) {
    Road c = r;
    c.pts = sub(r.pts, s, len);
    if (c.pts.size() >= 2) out.push_back(std::move(c));
  }
}

using Key = std::pair<long long, long long>;
Key key(Pt p) {
  return {std::llround(p.x * 100), std::llround(p.y * 100)};
}

}  // namespace

void classify_attrs(Road& r, const Facts& f, const Grid& g) {
  Pt mid = r.pts[r.pts.size() / 2];
  if (r.pts.size() == 2) mid = (r.pts[0] + r.pts[1]) * 0.5;
  bool town = in_town(f, g, mid);
  static const Pt markets[] = {to_utm(104.126365, -4.100531), to_utm(104.1678, -4.1292),
                               to_utm(104.1640, -4.1290)};
  bool market = false;
  for (Pt m : markets) market |= dist(mid, m) < 350.0;
  auto& a = r.a;
  a.environment = town ? "urban" : "interurban";
  const std::string& h = a.highway;
  // Cross-sections per class: data/facts/road_assumptions.md (sources, or "assumed").
  if (h == "trunk") {
    a.ref = "Jalinsum";
    // Jl. Kol. Wahab Uzir, the Jalinsum through the town: 4/2 D (assumed); the bridge and the
    // rest of the national road 2/2 UD, 7 m.
    const bool town_arterial = a.name && *a.name == "Jl. Kol. Wahab Uzir (Lintas Tengah)";
    a.lanes = town_arterial ? 4 : 2;
    a.divided = town_arterial;
    a.maxspeed = town ? 50 : 80;
    a.lane_width = 3.5;
    a.side_friction = market ? "H" : town ? "M" : "L";
  } else if (h == "primary") {
    a.lanes = a.divided ? 4 : 2;  // divided: the Ogan V access road, set where it is placed
    a.maxspeed = town ? 50 : 70;
    a.lane_width = 3.5;
    a.side_friction = market ? "H" : town ? "M" : "L";
  } else if (h == "secondary") {
    a.lanes = 2;
    a.lane_width = 3.5;  // collector 2/2 UD, 7 m
    a.side_friction = market ? "H" : town ? "M" : "L";
  } else if (h == "tertiary") {
    a.lanes = 2;
    a.lane_width = 3.0;
    a.side_friction = market ? "H" : town ? "M" : "L";
  } else if (h == "unclassified") {
    a.lanes = 2;
    a.lane_width = 2.75;
    a.side_friction = "VL";
  } else if (h == "residential") {
    a.lanes = 2;
    a.lane_width = unit(mix(key(mid).first, key(mid).second)) < 0.5 ? 2.75 : 3.0;
    a.side_friction = market ? "M" : "L";
  } else {
    a.lanes = 1;
    a.lane_width = 3.0;
    a.side_friction = "L";
  }
  // Jembatan Ogan IV: 9 m wide (FACTS.md 8): two 3.5 m lanes and 1 m kerbs (assumed split).
  if (a.bridge_name && *a.bridge_name == "Jembatan Ogan IV") a.lane_width = 3.5;
  if (a.name && *a.name == "Jl. Warsito")
    a.side_friction = "VH";  // Pasar Atas, PKL and bentor (FACTS.md 5)
}

std::vector<Road> build_roads(const Facts& f, const Grid& g, RoadStats& st) {
  std::vector<Road> all = town_roads(f, g);
  {
    auto rural = rural_roads(f, g, all);
    auto lattice = lattice_roads(f, g);
    all.insert(all.end(), rural.begin(), rural.end());
    all.insert(all.end(), lattice.begin(), lattice.end());
  }
  std::vector<Road> clipped, crossed;
  for (const Road& r : all) clip_to_regency(g, r, clipped);
  for (const Road& r : clipped) handle_river(f, g, r, crossed);
  node_roads(crossed, st.crossings_left);

  // Connectivity on the undirected graph; everything outside the largest component is dropped.
  std::map<Key, int> id;
  for (const Road& r : crossed)
    for (Pt p : r.pts) id.emplace(key(p), static_cast<int>(id.size()));
  std::vector<int> parent(id.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<int>(i);
  std::function<int(int)> find = [&](int x) {
    while (parent[static_cast<std::size_t>(x)] != x)
      x = parent[static_cast<std::size_t>(x)] =
          parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
    return x;
  };
  for (const Road& r : crossed)
    for (std::size_t i = 0; i + 1 < r.pts.size(); ++i) {
      int a = find(id[key(r.pts[i])]), b = find(id[key(r.pts[i + 1])]);
      if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
    }
  std::map<int, long> size;
  for (auto& [k, v] : id) ++size[find(v)];
  int main_root = -1;
  long best = -1;
  for (auto& [root, n] : size)
    if (n > best) {
      best = n;
      main_root = root;
    }
  std::vector<Road> out;
  for (Road& r : crossed) {
    if (find(id[key(r.pts[0])]) != main_root) {
      ++st.components_dropped;
      continue;
    }
    classify_attrs(r, f, g);
    out.push_back(std::move(r));
  }
  st.nodes = static_cast<int>(best);

  // Strong connectivity (one-way streets respected): size of the strongly connected component
  // holding the first Jalinsum vertex, by forward and backward reachability.
  std::map<Key, int> nid;
  for (const Road& r : out)
    for (Pt p : r.pts) nid.emplace(key(p), static_cast<int>(nid.size()));
  std::vector<std::vector<int>> fw(nid.size()), bw(nid.size());
  for (const Road& r : out)
    for (std::size_t i = 0; i + 1 < r.pts.size(); ++i) {
      int a = nid[key(r.pts[i])], b = nid[key(r.pts[i + 1])];
      if (r.a.oneway == "-1") std::swap(a, b);
      fw[static_cast<std::size_t>(a)].push_back(b);
      bw[static_cast<std::size_t>(b)].push_back(a);
      if (r.a.oneway == "no") {
        fw[static_cast<std::size_t>(b)].push_back(a);
        bw[static_cast<std::size_t>(a)].push_back(b);
      }
    }
  auto reach = [&](const std::vector<std::vector<int>>& adj, int s) {
    std::vector<uint8_t> seen(adj.size(), 0);
    std::vector<int> stack{s};
    seen[static_cast<std::size_t>(s)] = 1;
    while (!stack.empty()) {
      int x = stack.back();
      stack.pop_back();
      for (int y : adj[static_cast<std::size_t>(x)])
        if (!seen[static_cast<std::size_t>(y)]) {
          seen[static_cast<std::size_t>(y)] = 1;
          stack.push_back(y);
        }
    }
    return seen;
  };
  auto a = reach(fw, 0), b = reach(bw, 0);
  for (std::size_t i = 0; i < a.size(); ++i) st.scc_nodes += a[i] && b[i];
  st.features = static_cast<int>(out.size());

  std::map<std::string, std::pair<int, double>> by;
  int bridges = 0;
  for (const Road& r : out) {
    auto& e = by[r.a.highway];
    ++e.first;
    e.second += length(r.pts) / 1000.0;
    bridges += r.a.bridge;
  }
  fmt::print(
      "roads: {} features, {} bridges, {} network nodes, {} in the strongly connected core; {} "
      "pieces "
      "dropped (not connected); {} unnoded crossings left\n",
      out.size(), bridges, st.nodes, st.scc_nodes, st.components_dropped, st.crossings_left);
  for (auto& [h, e] : by) fmt::print("  {:<13} {:>6} features {:>8.1f} km\n", h, e.first, e.second);
  return out;
}

}  // namespace gen
