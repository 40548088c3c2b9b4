#pragma once

#include <ogr_spatialref.h>

#include <Eigen/Core>
#include <array>
#include <optional>
#include <string>

namespace ogan::gis {

// One band of a raster in the target CRS. Row 0 is the northern edge (GDAL's convention).
struct Raster {
  Eigen::ArrayXXd values;  // rows x cols
  std::array<double, 6> geotransform{};
  std::optional<double> nodata;
  std::string crs_wkt;

  int rows() const { return static_cast<int>(values.rows()); }
  int cols() const { return static_cast<int>(values.cols()); }
  double min_x() const { return geotransform[0]; }
  double max_y() const { return geotransform[3]; }
  double max_x() const { return geotransform[0] + cols() * geotransform[1]; }
  double min_y() const { return geotransform[3] + rows() * geotransform[5]; }
  // The value at a point, or nullopt outside the raster or at nodata.
  std::optional<double> sample(double x, double y) const;
};

// Reads one band, warping it into `target` (bilinear) when the raster has another CRS.
// InputError: missing file, no such band, no CRS, no geotransform.
Raster read_raster(const std::string& path, const OGRSpatialReference& target, int band = 1);

}  // namespace ogan::gis
