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

SimulationOutput simulate(const net::Network& net, const TripTable& trips, const Routes& routes,
                          const TrafficOptions& options, const ServiceHook& services) {
  DaySimulation day(net, trips, routes, options, services);
  return day.finish();
}

}  // namespace ogan::traffic
