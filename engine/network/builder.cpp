#include "engine/network/builder.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/core/progress.hpp"
#include "engine/network/connectivity.hpp"

namespace ogan::net {

namespace {

struct CellKey {
  std::int64_t x;
  std::int64_t y;
  bool operator==(const CellKey&) const = default;
};
struct CellHash {
  std::size_t operator()(const CellKey& k) const noexcept {
    return std::hash<std::int64_t>()(k.x * 73856093LL ^ k.y * 19349663LL);
  }
};

// Where two segments cross strictly inside both (not at or near an end), as parameters.
bool proper_crossing(double ax, double ay, double bx, double by, double cx, double cy, double dx,
                     double dy, double eps_m, double& t, double& u) {
  const double rx = bx - ax, ry = by - ay, sx = dx - cx, sy = dy - cy;
  const double denom = rx * sy - ry * sx;
  if (std::abs(denom) < 1e-12) return false;
  t = ((cx - ax) * sy - (cy - ay) * sx) / denom;
  u = ((cx - ax) * ry - (cy - ay) * rx) / denom;
  const double lr = std::hypot(rx, ry), ls = std::hypot(sx, sy);
  const double et = eps_m / lr, eu = eps_m / ls;
  return t > et && t < 1 - et && u > eu && u < 1 - eu;
}

// Inserts a vertex wherever two non-bridge roads cross without sharing one.
long long split_crossings(std::vector<Road>& roads, double tol) {
  constexpr double kCell = 200.0;
  struct Seg {
    std::int32_t road;
    std::int32_t idx;
  };
  std::unordered_map<CellKey, std::vector<Seg>, CellHash> grid;
  for (std::size_t r = 0; r < roads.size(); ++r) {
    if (roads[r].bridge) continue;
    const auto& x = roads[r].x;
    const auto& y = roads[r].y;
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
      const auto x0 = static_cast<std::int64_t>(std::floor(std::min(x[i], x[i + 1]) / kCell));
      const auto x1 = static_cast<std::int64_t>(std::floor(std::max(x[i], x[i + 1]) / kCell));
      const auto y0 = static_cast<std::int64_t>(std::floor(std::min(y[i], y[i + 1]) / kCell));
      const auto y1 = static_cast<std::int64_t>(std::floor(std::max(y[i], y[i + 1]) / kCell));
      for (auto cx = x0; cx <= x1; ++cx)
        for (auto cy = y0; cy <= y1; ++cy)
          grid[{cx, cy}].push_back({static_cast<std::int32_t>(r), static_cast<std::int32_t>(i)});
    }
  }
  struct Insert {
    std::int32_t road;
    std::int32_t idx;
    double t;
    double x;
    double y;
  };
  std::vector<Insert> inserts;
  for (const auto& [cell, segs] : grid) {
    for (std::size_t a = 0; a < segs.size(); ++a) {
      for (std::size_t b = a + 1; b < segs.size(); ++b) {
        const Seg& s = segs[a];
        const Seg& q = segs[b];
        if (s.road == q.road && std::abs(s.idx - q.idx) <= 1) continue;
        const Road& R = roads[s.road];
        const Road& Q = roads[q.road];
        double t, u;
        if (!proper_crossing(R.x[s.idx], R.y[s.idx], R.x[s.idx + 1], R.y[s.idx + 1], Q.x[q.idx],
                             Q.y[q.idx], Q.x[q.idx + 1], Q.y[q.idx + 1], tol, t, u)) {
          continue;
        }
        const double px = R.x[s.idx] + t * (R.x[s.idx + 1] - R.x[s.idx]);
        const double py = R.y[s.idx] + t * (R.y[s.idx + 1] - R.y[s.idx]);
        // Count each crossing once: in the cell that holds the crossing point.
        const CellKey home{static_cast<std::int64_t>(std::floor(px / kCell)),
                           static_cast<std::int64_t>(std::floor(py / kCell))};
        if (!(home == cell)) continue;
        inserts.push_back({s.road, s.idx, t, px, py});
        inserts.push_back({q.road, q.idx, u, px, py});
      }
    }
  }
  // The hash map's iteration order is not portable; sorting makes the result deterministic.
  std::sort(inserts.begin(), inserts.end(), [](const Insert& a, const Insert& b) {
    return std::tie(a.road, a.idx, a.t, a.x, a.y) < std::tie(b.road, b.idx, b.t, b.x, b.y);
  });
  std::size_t k = 0;
  while (k < inserts.size()) {
    const std::int32_t r = inserts[k].road;
    Road& road = roads[r];
    std::vector<double> nx, ny;
    for (std::size_t i = 0; i < road.x.size(); ++i) {
      nx.push_back(road.x[i]);
      ny.push_back(road.y[i]);
      while (k < inserts.size() && inserts[k].road == r && inserts[k].idx == static_cast<int>(i)) {
        nx.push_back(inserts[k].x);
        ny.push_back(inserts[k].y);
        ++k;
      }
    }
    road.x = std::move(nx);
    road.y = std::move(ny);
  }
  return static_cast<long long>(inserts.size() / 2);
}

// Merges vertices closer than the tolerance into canonical points, in input order.
struct VertexIndex {
  double tol;
  std::unordered_map<CellKey, std::vector<std::int32_t>, CellHash> grid;
  std::vector<double> x, y;
  long long merged = 0;

