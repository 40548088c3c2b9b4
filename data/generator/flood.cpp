// The flood of 7 May 2024 (FACTS.md 9) as an extent, not as whole zones: "~1,695 houses flooded"
// in 17 desa and kelurahan along the Ogan, depth 0.5-1.5 m. The extent is the part of each of
// those zones nearest the river, outside its channel (so the bridges, whose middle is over the
// water, stay open unless a scenario closes them): in each zone the cells nearest the Ogan that
// hold its share of the reported houses under the density model (population_density.cpp).
#include <fmt/format.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>

#include "baturaja.hpp"

namespace gen {
namespace {

constexpr double kReportedHouses = 1695;  // FACTS.md 9 (rel. B)
// People per house: the synthesised population's mean household size, 392,649 persons in 103,334
// households (docs/population-assumptions.md).
constexpr double kPeoplePerHouse = 3.8;
constexpr double kChannelM = 40;  // half the river's width as modelled (assumed)

double distance_to(const std::vector<Pt>& line, Pt p) {
  double best = 1e300;
  for (std::size_t j = 0; j + 1 < line.size(); ++j) {
    const Pt e = line[j + 1] - line[j];
    const double len2 = e.x * e.x + e.y * e.y;
    const double u =
        len2 > 0 ? std::clamp(((p.x - line[j].x) * e.x + (p.y - line[j].y) * e.y) / len2, 0.0, 1.0)
                 : 0.0;
    best = std::min(best, dist(line[j] + e * u, p));
  }
  return best;
}

}  // namespace

void flood_extents(const Facts& f, const Tiling& t, std::vector<FloodZone>& zones) {
  const Grid& g = t.grid;
  const auto& river = river_utm();
  const double rural = rural_density(f), cell_km2 = g.cell * g.cell / 1e6;
  // Each zone's cells (not on the river's channel), with their distance to the river and people.
  struct Cell {
    double d, people;
    int c, r;
  };
  std::vector<std::vector<Cell>> cells(zones.size());
  std::vector<int> slot(f.zones.size(), -1);
  for (std::size_t k = 0; k < zones.size(); ++k)
    slot[static_cast<std::size_t>(zones[k].zone)] = static_cast<int>(k);
  for (int r = 0; r < g.ny; ++r)
    for (int c = 0; c < g.nx; ++c) {
      const int z = g.zone[g.idx(c, r)];
      if (z < 0 || slot[static_cast<std::size_t>(z)] < 0) continue;
      const Pt p = g.center(c, r);
      const double d = distance_to(river, p);
      if (d <= kChannelM) continue;
      cells[static_cast<std::size_t>(slot[static_cast<std::size_t>(z)])].push_back(
          {d, (rural + town_excess_density(f, g, p)) * cell_km2, c, r});
    }
  // The reported houses shared by the zones' modelled people; the lowest ground is taken to be
  // the ground nearest the Ogan (no elevation data was found).
  double total = 0;
  std::vector<double> people(zones.size(), 0.0);
  for (std::size_t k = 0; k < zones.size(); ++k) {
    for (const auto& cell : cells[k]) people[k] += cell.people;
    total += people[k];
  }
  double flooded_people = 0;
  for (std::size_t k = 0; k < zones.size(); ++k) {
    auto& v = cells[k];
    std::sort(v.begin(), v.end(), [](const Cell& a, const Cell& b) {
      return a.d < b.d || (a.d == b.d && (a.r < b.r || (a.r == b.r && a.c < b.c)));
    });
    const double share = kReportedHouses * kPeoplePerHouse * people[k] / total;
    OGRMultiPolygon squares;
    double sum = 0;
    for (const auto& cell : v) {
      if (sum >= share) break;
      sum += cell.people;
      const Pt p = g.center(cell.c, cell.r);
      const double h = g.cell / 2;
      OGRLinearRing ring;
      ring.addPoint(p.x - h, p.y - h);
      ring.addPoint(p.x + h, p.y - h);
      ring.addPoint(p.x + h, p.y + h);
      ring.addPoint(p.x - h, p.y + h);
      ring.closeRings();
      OGRPolygon sq;
      sq.addRing(&ring);
      squares.addGeometry(&sq);
    }
    flooded_people += sum;
    // Clipped to the zone: a cell on the zone's edge may reach into a neighbour.
    std::unique_ptr<OGRGeometry> u(squares.UnionCascaded());
    const auto zone = from_wkb(t.zone_wkb[static_cast<std::size_t>(zones[k].zone)]);
    std::unique_ptr<OGRGeometry> part(u ? zone->Intersection(u.get()) : nullptr);
    if (!part)
      throw std::runtime_error(fmt::format("flood extent of zone {}: failed", zones[k].zone));
    OGRMultiPolygon mp;
    auto add = [&](const OGRGeometry* q) {
      if (wkbFlatten(q->getGeometryType()) == wkbPolygon) mp.addGeometry(q);
    };
    if (const auto* coll = dynamic_cast<const OGRGeometryCollection*>(part.get()))
      for (const OGRGeometry* q : *coll) add(q);
    else
      add(part.get());
    if (mp.IsEmpty())
      throw std::runtime_error(fmt::format("flood extent of zone {} is empty", zones[k].zone));
    zones[k].wkb = to_wkb(mp);
  }
  fmt::print(
      "flood_prone: the ground nearest the Ogan in each zone, {:.0f} people in all ({:.0f} "
      "houses reported x {} people per house)\n",
      flooded_people, kReportedHouses, kPeoplePerHouse);
}

}  // namespace gen
