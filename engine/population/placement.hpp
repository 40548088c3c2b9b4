#pragma once

#include <cstdint>
#include <vector>

#include "engine/gis/zones.hpp"
#include "engine/network/network.hpp"
#include "engine/population/population.hpp"

namespace ogan::pop {

// Which links lie in which zone (by the link's midpoint), and the streets homes go on.
struct ZoneLinks {
  std::vector<std::int32_t> zone_of_link;            // -1 outside every zone
  std::vector<std::vector<net::LinkId>> home_links;  // per zone: local streets to place homes on
  std::vector<net::LinkId> anchor;                   // per zone: the link nearest its centre
};

ZoneLinks zone_links(const gis::Zones& zones, const net::Network& net);

struct PlacementReport {
  std::int64_t zones_without_streets = 0;  // homes of these zones go on the anchor link
};

// Places every household at a point along a residential street inside its zone (weighted by
// street length), snapped to the network. Deterministic: keyed by household id.
void place_homes(Population& pop, const ZoneLinks& zl, const net::Network& net, std::uint64_t seed,
                 PlacementReport* report = nullptr);

// The point at distance `offset_m` along a link's geometry.
std::pair<double, double> point_along(const net::Network& net, net::LinkId l, double offset_m);

}  // namespace ogan::pop
