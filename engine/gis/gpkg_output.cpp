#include "engine/gis/gpkg_output.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/gis/gdal_env.hpp"
#include "engine/results/durable_file.hpp"

namespace ogan::gis {

GpkgOutput::GpkgOutput(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp.gpkg") {
  ensure_gdal();
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (drv == nullptr) throw InternalError("GDAL has no GPKG driver");
  ds_.reset(drv->Create(tmp_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds_) throw_input({.file = path_}, "cannot create the output file: " + last_gdal_error());
  if (ds_->StartTransaction() != OGRERR_NONE)
    throw InternalError("GeoPackage: cannot start a transaction");
}

GpkgOutput::~GpkgOutput() {
  if (done_) return;
  ds_.reset();
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
}

OGRLayer* GpkgOutput::layer(const char* name, const OGRSpatialReference* srs,
                            OGRwkbGeometryType type, CSLConstList options) {
  OGRLayer* l = ds_->CreateLayer(name, const_cast<OGRSpatialReference*>(srs), type,
                                 const_cast<char**>(options));
  if (l == nullptr)
    throw InternalError(fmt::format("cannot create layer '{}': {}", name, last_gdal_error()));
  return l;
}

void GpkgOutput::field(OGRLayer* layer, const char* name, OGRFieldType type) {
  OGRFieldDefn f(name, type);
  if (layer->CreateField(&f) != OGRERR_NONE) {
    throw InternalError(fmt::format("cannot create field '{}': {}", name, last_gdal_error()));
  }
}

void GpkgOutput::add(OGRLayer* layer, OGRFeature& feature) {
  if (layer->CreateFeature(&feature) != OGRERR_NONE) {
    throw InternalError(
        fmt::format("writing a feature of '{}' failed: {}", layer->GetName(), last_gdal_error()));
  }
}

void GpkgOutput::commit() {
  if (ds_->CommitTransaction() != OGRERR_NONE)
    throw InternalError("GeoPackage: commit failed: " + last_gdal_error());
  ds_.reset();
  const auto ec = files::durable_rename(tmp_, path_);
  if (ec)
    throw InputError(fmt::format("file '{}': cannot move the finished output into place: {}", path_,
                                 ec.message()));
  done_ = true;
}

}  // namespace ogan::gis
