#pragma once

#include <string>

namespace ogan::gis {

// A human-readable description of any GDAL dataset: for each vector layer the geometry type,
// feature count, CRS, extent and fields; for rasters the size, bands, CRS and extent.
std::string describe_dataset(const std::string& path);

}  // namespace ogan::gis