  std::int32_t add(double px, double py) {
    const auto cx = static_cast<std::int64_t>(std::floor(px / tol));
    const auto cy = static_cast<std::int64_t>(std::floor(py / tol));
    std::int32_t best = -1;
    double best_d = tol * tol;
    for (std::int64_t dx = -1; dx <= 1; ++dx) {
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        auto it = grid.find({cx + dx, cy + dy});
        if (it == grid.end()) continue;
        for (std::int32_t v : it->second) {
          const double d = (x[v] - px) * (x[v] - px) + (y[v] - py) * (y[v] - py);
          if (d <= best_d && (best < 0 || d < best_d || v < best)) {
            best = v;
            best_d = d;
          }
        }
      }
    }
    if (best >= 0) {
      if (best_d > 0) ++merged;
      return best;
    }
    const auto id = static_cast<std::int32_t>(x.size());
    x.push_back(px);
    y.push_back(py);
    grid[{cx, cy}].push_back(id);
    return id;
  }
};

struct Edge {
  std::int32_t road;
  std::vector<std::int32_t> verts;  // canonical vertex ids
};

double polyline_length(const VertexIndex& vi, const std::vector<std::int32_t>& v) {
  double len = 0;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    len += std::hypot(vi.x[v[i + 1]] - vi.x[v[i]], vi.y[v[i + 1]] - vi.y[v[i]]);
  }
  return len;
}

