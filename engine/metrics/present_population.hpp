#pragma once

// Where people are over the day: every simulated person at home, at the destination of their
// last arrival, or half-way along a trip in progress, counted on a regular grid.

#include <cstddef>
#include <memory>
#include <vector>

#include "engine/scenario/demand.hpp"
#include "engine/traffic/assignment.hpp"

class OGRGeometry;

namespace ogan::metrics {

// A regular grid over an extent, snapped to whole cells; row 0 is the northern edge.
struct GridSpec {
  double x0 = 0, y0 = 0;  // south-west corner
  double cell_m = 1000;
  std::size_t nx = 0, ny = 0;
};

// The grid covering the polygons' extent.
GridSpec grid_over(const std::vector<std::unique_ptr<OGRGeometry>>& polygons, double cell_m);

struct PresentPopulation {
  GridSpec grid;
  int intervals = 0;
  std::vector<float>
      persons;            // [T][ny][nx] at the middle of each interval, scaled by 1 / sample_rate
  std::vector<double> x;  // [nx] cell centre eastings
  std::vector<double> y;  // [ny] cell centre northings, north first
  std::vector<double> time_s;  // [T] interval middles, seconds after midnight
};

// Intervals as in the traffic statistics (96 if there are none).
PresentPopulation present_population(const GridSpec& grid, const scenario::Demand& demand,
                                     const traffic::AssignmentResult& assignment,
                                     double sample_rate);

}  // namespace ogan::metrics
