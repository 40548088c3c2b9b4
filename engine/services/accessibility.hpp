#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gis/zones.hpp"
#include "engine/network/network.hpp"
#include "engine/population/facility_sites.hpp"
#include "engine/population/placement.hpp"
#include "engine/population/population.hpp"

namespace ogan::svc {

// Time from every node to the nearest of a set of target links (entering the link counts as
// arriving), by Dijkstra from the targets over reversed links. `undirected` ignores one-way
// rules (walking); `motor_only` keeps to links open to motor vehicles; links with closed[l] != 0
// (a closed bridge, a flooded street) are not used.
std::vector<double> time_to_nearest(const net::Network& net,
                                    const std::vector<net::LinkId>& targets, double speed_cap_mps,
                                    bool undirected, bool motor_only,
                                    const std::vector<std::uint8_t>& closed = {});

struct Accessibility {
  std::vector<std::string> types;  // facility types, the columns
  // [Z][types] row-major
  std::vector<double> motorcycle_s;  // from the zone's anchor node to the nearest facility
  std::vector<double> walk_s;
  std::vector<double> share_15min;  // share of the zone's residents within 15 min by motorcycle
  std::vector<double> share_30min;
  std::vector<double> walk_share_30min;
  // [kecamatan][types]: population-weighted
  std::vector<std::string> kecamatan;
  std::vector<double> kecamatan_share_30min;
  std::vector<double> kecamatan_mean_motorcycle_s;
};

// `closed`: per link, 1 if a policy closes it during the working day (empty: none closed).
Accessibility accessibility(const net::Network& net, const gis::Zones& zones,
                            const pop::ZoneLinks& zl, const pop::FacilitySites& sites,
                            const pop::Population& pop, const std::vector<std::string>& types,
                            const std::vector<std::uint8_t>& closed = {});

}  // namespace ogan::svc
