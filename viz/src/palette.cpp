#include "palette.hpp"

#include <algorithm>
#include <cmath>

namespace viz {

namespace {
// Viridis at t = 0, 1/8, ..., 1 (matplotlib's table).
constexpr std::array<Rgb, 9> kViridis = {{{0.267, 0.005, 0.329},
                                          {0.283, 0.141, 0.458},
                                          {0.254, 0.265, 0.530},
                                          {0.207, 0.372, 0.553},
                                          {0.164, 0.471, 0.558},
                                          {0.128, 0.567, 0.551},
                                          {0.135, 0.659, 0.518},
                                          {0.478, 0.821, 0.318},
                                          {0.993, 0.906, 0.144}}};

Rgb lerp(const Rgb& a, const Rgb& b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}
}  // namespace

Rgb sequential(double t) {
  t = 1.0 - std::clamp(t, 0.0, 1.0);  // reversed: high values dark
  const double x = t * 8;
  const auto i = std::min(7, static_cast<int>(x));
  return lerp(kViridis[i], kViridis[i + 1], x - i);
}

Rgb diverging(double t) {
  t = std::clamp(t, -1.0, 1.0);
  const Rgb white{0.97, 0.97, 0.97}, red{0.70, 0.09, 0.17}, blue{0.13, 0.40, 0.67};
  return t >= 0 ? lerp(white, red, t) : lerp(white, blue, -t);
}

}  // namespace viz