// Joins the nodes at the ends of every non-bridge edge shorter than join_m into one junction
// at their mean position, as SUMO's netconvert does with --junctions.join: a crossing drawn as a
// cluster of nodes a few metres apart gives links that hold less than one vehicle, and a queue
// model locks up in such a cluster (each vehicle waits for the next tiny link to empty). A
// cluster grows no wider than 3 x join_m. Returns the edges removed (those inside a cluster).
long long join_junctions(VertexIndex& vi, std::vector<Edge>& edges, const std::vector<Road>& roads,
                         double join_m, long long& junctions) {
  const auto nv = vi.x.size();
  std::vector<std::int32_t> parent(nv);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<double> x0(vi.x), x1(vi.x), y0(vi.y), y1(vi.y);  // cluster extents, at the root
  auto find = [&](std::int32_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (const Edge& e : edges) {
    if (roads[e.road].bridge || polyline_length(vi, e.verts) >= join_m) continue;
    auto a = find(e.verts.front()), b = find(e.verts.back());
    if (a == b) continue;
    const double w = std::max(x1[a], x1[b]) - std::min(x0[a], x0[b]);
    const double h = std::max(y1[a], y1[b]) - std::min(y0[a], y0[b]);
    if (std::hypot(w, h) > 3 * join_m) continue;
    if (b < a) std::swap(a, b);  // the lower id is the root: the result does not depend on order
    parent[b] = a;
    x0[a] = std::min(x0[a], x0[b]);
    x1[a] = std::max(x1[a], x1[b]);
    y0[a] = std::min(y0[a], y0[b]);
    y1[a] = std::max(y1[a], y1[b]);
  }
  // One new vertex per cluster of two or more, at the mean of its members.
  std::vector<double> sx(nv, 0), sy(nv, 0);
  std::vector<std::int32_t> n(nv, 0);
  for (std::size_t v = 0; v < nv; ++v) {
    const auto r = find(static_cast<std::int32_t>(v));
    sx[r] += vi.x[v];
    sy[r] += vi.y[v];
    ++n[r];
  }
  std::vector<std::int32_t> joined(nv, -1);
  for (std::size_t r = 0; r < nv; ++r) {
    if (n[r] < 2 || parent[r] != static_cast<std::int32_t>(r)) continue;
    joined[r] = static_cast<std::int32_t>(vi.x.size());
    vi.x.push_back(sx[r] / n[r]);
    vi.y.push_back(sy[r] / n[r]);
    ++junctions;
  }
  long long removed = 0;
  std::vector<Edge> kept;
  kept.reserve(edges.size());
  for (Edge& e : edges) {
    for (auto* end : {&e.verts.front(), &e.verts.back()}) {
      const auto r = find(*end);
      if (joined[r] >= 0) *end = joined[r];
    }
    // Interior vertices that fell into a cluster stay where they are: only the ends move.
    if (e.verts.front() == e.verts.back()) {
      ++removed;
      continue;
    }
    kept.push_back(std::move(e));
  }
  edges = std::move(kept);
  return removed;
}

}  // namespace

Network subset_network(const Network& net, const std::vector<char>& keep_node) {
  Network out;
  out.crs_wkt = net.crs_wkt;
  out.names = net.names;
  std::vector<NodeId> new_id(net.num_nodes(), -1);
  for (std::size_t n = 0; n < net.num_nodes(); ++n) {
    if (!keep_node[n]) continue;
    new_id[n] = static_cast<NodeId>(out.node_x.size());
    out.node_x.push_back(net.node_x[n]);
    out.node_y.push_back(net.node_y[n]);
  }
  std::vector<LinkId> new_link(net.num_links(), -1);
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    if (new_id[net.from[l]] < 0 || new_id[net.to[l]] < 0) continue;
    new_link[l] = static_cast<LinkId>(out.from.size());
    out.from.push_back(new_id[net.from[l]]);
    out.to.push_back(new_id[net.to[l]]);
    out.length_m.push_back(net.length_m[l]);
    out.lanes.push_back(net.lanes[l]);
    out.free_speed_mps.push_back(net.free_speed_mps[l]);
    out.capacity_pcu_h.push_back(net.capacity_pcu_h[l]);
    out.storage_pcu.push_back(net.storage_pcu[l]);
    out.road_class.push_back(net.road_class[l]);
    out.pkji_type.push_back(net.pkji_type[l]);
    out.oneway.push_back(net.oneway[l]);
    out.bridge.push_back(net.bridge[l]);
    out.motor.push_back(net.motor[l]);
    out.name_id.push_back(net.name_id[l]);
    out.source_fid.push_back(net.source_fid[l]);
    out.reverse.push_back(net.reverse[l]);
    for (auto g = net.geom_offset[l]; g < net.geom_offset[l + 1]; ++g) {
      out.geom_x.push_back(net.geom_x[g]);
      out.geom_y.push_back(net.geom_y[g]);
    }
    out.geom_offset.push_back(static_cast<std::uint32_t>(out.geom_x.size()));
  }
  for (auto& r : out.reverse) r = r < 0 ? -1 : new_link[r];
  out.build_adjacency();
  return out;
}

