#pragma once

#include <string>

#include "results.hpp"

namespace viz {

struct MapOptions {
  std::string layer = "vc";      // vc, volume, speed, population (zones), present (grid)
  std::string time;              // "HH:MM": that interval; empty: the whole day
  std::string zoom = "oku";      // oku, baturaja, or "xmin,ymin,xmax,ymax" in the run's CRS
  std::string paper = "A4";
  bool landscape = true;
  double dpi = 150;
  std::string output;
};

// Draws one map page: title, the layer, zones, legend with units, scale bar, north arrow, footer
// with sources, scenario, ogan version and date. InputError for a missing dataset or bad option.
void render_map(const Results& results, const MapOptions& options);

}  // namespace viz
