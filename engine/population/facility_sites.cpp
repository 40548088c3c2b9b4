#include "engine/population/facility_sites.hpp"

#include <ogr_geometry.h>

#include "engine/network/spatial_index.hpp"

namespace ogan::pop {

FacilitySites locate_facilities(const std::vector<gis::Facility>& facilities,
                                const gis::Zones& zones, const net::Network& net) {
  FacilitySites s;
  const net::LinkIndex index(net);
  const gis::ZoneLocator locate(zones);
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    const auto& fac = facilities[f];
    s.name.push_back(fac.name);
    s.type.push_back(fac.type);
    s.subtype.push_back(fac.subtype);
    s.x.push_back(fac.x);
    s.y.push_back(fac.y);
    s.capacity.push_back(fac.capacity);
    const std::int32_t zone = locate.zone_at(fac.x, fac.y);
    s.zone.push_back(zone);
    const auto snap =
        index.nearest(fac.x, fac.y, 1e6, [&](net::LinkId l) { return net.motor[l] != 0; });
    s.link.push_back(snap ? snap->link : -1);
  }
  return s;
}

}  // namespace ogan::pop
