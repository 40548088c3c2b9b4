#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gis/facilities.hpp"
#include "engine/gis/zones.hpp"
#include "engine/network/network.hpp"

namespace ogan::pop {

// Facilities as the demand model sees them: where they are on the network and their capacity.
struct FacilitySites {
  std::vector<std::string> name;
  std::vector<std::string> type;
  std::vector<std::string> subtype;
  std::vector<double> x, y;
  std::vector<std::int32_t> zone;  // -1 outside every zone
  std::vector<net::LinkId> link;   // nearest motor link
  std::vector<double> capacity;    // seats, stalls, jobs; 0 if unknown
  std::size_t size() const { return name.size(); }
};

FacilitySites locate_facilities(const std::vector<gis::Facility>& facilities,
                                const gis::Zones& zones, const net::Network& net);

}  // namespace ogan::pop
