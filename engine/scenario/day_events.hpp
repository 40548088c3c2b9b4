#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/network/network.hpp"

namespace ogan::scenario {

// Something that happens to a running day at a moment (docs/twin.md): the plans and routes made
// before the day do not know of it; vehicles and visitors react when it happens. Timed policies
// (`at:` / `until:`), reported closures in observations and `ogan serve` all arrive as these.
struct DayEvent {
  enum class Kind : std::uint8_t {
    CloseLinks,       // no vehicle enters them; routes through them are changed at the next node
    ReopenLinks,      // closed links open again
    LinkCapacity,     // flow capacity of the links set to `value` pcu/h
    LinkSpeed,        // free speed of the links set to `value` m/s
    FacilityServers,  // servers of `facility` set to `count` (full scale); after a FacilityClose
                      // it opens again with them, to its usual closing time (a timed closure's
                      // `until`)
    FacilityClose,    // `facility` stops starting services at `at_s` (visitors waiting leave)
    Crowd,            // `count` extra persons travel to point (x, y) for `value` seconds
  };
  double at_s = 0;
  Kind kind = Kind::CloseLinks;
  std::vector<net::LinkId> links;
  double value = 0;
  std::int32_t facility = -1;
  std::int32_t count = 0;
  double x = 0, y = 0;      // Crowd: where, in the network's CRS
  std::string description;  // for logs and the results' event list ("close_road Jembatan Ogan I")
};

}  // namespace ogan::scenario
