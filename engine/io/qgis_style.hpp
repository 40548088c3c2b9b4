#pragma once

// QGIS layer styles (QML), stored in a GeoPackage's `layer_styles` table so that QGIS opens an
// exported layer styled: a colour ramp over classes of one field, or a colour per category.

#include <array>
#include <string>
#include <vector>

namespace ogan::io {

enum class StyleGeometry { Line, Polygon, Point };

struct StyleClass {
  double lower = 0, upper = 0;
  std::string label;
  std::array<int, 3> rgb{};
};

// Classes of `field` drawn in their colour: lines `width_mm` wide, polygons filled with a thin
// grey outline, points as circles.
std::string graduated_qml(const std::string& field, StyleGeometry geometry,
                          const std::vector<StyleClass>& classes, double width_mm = 0.6);
// One colour per value of `field`.
std::string categorized_qml(const std::string& field, StyleGeometry geometry,
                            const std::vector<std::string>& values);

// Class breaks for a colour ramp of up to `n` classes: quantiles of the positive values (a
// day's volumes and densities are heavily skewed), rounded to 2 significant digits, distinct.
std::vector<double> quantile_breaks(std::vector<double> values, int n);
// Classes from breaks b0 < b1 < ... (the first from 0, the last to the maximum), coloured along
// ColorBrewer's YlOrRd; labels say the range and unit.
std::vector<StyleClass> ramp_classes(const std::vector<double>& breaks, double max,
                                     const std::string& unit);

}  // namespace ogan::io
