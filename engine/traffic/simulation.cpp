#include "engine/traffic/simulation.hpp"

#include "engine/traffic/day_simulation.hpp"

namespace ogan::traffic {

int network_mode_index(pop::Mode m) {
  switch (m) {
    case pop::Mode::Motorcycle:
      return 0;
    case pop::Mode::Car:
      return 1;
    case pop::Mode::Angkot:
      return 2;
    case pop::Mode::Ojek:
      return 3;
    default:
      return -1;
  }
}

std::vector<std::uint64_t> trip_rng_keys(const TripTable& t) {
  std::vector<std::uint64_t> keys(t.size());
  std::uint64_t ordinal = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    ordinal = k > 0 && t.person[k] == t.person[k - 1] ? ordinal + 1 : 0;
    keys[k] = (std::uint64_t{static_cast<std::uint32_t>(t.person[k])} << 24) | (ordinal & 0xffffff);
  }
  return keys;
}

SimulationOutput simulate(const net::Network& net, const TripTable& trips, const Routes& routes,
                          const TrafficOptions& options, const ServiceHook& services) {
  DaySimulation day(net, trips, routes, options, services);
  return day.finish();
}

}  // namespace ogan::traffic
