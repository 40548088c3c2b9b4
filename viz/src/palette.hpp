#pragma once

#include <array>

namespace viz {

struct Rgb {
  double r, g, b;
};

// Viridis, reversed so that high values are dark: perceptually uniform, readable in greyscale
// print and by colour-blind readers. t in [0, 1].
Rgb sequential(double t);
// Blue - white - red, centred on zero, for differences. t in [-1, 1].
Rgb diverging(double t);

}  // namespace viz
