// Where the people of a kecamatan live: a density surface integrated over each desa polygon.
// Outside Baturaja a kecamatan's people are spread by area (no desa figures were found). In
// Baturaja Barat and Timur, density falls off with distance from the old centre by Jembatan
// Ogan I (Clark's negative exponential, the usual first model of urban density); its peak is
// fitted per kecamatan so that the model holds each one's registered population, which lets the
// two banks of the Ogan differ. The reasoning is in data/facts/population_density.md.
#include <fmt/format.h>

#include <cmath>

#include "baturaja.hpp"

namespace gen {
namespace {

// Pasar Baru / Baturaja Lama (FACTS.md 1: RSUD, Pasar Atas, the Ogan I crossing).
constexpr double kCentreLon = 104.1650, kCentreLat = -4.1265;
constexpr double kScaleKm = 1.6;   // the excess density falls by a factor e over this (assumed)
constexpr double kReachKm = 12.0;  // beyond this the excess is below e^-7.5 of the peak

bool is_town(const Kecamatan& k) {
  return k.code == "16.01.13" || k.code == "16.01.14";
}

double gradient(Pt p) {
  const double r_km = dist(p, to_utm(kCentreLon, kCentreLat)) / 1000.0;
  return r_km <= kReachKm ? std::exp(-r_km / kScaleKm) : 0.0;
}

}  // namespace

double town_excess_density(const Facts& f, const Grid& g, Pt p) {
  const int z = g.zone_at(p);
  if (z < 0) return 0.0;
  const int k = f.zones[static_cast<std::size_t>(z)].kec;
  return k < 0 ? 0.0 : f.kec[static_cast<std::size_t>(k)].town_peak * gradient(p);
}

double rural_density(const Facts& f) {
  double people = 0, km2 = 0;
  for (const Kecamatan& k : f.kec)
    if (!is_town(k)) {
      people += static_cast<double>(k.total);
      km2 += k.area_km2;
    }
  return people / km2;
}

void model_population(Facts& f, const Grid& g) {
  const double rural = rural_density(f);
  // unit[z]: the integral of the gradient over zone z, in km2 (sum over 50 m cells).
  const double cell_km2 = g.cell * g.cell / 1e6;
  std::vector<double> unit(f.zones.size(), 0.0);
  int c0, r0;
  if (!g.cell_of(to_utm(kCentreLon, kCentreLat), c0, r0))
    throw std::runtime_error("population model: the town centre is off the grid");
  const int reach = static_cast<int>(kReachKm * 1000.0 / g.cell);
  for (int r = std::max(0, r0 - reach); r <= std::min(g.ny - 1, r0 + reach); ++r)
    for (int col = std::max(0, c0 - reach); col <= std::min(g.nx - 1, c0 + reach); ++col)
      if (const int z = g.zone[g.idx(col, r)]; z >= 0)
        unit[static_cast<std::size_t>(z)] += gradient(g.center(col, r)) * cell_km2;

  for (Kecamatan& k : f.kec) {
    double rural_people = 0, u = 0;
    for (int zi : k.zones) {
      rural_people += rural * f.zones[static_cast<std::size_t>(zi)].area_km2;
      u += unit[static_cast<std::size_t>(zi)];
    }
    if (is_town(k)) {
      k.town_peak = (static_cast<double>(k.total) - rural_people) / u;
      if (!(k.town_peak > 0))
        throw InputError(fmt::format(
            "population model: {} has no more people than its area at the rural density", k.name));
      fmt::print("population: {} {:.0f} people per km2 at the centre, {:.0f} in the country\n",
                 k.name, rural + k.town_peak * gradient(to_utm(kCentreLon, kCentreLat)), rural);
    }
    double sum = 0;
    for (int zi : k.zones) {
      Zone& z = f.zones[static_cast<std::size_t>(zi)];
      z.pop_weight = rural * z.area_km2 + k.town_peak * unit[static_cast<std::size_t>(zi)];
      sum += z.pop_weight;
    }
    for (int zi : k.zones) {
      Zone& z = f.zones[static_cast<std::size_t>(zi)];
      z.pop = static_cast<double>(k.total) * z.pop_weight / sum;
    }
  }
}

}  // namespace gen
