#include "engine/gis/dataset.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/gis/gdal_env.hpp"

namespace ogan::gis {

namespace {
GDALDatasetUniquePtr open_with(const std::string& path, unsigned flags, const char* kind) {
  ensure_gdal();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw_input({.file = path}, "does not exist");
  }
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), flags | GDAL_OF_READONLY));
  if (!ds) {
    const std::string why = last_gdal_error();
    throw_input({.file = path}, fmt::format("GDAL cannot open it as a {} dataset{}{}", kind,
                                            why.empty() ? "" : ": ", why));
  }
  return ds;
}
}  // namespace

GDALDatasetUniquePtr open_vector(const std::string& path) {
  return open_with(path, GDAL_OF_VECTOR, "vector");
}

GDALDatasetUniquePtr open_raster(const std::string& path) {
  return open_with(path, GDAL_OF_RASTER, "raster");
}

GDALDatasetUniquePtr open_any(const std::string& path) {
  return open_with(path, GDAL_OF_VECTOR | GDAL_OF_RASTER, "vector or raster");
}

std::vector<std::string> layer_names(GDALDataset& ds) {
  std::vector<std::string> names;
  for (auto* layer : ds.GetLayers()) names.emplace_back(layer->GetName());
  return names;
}

OGRLayer& get_layer(GDALDataset& ds, const std::string& path, const std::string& name) {
  OGRLayer* layer = ds.GetLayerByName(name.c_str());
  if (layer == nullptr) {
    const auto names = layer_names(ds);
    throw_input({.file = path},
                fmt::format("no layer '{}'; layers in the file: {}", name,
                            names.empty() ? "(none)" : fmt::format("{}", fmt::join(names, ", "))));
  }
  return *layer;
}

std::vector<std::string> field_names(OGRLayer& layer) {
  std::vector<std::string> names;
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  return names;
}

int require_field(OGRLayer& layer, const std::string& path, const std::string& field) {
  const int idx = layer.GetLayerDefn()->GetFieldIndex(field.c_str());
  if (idx < 0) {
    throw_input({.file = path, .layer = layer.GetName()},
                fmt::format("no field '{}'; fields in the layer: {}", field,
                            fmt::join(field_names(layer), ", ")));
  }
  return idx;
}

}  // namespace ogan::gis
