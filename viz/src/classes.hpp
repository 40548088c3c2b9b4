#pragma once

#include <string>
#include <vector>

#include "palette.hpp"

namespace viz {

enum class ClassMethod { Continuous, Quantiles, Equal, Natural };
ClassMethod parse_class_method(const std::string& name);  // InputError if unknown

// Class edges {min, b1, ..., b(n-1), max} of finite `values`: class i holds edge[i] < v <=
// edge[i+1] (the first also holds the minimum). Fewer than n classes when values repeat.
std::vector<double> equal_breaks(const std::vector<double>& values, int n);
std::vector<double> quantile_breaks(const std::vector<double>& values, int n);
// Jenks natural breaks (least within-class squared deviation), exact for up to 2000 distinct
// values, on an even sample of the sorted values beyond that to keep it fast on links.
std::vector<double> jenks_breaks(const std::vector<double>& values, int n);

// How values become colours: a continuous ramp from lo to hi, or classes, on the sequential
// ramp (viridis) or, for differences, the diverging ramp centred on zero with symmetric limits.
struct Scale {
  ClassMethod method = ClassMethod::Continuous;
  std::vector<double> edges;  // classes only
  double lo = 0, hi = 1;
  bool diverging = false;
  bool low_is_dark = false;  // speed: slow roads dark
  bool open_top = false;     // values above hi exist and share its colour (v/c "1.25+")
  bool all_zero = false;     // a difference that is zero everywhere
  // Position on the ramp: [0, 1] sequential (1 = end colour), [-1, 1] diverging.
  double position(double v) const;
  Rgb colour(double v) const;
  int classes() const { return static_cast<int>(edges.size()) - 1; }
  int class_of(double v) const;
};

// lo is 0 for non-negative data (counts and densities read honestly from zero); fixed_hi > 0
// fixes the top (v/c: 1.25, values above are shown as the top colour).
Scale make_scale(const std::vector<double>& values, ClassMethod method, int n, bool low_is_dark,
                 double fixed_hi = 0);
// Differences: symmetric limits; with a class method, n classes of the size of the change on
// each side of zero (breaks of |value|), mirrored, and zero as "no change".
Scale make_diverging_scale(const std::vector<double>& values,
                           ClassMethod method = ClassMethod::Continuous, int n = 5);

}  // namespace viz
