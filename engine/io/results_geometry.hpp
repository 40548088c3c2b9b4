#pragma once

#include <hdf5.h>
#include <ogr_geometry.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ogan::io {

// Polygons as rings in the polygons group `group` (results::polygons, e.g. /zones/geometry):
// polygon p owns rings ring_offset[p]..ring_offset[p+1]; ring r owns vertices
// vertex_offset[r]..vertex_offset[r+1]; ring_is_hole marks interior rings. One encoding for zones
// and kecamatan so that a reader draws both with the same code.
void write_polygons(hid_t file, const std::string& group,
                    const std::vector<std::unique_ptr<OGRGeometry>>& geometry);

// A point inside each polygon (GEOS point on surface), for its label; (0, 0) for an empty one.
std::pair<std::vector<double>, std::vector<double>> label_points(
    const std::vector<std::unique_ptr<OGRGeometry>>& geometry);

// Line strings: offsets [N+1] (line i's vertices are x/y[offset[i] : offset[i+1]]), x, y.
void write_lines(hid_t file, const std::string& offset_path, const std::string& x_path,
                 const std::string& y_path,
                 const std::vector<std::unique_ptr<OGRGeometry>>& geometry);

}  // namespace ogan::io
