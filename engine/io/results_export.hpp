#pragma once

// `ogan export`: a results file as GIS layers for QGIS (docs/export.md). A GeoPackage of links
// (with volumes, v/c and speeds for named periods), an hourly table of the links related by link
// id, zones, facilities and count stations, each styled through the `layer_styles` table; and
// the present-population grid as a GeoTIFF, one band per interval.

#include <cstddef>
#include <string>

namespace ogan::io {

struct ExportOptions {
  std::string results;   // an ogan results file
  std::string gpkg;      // the GeoPackage to write ("" none)
  std::string grid_tif;  // the GeoTIFF of the present-population grid to write ("" none)
};

struct ExportCounts {
  std::size_t links = 0, link_hours = 0, zones = 0, facilities = 0, stations = 0, styles = 0;
  std::size_t grid_bands = 0;
};

// Error (InputError, exit code 2) for a results file that cannot be read or whose datasets do
// not fit together; the outputs are written under temporary names and moved into place whole.
ExportCounts export_results(const ExportOptions& options);

// The named periods of the links layer: [from_h, to_h) hours after midnight.
struct Period {
  const char* name;
  double from_h, to_h;
};
inline constexpr Period kPeriods[] = {
    {"am_peak", 6, 9}, {"midday", 9, 15}, {"pm_peak", 15, 18}, {"day", 0, 1e9}};

}  // namespace ogan::io
