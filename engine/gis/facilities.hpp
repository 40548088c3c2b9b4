#pragma once

#include <ogr_spatialref.h>

#include <string>
#include <vector>

namespace ogan::gis {

// A place people travel to: a school, a puskesmas, a market, an office.
struct Facility {
  std::string name;
  std::string type;     // ogan facility type (hospital, puskesmas, school_primary, market, ...)
  std::string subtype;  // the source tag, e.g. "amenity=clinic"
  double x = 0;
  double y = 0;
  long long source_id = -1;
  double capacity = 0;  // seats, stalls, jobs, beds; 0 if unknown
};

// The ogan facility type for an OSM feature's tags, or "" if it is not a facility.
// `name` refines schools (SD/SMP/SMA/SMK, as Indonesian school names start with their level).
std::string facility_type_from_osm(const std::string& amenity, const std::string& shop,
                                   const std::string& office, const std::string& name);

// Every facility type some part of the engine uses (services, plans, maps); a layer's other types
// are kept but nothing travels to them, so reading one is worth a warning.
const std::vector<std::string>& known_facility_types();

// Facilities from OSM points and polygons (GDAL's OSM driver layers "points" and
// "multipolygons", or any point/polygon layers with amenity/shop/office fields such as an
// Overpass GeoJSON export). Polygons become a point on their surface.
std::vector<Facility> read_osm_facilities(const std::string& path,
                                          const OGRSpatialReference& target);

}  // namespace ogan::gis
