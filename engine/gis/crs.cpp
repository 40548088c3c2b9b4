#include "engine/gis/crs.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/gis/gdal_env.hpp"

namespace ogan::gis {

OGRSpatialReference parse_crs(const std::string& text, const std::string& what) {
  ensure_gdal();
  OGRSpatialReference srs;
  if (text.empty() || srs.SetFromUserInput(text.c_str()) != OGRERR_NONE) {
    throw InputError(
        fmt::format("{}: '{}' is not a coordinate reference system GDAL knows "
                    "(expected e.g. EPSG:32748, a WKT or a PROJ string)",
                    what, text));
  }
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

bool is_metric(const OGRSpatialReference& srs) {
  return srs.IsProjected() && std::abs(srs.GetLinearUnits() - 1.0) < 1e-9;
}

Reprojector::Reprojector(const OGRSpatialReference& from, const OGRSpatialReference& to) {
  if (from.IsSame(&to)) return;
  OGRSpatialReference src(from);
  OGRSpatialReference dst(to);
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  transform_.reset(OGRCreateCoordinateTransformation(&src, &dst));
  if (!transform_) {
    throw InternalError("cannot create a coordinate transformation: " + last_gdal_error());
  }
}

bool Reprojector::apply(OGRGeometry& geom) const {
  if (!transform_) return true;
  return geom.transform(transform_.get()) == OGRERR_NONE;
}

bool Reprojector::apply(double& x, double& y) const {
  if (!transform_) return true;
  return transform_->Transform(1, &x, &y) != 0;
}

}  // namespace ogan::gis
