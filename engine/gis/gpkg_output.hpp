#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>

namespace ogan::gis {

// A GeoPackage written under a temporary name, in one transaction, and renamed to its final
// name by commit(): a killed run leaves no file that looks complete.
class GpkgOutput {
 public:
  explicit GpkgOutput(std::string path);
  ~GpkgOutput();
  GpkgOutput(const GpkgOutput&) = delete;
  GpkgOutput& operator=(const GpkgOutput&) = delete;

  OGRLayer* layer(const char* name, const OGRSpatialReference* srs, OGRwkbGeometryType type,
                  CSLConstList options = nullptr);
  static void field(OGRLayer* layer, const char* name, OGRFieldType type);
  static void add(OGRLayer* layer, OGRFeature& feature);
  void commit();

 private:
  std::string path_;
  std::string tmp_;
  GDALDatasetUniquePtr ds_;
  bool done_ = false;
};

}  // namespace ogan::gis
