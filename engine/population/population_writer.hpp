#pragma once

#include <string>

#include "engine/gis/zones.hpp"
#include "engine/population/plans.hpp"
#include "engine/population/population.hpp"

namespace ogan::pop {

// Writes households (points at the homes), persons (a table) and trips (origin-destination
// lines) to a GeoPackage, under a temporary name renamed when complete.
void write_population_gpkg(const std::string& path, const std::string& crs_wkt,
                           const Population& pop, const Plans& plans, const gis::Zones& zones,
                           const FacilitySites& facilities);

}  // namespace ogan::pop
