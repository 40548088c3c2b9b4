#include "engine/core/error.hpp"
#include "engine/io/results.hpp"

namespace ogan::io {

void ResultsWriter::write_trip_ends(const net::Network& network, const traffic::TripTable& trips,
                                    const traffic::Routes& routes, std::size_t planned_trips) {
  if (planned_trips > trips.size())
    throw InternalError("write_trip_ends: more planned trips than trips in the table");
  std::vector<std::int32_t> origin(planned_trips, -1), dest(planned_trips, -1);
  std::vector<double> origin_pos(planned_trips, -1), dest_pos(planned_trips, -1);
  const auto links = static_cast<net::LinkId>(network.num_links());
  const bool routed = routes.offset.size() > planned_trips;
  // The traffic model puts homes and destinations mid-link: a vehicle spends half the link's
  // free-flow time on its first and on its last link (engine/traffic/day_simulation.cpp). On a
  // two-way street the route may start or end on the planned link's reverse: the route decides.
  for (std::size_t k = 0; k < planned_trips; ++k) {
    net::LinkId o = trips.origin_link[k], d = trips.dest_link[k];
    if (routed && routes.offset[k] < routes.offset[k + 1] &&
        routes.offset[k + 1] <= routes.links.size()) {
      o = routes.links[routes.offset[k]];
      d = routes.links[routes.offset[k + 1] - 1];
    }
    if (o >= 0 && o < links) {
      origin[k] = o;
      origin_pos[k] = 0.5 * network.length_m[o];
    }
    if (d >= 0 && d < links) {
      dest[k] = d;
      dest_pos[k] = 0.5 * network.length_m[d];
    }
  }
  const hid_t f = file_.get();
  write_vector(f, results::path::kTripsOriginLink, origin, "1",
               "row of /network/links the trip starts on (-1 none)");
  write_vector(f, results::path::kTripsOriginPosM, origin_pos, "m",
               "where the trip starts along its origin link, from the link's start (-1 none)");
  write_vector(f, results::path::kTripsDestLink, dest, "1",
               "row of /network/links the trip ends on (-1 none)");
  write_vector(f, results::path::kTripsDestPosM, dest_pos, "m",
               "where the trip ends along its destination link, from the link's start (-1 none)");
}

void ResultsWriter::write_routes(const traffic::Routes& routes) {
  if (routes.offset.empty() || routes.offset.back() != routes.links.size())
    throw InternalError("write_routes: offsets do not cover the route links");
  const hid_t f = file_.get();
  write_vector(f, results::routes::kOffset, routes.offset, "1",
               "trip k's route is links[offset[k] : offset[k+1]] (empty: not on the network)");
  write_vector(f, results::routes::kLinks, routes.links, "1",
               "rows of /network/links in the order driven: origin link first, destination last");
}

}  // namespace ogan::io
