#include "engine/metrics/present_population.hpp"

#include <ogr_geometry.h>

#include <cmath>

namespace ogan::metrics {

GridSpec grid_over(const std::vector<std::unique_ptr<OGRGeometry>>& polygons, double cell_m) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& g : polygons) {
    OGREnvelope e;
    g->getEnvelope(&e);
    x0 = std::min(x0, e.MinX);
    y0 = std::min(y0, e.MinY);
    x1 = std::max(x1, e.MaxX);
    y1 = std::max(y1, e.MaxY);
  }
  GridSpec s;
  s.cell_m = cell_m;
  s.x0 = std::floor(x0 / cell_m) * cell_m;
  s.y0 = std::floor(y0 / cell_m) * cell_m;
  s.nx = static_cast<std::size_t>(std::ceil((x1 - s.x0) / cell_m));
  s.ny = static_cast<std::size_t>(std::ceil((y1 - s.y0) / cell_m));
  return s;
}

namespace {
struct Position {
  double x, y;
};
}  // namespace

PresentPopulation present_population(const GridSpec& g, const scenario::Demand& d,
                                     const traffic::AssignmentResult& a, double sample_rate) {
  PresentPopulation out;
  out.grid = g;
  const double cell_m = g.cell_m, x0 = g.x0, y0 = g.y0;
  const std::size_t nx = g.nx, ny = g.ny;
  const int T = a.last.links.intervals > 0 ? a.last.links.intervals : 96;
  out.intervals = T;
  const double dt = 86400.0 / T;
  auto& grid = out.persons;
  grid.assign(static_cast<std::size_t>(T) * ny * nx, 0.0f);
  const double scale = 1.0 / sample_rate;
  auto add = [&](int k, double x, double y) {
    const auto cx = static_cast<long>((x - x0) / cell_m);
    const auto cy = static_cast<long>((y - y0) / cell_m);
    if (cx < 0 || cy < 0 || cx >= static_cast<long>(nx) || cy >= static_cast<long>(ny)) return;
    // Row 0 is the northern edge, as rasters expect.
    const std::size_t row = ny - 1 - static_cast<std::size_t>(cy);
    grid[(static_cast<std::size_t>(k) * ny + row) * nx + static_cast<std::size_t>(cx)] +=
        static_cast<float>(scale);
  };
  const auto& p = d.population;
  const auto& trips = d.plans.trips;
  const auto& res = a.last.trips;
  std::size_t t = 0;
  for (std::size_t i = 0; i < p.num_persons(); ++i) {
    const auto h = p.household[i];
    if (!d.plans.sampled[h]) continue;
    while (t < trips.size() && static_cast<std::size_t>(trips.person[t]) < i) ++t;
    std::size_t first = t, last = t;
    while (last < trips.size() && static_cast<std::size_t>(trips.person[last]) == i) ++last;
    for (int k = 0; k < T; ++k) {
      const double now = (k + 0.5) * dt;
      Position pos{p.hh_x[h], p.hh_y[h]};
      for (std::size_t j = first; j < last; ++j) {
        const double dep = res.depart_s.empty() ? trips.depart_s[j] : res.depart_s[j];
        const double arr = res.arrival_s.empty() ? -1 : res.arrival_s[j];
        if (dep < 0 || dep > now) break;
        if (arr >= 0 && arr <= now) {
          pos = {trips.dest_x[j], trips.dest_y[j]};
        } else {
          pos = {(trips.origin_x[j] + trips.dest_x[j]) / 2,
                 (trips.origin_y[j] + trips.dest_y[j]) / 2};
          break;
        }
      }
      add(k, pos.x, pos.y);
    }
  }
  out.x.resize(nx);
  out.y.resize(ny);
  for (std::size_t c = 0; c < nx; ++c) out.x[c] = x0 + (static_cast<double>(c) + 0.5) * cell_m;
  for (std::size_t r = 0; r < ny; ++r)
    out.y[r] = y0 + (static_cast<double>(ny - 1 - r) + 0.5) * cell_m;
  out.time_s.resize(static_cast<std::size_t>(T));
  for (int k = 0; k < T; ++k) out.time_s[k] = (k + 0.5) * dt;
  return out;
}

}  // namespace ogan::metrics
