#include "engine/population/placement.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"
#include "engine/network/road_defaults.hpp"
#include "engine/network/spatial_index.hpp"

namespace ogan::pop {

namespace {

// Ten times the farthest OKU desa centre from a road (Suka Pindah, 5.0 km), far below a misplaced
// layer.
constexpr double kMaxZoneToRoad_m = 50000.0;

bool is_local_street(std::uint8_t road_class) {
  const auto name = net::road_class(road_class).name;
  return name == "residential" || name == "living_street" || name == "unclassified" ||
         name == "service" || name == "track" || name == "tertiary" || name == "road";
}
}  // namespace

std::pair<double, double> point_along(const net::Network& net, net::LinkId l, double offset_m) {
  double left = offset_m;
  for (auto g = net.geom_offset[l]; g + 1 < net.geom_offset[l + 1]; ++g) {
    const double dx = net.geom_x[g + 1] - net.geom_x[g];
    const double dy = net.geom_y[g + 1] - net.geom_y[g];
    const double len = std::hypot(dx, dy);
    if (left <= len || g + 2 == net.geom_offset[l + 1]) {
      const double t = len > 0 ? std::clamp(left / len, 0.0, 1.0) : 0.0;
      return {net.geom_x[g] + t * dx, net.geom_y[g] + t * dy};
    }
    left -= len;
  }
  return {net.geom_x[net.geom_offset[l]], net.geom_y[net.geom_offset[l]]};
}

ZoneLinks zone_links(const gis::Zones& zones, const net::Network& net) {
  ZoneLinks zl;
  zl.zone_of_link.assign(net.num_links(), -1);
  zl.home_links.resize(zones.size());
  const gis::ZoneLocator locate(zones);
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    const auto [mx, my] = point_along(net, static_cast<net::LinkId>(l), net.length_m[l] / 2);
    zl.zone_of_link[l] = locate.zone_at(mx, my);
  }
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    const auto z = zl.zone_of_link[l];
    // One direction of a two-way street is enough: a home is on the street, not on a lane.
    const bool canonical = net.reverse[l] < 0 || static_cast<net::LinkId>(l) < net.reverse[l];
    if (z >= 0 && canonical && net.motor[l] && is_local_street(net.road_class[l])) {
      zl.home_links[z].push_back(static_cast<net::LinkId>(l));
    }
  }
  const net::LinkIndex index(net);
  zl.anchor.assign(zones.size(), -1);
  for (std::size_t z = 0; z < zones.size(); ++z) {
    auto s = index.nearest(zones.centroid_x[z], zones.centroid_y[z], kMaxZoneToRoad_m,
                           [&](net::LinkId l) { return net.motor[l] != 0; });
    // Its people would drive from a road that far away: the zone or the roads are misplaced
    // (a wrong CRS, a layer of another place), never a town to simulate.
    if (!s) {
      throw InputError(fmt::format(
          "zone '{}' ({}): no road of the network within {:.0f} km of its centre ({:.0f}, "
          "{:.0f}); is the zone layer's or the road layer's CRS right?",
          zones.id[z], zones.name[z], kMaxZoneToRoad_m / 1000, zones.centroid_x[z],
          zones.centroid_y[z]));
    }
    zl.anchor[z] = s->link;
  }
  return zl;
}

void place_homes(Population& pop, const ZoneLinks& zl, const net::Network& net, std::uint64_t seed,
                 PlacementReport* report) {
  std::vector<std::vector<double>> weights(zl.home_links.size());
  std::int64_t without = 0;
  for (std::size_t z = 0; z < zl.home_links.size(); ++z) {
    for (auto l : zl.home_links[z]) weights[z].push_back(net.length_m[l]);
    without += zl.home_links[z].empty();
  }
#pragma omp parallel for schedule(static)
  for (std::size_t h = 0; h < pop.num_households(); ++h) {
    const auto z = pop.hh_zone[h];
    Rng rng(seed, StreamId::HomePlacement, h);
    net::LinkId l;
    if (!zl.home_links[z].empty()) {
      l = zl.home_links[z][rng.pick(weights[z])];
    } else {
      l = zl.anchor[z];
    }
    if (l < 0) continue;  // an empty network: nothing to place on
    const double offset = rng.uniform() * net.length_m[l];
    const auto [x, y] = point_along(net, l, offset);
    pop.hh_x[h] = x;
    pop.hh_y[h] = y;
    pop.hh_link[h] = l;
  }
  if (report) report->zones_without_streets = without;
}

}  // namespace ogan::pop
