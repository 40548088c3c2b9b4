#pragma once

#include <vector>

#include "engine/population/plans.hpp"

namespace ogan::test {

// Appends one car trip per departure time from link `origin` to link `dest` to `t`, each by a
// person of its own; the planned distance and free-flow time are the same for every trip.
inline pop::Trips car_trips(net::LinkId origin, net::LinkId dest,
                            const std::vector<double>& depart_s, pop::Trips t = {},
                            double distance_m = 1000, double free_time_s = 100) {
  for (double d : depart_s) {
    t.person.push_back(static_cast<std::int32_t>(t.size()));
    t.seq.push_back(0);
    t.purpose.push_back(pop::Activity::Work);
    t.mode.push_back(pop::Mode::Car);
    t.origin_zone.push_back(0);
    t.dest_zone.push_back(0);
    t.origin_link.push_back(origin);
    t.dest_link.push_back(dest);
    t.origin_x.push_back(0);
    t.origin_y.push_back(0);
    t.dest_x.push_back(0);
    t.dest_y.push_back(0);
    t.dest_facility.push_back(-1);
    t.depart_s.push_back(d);
    t.duration_s.push_back(0);
    t.distance_m.push_back(distance_m);
    t.free_time_s.push_back(free_time_s);
  }
  return t;
}

}  // namespace ogan::test
