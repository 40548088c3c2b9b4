#include "engine/gis/raster.hpp"

#include <fmt/format.h>
#include <gdalwarper.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/gis/dataset.hpp"
#include "engine/gis/gdal_env.hpp"

namespace ogan::gis {

std::optional<double> Raster::sample(double x, double y) const {
  const double col = (x - geotransform[0]) / geotransform[1];
  const double row = (y - geotransform[3]) / geotransform[5];
  if (col < 0 || row < 0 || col >= cols() || row >= rows()) return std::nullopt;
  const double v = values(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(col));
  if (std::isnan(v) || (nodata && v == *nodata)) return std::nullopt;
  return v;
}

Raster read_raster(const std::string& path, const OGRSpatialReference& target, int band) {
  auto ds = open_raster(path);
  const Where where{.file = path};
  if (band < 1 || band > ds->GetRasterCount()) {
    throw_input(where,
                fmt::format("no band {}; the raster has {} band(s)", band, ds->GetRasterCount()));
  }
  const OGRSpatialReference* src = ds->GetSpatialRef();
  if (src == nullptr) throw_input(where, "the raster has no CRS");
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None) throw_input(where, "the raster has no geotransform");

  GDALDatasetH handle = GDALDataset::ToHandle(ds.get());
  GDALDatasetUniquePtr warped;
  OGRSpatialReference src_copy(*src);
  src_copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!src_copy.IsSame(&target)) {
    char* dst_wkt = nullptr;
    target.exportToWkt(&dst_wkt);
    GDALDatasetH vrt =
        GDALAutoCreateWarpedVRT(handle, nullptr, dst_wkt, GRA_Bilinear, 0.0, nullptr);
    CPLFree(dst_wkt);
    if (vrt == nullptr) {
      throw_input(where, "cannot warp the raster into the target CRS: " + last_gdal_error());
    }
    warped.reset(GDALDataset::FromHandle(vrt));
    handle = vrt;
  }
  GDALDataset* use = GDALDataset::FromHandle(handle);
  Raster r;
  use->GetGeoTransform(r.geotransform.data());
  GDALRasterBand* b = use->GetRasterBand(band);
  int has_nodata = 0;
  const double nodata = b->GetNoDataValue(&has_nodata);
  if (has_nodata) r.nodata = nodata;
  const int nx = use->GetRasterXSize();
  const int ny = use->GetRasterYSize();
  // Eigen is column-major; read row-major into a buffer and map it.
  Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> buf(ny, nx);
  if (b->RasterIO(GF_Read, 0, 0, nx, ny, buf.data(), nx, ny, GDT_Float64, 0, 0) != CE_None) {
    throw_input(where, "cannot read band pixels: " + last_gdal_error());
  }
  r.values = buf;
  char* wkt = nullptr;
  target.exportToWkt(&wkt);
  r.crs_wkt = wkt ? wkt : "";
  CPLFree(wkt);
  return r;
}

}  // namespace ogan::gis
