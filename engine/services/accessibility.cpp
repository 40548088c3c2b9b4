#include "engine/services/accessibility.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>

#include "engine/network/dijkstra.hpp"

namespace ogan::svc {

std::vector<double> time_to_nearest(const net::Network& net,
                                    const std::vector<net::LinkId>& targets, double cap,
                                    bool undirected, bool motor_only,
                                    const std::vector<std::uint8_t>& closed) {
  std::vector<double> d(net.num_nodes(), net::kUnreachable);
  using Item = std::pair<double, net::NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  auto cost = [&](net::LinkId l) { return net.length_m[l] / std::min(net.free_speed_mps[l], cap); };
  for (auto l : targets) {
    if (l < 0) continue;
    // Reaching the facility's link start is arriving; walking may also reach its end.
    for (net::NodeId n : {net.from[l], undirected ? net.to[l] : net.from[l]}) {
      if (d[n] > 0) {
        d[n] = 0;
        heap.push({0, n});
      }
    }
  }
  while (!heap.empty()) {
    // Plain copies, not a structured binding: the lambda below captures them (clang 14 builds
    // the sanitizer targets and cannot capture bindings).
    const double dv = heap.top().first;
    const auto v = heap.top().second;
    heap.pop();
    if (dv > d[v]) continue;
    auto relax = [&](net::LinkId l, net::NodeId u) {
      if (motor_only && !net.motor[l]) return;
      if (!closed.empty() && closed[static_cast<std::size_t>(l)]) return;
      const double nd = dv + cost(l);
      if (nd < d[u]) {
        d[u] = nd;
        heap.push({nd, u});
      }
    };
    // Reverse search: a link u -> v brings u within reach of v.
    for (auto k = net.in_offset[v]; k < net.in_offset[v + 1]; ++k)
      relax(net.in_links[k], net.from[net.in_links[k]]);
    if (undirected) {
      for (auto k = net.out_offset[v]; k < net.out_offset[v + 1]; ++k)
        relax(net.out_links[k], net.to[net.out_links[k]]);
    }
  }
  return d;
}

Accessibility accessibility(const net::Network& net, const gis::Zones& zones,
                            const pop::ZoneLinks& zl, const pop::FacilitySites& sites,
                            const pop::Population& pop, const std::vector<std::string>& types,
                            const std::vector<std::uint8_t>& closed) {
  Accessibility a;
  a.types = types;
  const std::size_t nz = zones.size(), nt = types.size();
  a.motorcycle_s.assign(nz * nt, net::kUnreachable);
  a.walk_s.assign(nz * nt, net::kUnreachable);
  a.share_15min.assign(nz * nt, 0);
  a.share_30min.assign(nz * nt, 0);
  a.walk_share_30min.assign(nz * nt, 0);
  std::map<std::string, std::size_t> kec_index;
  for (const auto& p : zones.parent) kec_index.try_emplace(p, 0);
  for (auto& [k, i] : kec_index) {
    i = a.kecamatan.size();
    a.kecamatan.push_back(k);
  }
  a.kecamatan_share_30min.assign(a.kecamatan.size() * nt, 0);
  a.kecamatan_mean_motorcycle_s.assign(a.kecamatan.size() * nt, 0);
  std::vector<double> zone_pop(nz, 0), kec_pop(a.kecamatan.size(), 0);
  for (std::size_t h = 0; h < pop.num_households(); ++h) zone_pop[pop.hh_zone[h]] += pop.hh_size[h];
  for (std::size_t z = 0; z < nz; ++z) kec_pop[kec_index[zones.parent[z]]] += zone_pop[z];

  for (std::size_t t = 0; t < nt; ++t) {
    std::vector<net::LinkId> targets;
    for (std::size_t f = 0; f < sites.size(); ++f)
      if (sites.type[f] == types[t]) targets.push_back(sites.link[f]);
    const auto moto = time_to_nearest(net, targets, 60 / 3.6, false, true, closed);
    const auto walk = time_to_nearest(net, targets, 1.3, true, false, closed);
    for (std::size_t z = 0; z < nz; ++z) {
      const auto l = zl.anchor[z];
      if (l < 0) continue;
      a.motorcycle_s[z * nt + t] = moto[net.to[l]];
      a.walk_s[z * nt + t] = walk[net.to[l]];
    }
    // Residents: from their home's link end.
    std::vector<double> in15(nz, 0), in30(nz, 0), walk30(nz, 0);
    for (std::size_t h = 0; h < pop.num_households(); ++h) {
      const auto l = pop.hh_link[h];
      if (l < 0) continue;
      const double m = moto[net.to[l]];
      const double w = walk[net.to[l]];
      const auto z = pop.hh_zone[h];
      if (m <= 900) in15[z] += pop.hh_size[h];
      if (m <= 1800) in30[z] += pop.hh_size[h];
      if (w <= 1800) walk30[z] += pop.hh_size[h];
    }
    for (std::size_t z = 0; z < nz; ++z) {
      if (zone_pop[z] <= 0) continue;
      a.share_15min[z * nt + t] = in15[z] / zone_pop[z];
      a.share_30min[z * nt + t] = in30[z] / zone_pop[z];
      a.walk_share_30min[z * nt + t] = walk30[z] / zone_pop[z];
      const auto k = kec_index[zones.parent[z]];
      if (kec_pop[k] > 0) {
        a.kecamatan_share_30min[k * nt + t] += in30[z] / kec_pop[k];
        const double m = a.motorcycle_s[z * nt + t];
        if (m != net::kUnreachable)
          a.kecamatan_mean_motorcycle_s[k * nt + t] += m * zone_pop[z] / kec_pop[k];
      }
    }
  }
  return a;
}

}  // namespace ogan::svc
