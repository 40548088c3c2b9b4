#include "engine/gis/inspect.hpp"

#include <fmt/format.h>

#include "engine/gis/dataset.hpp"

namespace ogan::gis {

namespace {

std::string crs_name(const OGRSpatialReference* srs) {
  if (srs == nullptr) return "none (no CRS set)";
  const char* name = srs->GetName();
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  std::string out = name ? name : "unnamed";
  if (auth && code) out += fmt::format(" ({}:{})", auth, code);
  return out;
}

void describe_vector(GDALDataset& ds, std::string& out) {
  for (OGRLayer* layer : ds.GetLayers()) {
    out += fmt::format("layer '{}'\n", layer->GetName());
    out += fmt::format("  geometry: {}\n", OGRGeometryTypeToName(layer->GetGeomType()));
    out += fmt::format("  features: {}\n", layer->GetFeatureCount(TRUE));
    out += fmt::format("  crs: {}\n", crs_name(layer->GetSpatialRef()));
    OGREnvelope env;
    if (layer->GetGeomType() != wkbNone && layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
      out += fmt::format("  extent: {:.6f}, {:.6f} - {:.6f}, {:.6f}\n", env.MinX, env.MinY,
                         env.MaxX, env.MaxY);
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    out += fmt::format("  fields ({}):\n", defn->GetFieldCount());
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      const OGRFieldDefn* f = defn->GetFieldDefn(i);
      out += fmt::format("    {}: {}\n", f->GetNameRef(),
                         OGRFieldDefn::GetFieldTypeName(f->GetType()));
    }
  }
}

void describe_raster(GDALDataset& ds, std::string& out) {
  const int nx = ds.GetRasterXSize();
  const int ny = ds.GetRasterYSize();
  out += fmt::format("raster {} x {} pixels, {} band(s)\n", nx, ny, ds.GetRasterCount());
  out += fmt::format("  crs: {}\n", crs_name(ds.GetSpatialRef()));
  double gt[6];
  if (ds.GetGeoTransform(gt) == CE_None) {
    const double x0 = gt[0];
    const double y0 = gt[3];
    const double x1 = gt[0] + nx * gt[1] + ny * gt[2];
    const double y1 = gt[3] + nx * gt[4] + ny * gt[5];
    out += fmt::format("  extent: {:.6f}, {:.6f} - {:.6f}, {:.6f}\n", std::min(x0, x1),
                       std::min(y0, y1), std::max(x0, x1), std::max(y0, y1));
    out += fmt::format("  pixel size: {} x {}\n", gt[1], -gt[5]);
  } else {
    out += "  extent: unknown (no geotransform)\n";
  }
  for (int b = 1; b <= ds.GetRasterCount(); ++b) {
    GDALRasterBand* band = ds.GetRasterBand(b);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    out += fmt::format("  band {}: {}{}\n", b, GDALGetDataTypeName(band->GetRasterDataType()),
                       has_nodata ? fmt::format(", nodata {}", nodata) : "");
  }
}

}  // namespace

std::string describe_dataset(const std::string& path) {
  auto ds = open_any(path);
  std::string out = fmt::format("{} ({})\n", path, ds->GetDriver()->GetDescription());
  if (ds->GetLayerCount() > 0) describe_vector(*ds, out);
  if (ds->GetRasterCount() > 0) describe_raster(*ds, out);
  if (ds->GetLayerCount() == 0 && ds->GetRasterCount() == 0) out += "  (no layers, no bands)\n";
  return out;
}

}  // namespace ogan::gis
