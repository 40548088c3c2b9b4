// Coordinate transformation and the small numeric helpers everything else uses.
#include <ogr_spatialref.h>

#include <cmath>
#include <memory>

#include "baturaja.hpp"

namespace gen {

double dist(Pt a, Pt b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}
double cross(Pt a, Pt b) {
  return a.x * b.y - a.y * b.x;
}

namespace {
struct Transform {
  OGRSpatialReference wgs, utm;
  std::unique_ptr<OGRCoordinateTransformation> ct;
  std::string wkt;
  Transform() {
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // x = lon, y = lat
    utm.importFromEPSG(32748);
    utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ct.reset(OGRCreateCoordinateTransformation(&wgs, &utm));
    if (!ct)
      throw std::runtime_error("cannot create WGS84 -> EPSG:32748 transformation (PROJ database?)");
    char* w = nullptr;
    utm.exportToWkt(&w);
    wkt = w;
    CPLFree(w);
  }
};
Transform& tr() {
  static Transform t;
  return t;
}
}  // namespace

Pt to_utm(double lon, double lat) {
  double x = lon, y = lat;
  if (!tr().ct->Transform(1, &x, &y)) throw std::runtime_error("coordinate transformation failed");
  // Centimetre rounding makes the same lat/lon give bit-identical vertices in every road that uses
  // it.
  return {std::round(x * 100.0) / 100.0, std::round(y * 100.0) / 100.0};
}
const char* utm_wkt() {
  return tr().wkt.c_str();
}

uint64_t mix(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t z = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL ^
               (c + 0x94D049BB133111EBULL) * 0xD6E8FEB86659FD93ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
double unit(uint64_t h) {
  return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0);
}
double signed_unit(uint64_t h) {
  return 2.0 * unit(h) - 1.0;
}

bool Grid::cell_of(Pt p, int& c, int& r) const {
  double fc = (p.x - x0) / cell, fr = (ytop - p.y) / cell;
  if (fc < 0 || fr < 0) return false;
  c = static_cast<int>(fc);
  r = static_cast<int>(fr);
  return c < nx && r < ny;
}
int Grid::zone_at(Pt p) const {
  int c, r;
  if (!cell_of(p, c, r)) return -1;
  const std::size_t i = idx(c, r);
  if (edge.empty() || !edge[i]) return zone[i];
  for (std::size_t z = 0; z < shapes.size(); ++z)
    if (inside_shape(z, p)) return static_cast<int>(z);
  return -1;
}
int Grid::bank_at(Pt p) const {
  int c, r;
  return cell_of(p, c, r) && !bank.empty() ? bank[idx(c, r)] : 0;
}
Pt Grid::center(int c, int r) const {
  return {x0 + (c + 0.5) * cell, ytop - (r + 0.5) * cell};
}

}  // namespace gen
