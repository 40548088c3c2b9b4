#pragma once

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/gis/facilities.hpp"
#include "engine/gis/feature_table.hpp"

namespace ogan::gis {

// An invalid zone polygon made valid while reading, named by the zone it belongs to.
struct ZoneRepair {
  std::string id, name;
  GeometryRepair repair;
};

// Zones (desa/kelurahan) in struct-of-arrays. Logical fields: id (required), name, population,
// parent (the key of the coarser unit, e.g. the kecamatan code), level.
struct Zones {
  std::vector<std::string> id;
  std::vector<std::string> name;
  std::vector<std::string> parent;
  std::vector<std::string> level;
  std::vector<std::optional<double>> population;
  std::vector<double> area_km2;  // of the polygon, in the metric CRS
  std::vector<double> centroid_x;
  std::vector<double> centroid_y;
  std::vector<std::unique_ptr<OGRGeometry>> geometry;
  std::vector<ZoneRepair> repairs;  // each also logged as a warning

  std::size_t size() const { return id.size(); }
};

// Which zone contains a point: an envelope test first, then the polygon. Read-only.
class ZoneLocator {
 public:
  explicit ZoneLocator(const Zones& zones);
  // The first zone (lowest index) containing (x, y), or -1.
  std::int32_t zone_at(double x, double y) const;

 private:
  const Zones& zones_;
  std::vector<OGREnvelope> envelope_;
};

// Reads a polygon layer of zones. Invalid polygons are repaired (read_layer) and each repair is
// logged with the zone's id and name and kept in `repairs`. InputError: duplicate or empty id,
// unreadable or negative population (naming the feature), plus everything read_layer rejects
// (among it a polygon whose repair is no polygon).
Zones read_zones(const LayerSpec& spec, const OGRSpatialReference& target);

// Reads a point (or polygon: point on surface) layer of facilities. Logical fields: name, type
// (required), subtype, capacity.
std::vector<Facility> read_facilities(const LayerSpec& spec, const OGRSpatialReference& target);

}  // namespace ogan::gis