Network build_network(const std::vector<Road>& input, const BuildOptions& opt,
                      BuildReport* report) {
  if (!(opt.snap_tolerance_m > 0)) {
    throw InputError(
        fmt::format("network.snap_tolerance_m must be > 0 (got {})", opt.snap_tolerance_m));
  }
  BuildReport rep;
  rep.roads = static_cast<long long>(input.size());
  std::vector<Road> roads = input;
  if (opt.split_at_crossings) rep.crossings_split = split_crossings(roads, opt.snap_tolerance_m);

  VertexIndex vi{opt.snap_tolerance_m, {}, {}, {}, 0};
  std::vector<std::vector<std::int32_t>> verts(roads.size());
  {
    Progress progress("snapping vertices", roads.size(), opt.show_progress ? stderr : nullptr);
    for (std::size_t r = 0; r < roads.size(); ++r) {
      auto& v = verts[r];
      for (std::size_t i = 0; i < roads[r].x.size(); ++i) {
        const std::int32_t id = vi.add(roads[r].x[i], roads[r].y[i]);
        if (v.empty() || v.back() != id) v.push_back(id);
      }
      if ((r & 1023) == 0) progress.update(r);
    }
  }
  rep.vertices_snapped = vi.merged;

  // A vertex is a node where a road ends or where two roads (or one road twice) pass.
  std::vector<std::int32_t> uses(vi.x.size(), 0);
  std::vector<char> is_node(vi.x.size(), 0);
  for (const auto& v : verts) {
    if (v.size() < 2) continue;
    for (auto id : v) ++uses[id];
    is_node[v.front()] = is_node[v.back()] = 1;
  }
  for (std::size_t i = 0; i < uses.size(); ++i) {
    if (uses[i] >= 2) is_node[i] = 1;
  }

  std::vector<Edge> edges;
  for (std::size_t r = 0; r < roads.size(); ++r) {
    const auto& v = verts[r];
    if (v.size() < 2) {
      ++rep.degenerate_dropped;
      continue;
    }
    std::size_t start = 0;
    for (std::size_t i = 1; i < v.size(); ++i) {
      if (!is_node[v[i]]) continue;
      Edge e{static_cast<std::int32_t>(r), {v.begin() + start, v.begin() + i + 1}};
      if (e.verts.front() == e.verts.back()) {
        // A loop with no other junction: split it at its middle vertex to make it routable.
        if (e.verts.size() >= 4) {
          const std::size_t mid = e.verts.size() / 2;
          is_node[e.verts[mid]] = 1;
          edges.push_back({e.road, {e.verts.begin(), e.verts.begin() + mid + 1}});
          edges.push_back({e.road, {e.verts.begin() + mid, e.verts.end()}});
        } else {
          ++rep.degenerate_dropped;
        }
      } else {
        edges.push_back(std::move(e));
      }
      start = i;
    }
  }

  if (opt.join_junctions_m > 0)
    rep.junction_links_removed =
        join_junctions(vi, edges, roads, opt.join_junctions_m, rep.junctions_joined);

  Network net;
  std::vector<NodeId> node_of(vi.x.size(), -1);
  auto node = [&](std::int32_t v) {
    if (node_of[v] < 0) {
      node_of[v] = static_cast<NodeId>(net.node_x.size());
      net.node_x.push_back(vi.x[v]);
      net.node_y.push_back(vi.y[v]);
    }
    return node_of[v];
  };
  std::unordered_map<std::string, std::int32_t> name_index;
  auto add_link = [&](const Edge& e, bool reversed, double len) {
    const Road& road = roads[e.road];
    const RoadClassDefaults& def = road_class(road.road_class);
    const bool oneway = road.oneway != gis::OneWay::No;
    const PkjiRoadType type = pkji_type_for(oneway, road.lanes_total, road.divided);
    const float lanes_dir = oneway ? static_cast<float>(road.lanes_total)
                                   : std::max(1.0f, static_cast<float>(road.lanes_total) / 2.0f);
    PkjiInput in;
    in.type = type;
    in.environment = road.environment.value_or(opt.environment);
    in.lanes = type == PkjiRoadType::Divided ? road.lanes_total / 2 : road.lanes_total;
    in.lane_width_m = road.lane_width_m;
    in.friction = road.friction;
    in.shoulder_m = opt.shoulder_m;
    in.city_population = opt.city_population;
    const PkjiCapacity cap = pkji_capacity(in);

    const auto a = node(reversed ? e.verts.back() : e.verts.front());
    const auto b = node(reversed ? e.verts.front() : e.verts.back());
    net.from.push_back(a);
    net.to.push_back(b);
    net.length_m.push_back(len);
    net.lanes.push_back(lanes_dir);
    net.free_speed_mps.push_back(road.speed_kmh / 3.6);
    net.capacity_pcu_h.push_back(cap.direction_pcu_h);
    net.storage_pcu.push_back(lanes_dir * len / opt.pcu_length_m);
    net.road_class.push_back(road.road_class);
    net.pkji_type.push_back(static_cast<std::uint8_t>(type));
    net.oneway.push_back(oneway ? 1 : 0);
    net.bridge.push_back(road.bridge ? 1 : 0);
    net.motor.push_back(def.motor ? 1 : 0);
    std::int32_t nid = -1;
    if (!road.name.empty()) {
      auto [it, fresh] =
          name_index.try_emplace(road.name, static_cast<std::int32_t>(net.names.size()));
      if (fresh) net.names.push_back(road.name);
      nid = it->second;
    }
    net.name_id.push_back(nid);
    net.source_fid.push_back(road.source_fid);
    net.reverse.push_back(-1);
    if (reversed) {
      for (auto it = e.verts.rbegin(); it != e.verts.rend(); ++it) {
        net.geom_x.push_back(vi.x[*it]);
        net.geom_y.push_back(vi.y[*it]);
      }
    } else {
      for (auto v : e.verts) {
        net.geom_x.push_back(vi.x[v]);
        net.geom_y.push_back(vi.y[v]);
      }
    }
    net.geom_offset.push_back(static_cast<std::uint32_t>(net.geom_x.size()));
    return static_cast<LinkId>(net.from.size() - 1);
  };
  for (const Edge& e : edges) {
    const double len = polyline_length(vi, e.verts);
    if (len <= 0) {
      ++rep.degenerate_dropped;
      continue;
    }
    const Road& road = roads[e.road];
    switch (road.oneway) {
      case gis::OneWay::Forward:
        add_link(e, false, len);
        break;
      case gis::OneWay::Backward:
        add_link(e, true, len);
        break;
      case gis::OneWay::No: {
        const LinkId f = add_link(e, false, len);
        const LinkId b = add_link(e, true, len);
        net.reverse[f] = b;
        net.reverse[b] = f;
        break;
      }
    }
  }
  net.build_adjacency();

  const auto comp = strongly_connected_components(net);
  const auto [big, big_size] = largest_component(comp);
  rep.components = comp.empty() ? 0 : *std::max_element(comp.begin(), comp.end()) + 1;
  if (opt.keep_largest_component && rep.components > 1) {
    std::vector<char> keep(net.num_nodes(), 0);
    for (std::size_t n = 0; n < comp.size(); ++n) keep[n] = comp[n] == big ? 1 : 0;
    for (std::size_t l = 0; l < net.num_links(); ++l) {
      if (keep[net.from[l]] && keep[net.to[l]]) continue;
      ++rep.dropped_links;
      if (rep.dropped_examples.size() < 5) {
        rep.dropped_examples.push_back(fmt::format("feature {} '{}'", net.source_fid[l],
                                                   net.link_name(static_cast<LinkId>(l))));
      }
    }
    rep.dropped_nodes = static_cast<long long>(net.num_nodes()) - big_size;
    net = subset_network(net, keep);
  }
  if (net.num_links() == 0) {
    throw InputError("the road layer gives an empty network (no routable roads)");
  }
  if (report) *report = rep;
  return net;
}

}  // namespace ogan::net
