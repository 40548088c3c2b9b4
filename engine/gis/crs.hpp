#pragma once

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>

namespace ogan::gis {

inline constexpr const char* kDefaultCrs = "EPSG:32748";  // WGS 84 / UTM zone 48S

// A spatial reference from user text ("EPSG:32748", WKT, PROJ string), axis order x=east,
// y=north whatever the authority says. Throws InputError naming `what` if it cannot be parsed.
OGRSpatialReference parse_crs(const std::string& text, const std::string& what = "crs");

// True if the CRS is projected with metre units: the engine's distances assume it.
bool is_metric(const OGRSpatialReference& srs);

// Transforms geometries from one CRS to another; a no-op when they are the same.
class Reprojector {
 public:
  Reprojector(const OGRSpatialReference& from, const OGRSpatialReference& to);
  // Returns false if any point could not be transformed.
  bool apply(OGRGeometry& geom) const;
  bool apply(double& x, double& y) const;
  bool identity() const { return !transform_; }

 private:
  std::unique_ptr<OGRCoordinateTransformation> transform_;
};

}  // namespace ogan::gis
