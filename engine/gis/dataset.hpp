#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

namespace ogan::gis {

// Open a dataset for reading; InputError if the file is missing or GDAL cannot read it.
GDALDatasetUniquePtr open_vector(const std::string& path);
GDALDatasetUniquePtr open_raster(const std::string& path);
GDALDatasetUniquePtr open_any(const std::string& path);

std::vector<std::string> layer_names(GDALDataset& ds);

// The named layer; InputError listing the layers that exist when it is missing.
OGRLayer& get_layer(GDALDataset& ds, const std::string& path, const std::string& name);

// Index of a field; InputError listing the fields that exist when it is missing.
int require_field(OGRLayer& layer, const std::string& path, const std::string& field);

std::vector<std::string> field_names(OGRLayer& layer);

}  // namespace ogan::gis
