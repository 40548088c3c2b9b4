// Shared types of the Baturaja base-data generator. Everything is in EPSG:32748 metres unless a
// name says lat/lon; the facts are the only input and every random choice is a hash of fixed
// values.
#pragma once

#include <ogr_core.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

class OGRGeometry;

namespace gen {

struct Pt {
  double x = 0, y = 0;
};
inline Pt operator+(Pt a, Pt b) {
  return {a.x + b.x, a.y + b.y};
}
inline Pt operator-(Pt a, Pt b) {
  return {a.x - b.x, a.y - b.y};
}
inline Pt operator*(Pt a, double s) {
  return {a.x * s, a.y * s};
}
double dist(Pt a, Pt b);
double cross(Pt a, Pt b);

// Bad input: reported as "file:line: message", exit code 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Zone {
  std::string code, name, level, kec_code, kec_name;
  double lat = 0, lon = 0, area_km2 = 0;
  Pt c;                   // published centroid in UTM
  int kec = -1;           // index into Facts::kec
  double pop = 0;         // kecamatan population shared by pop_weight (places schools and villages)
  double pop_weight = 0;  // modelled residents (data/facts/population_density.md)
  double model_area_km2 = 0;  // of the official polygon
  int bank = 0;               // 1 left (west/north) bank, 2 right bank, 0 not in the town box
};

struct Kecamatan {
  std::string code, name;
  long male = 0, female = 0, total = 0;
  double area_km2 = 0;
  std::optional<long> census_2010, census_2015;
  double model_area_km2 = 0;
  std::vector<int> zones;
  int centre_zone = -1;  // kelurahan / namesake / most central desa
  Pt weighted_centre;    // a point on the surface of the kecamatan polygon
  double town_peak = 0;  // people per km2 above the rural density at the town centre (fitted)
};

struct KnownFacility {
  std::string name, type, placement, note, reliability;
  double lat = 0, lon = 0;
};

struct Facts {
  std::vector<Kecamatan> kec;
  std::vector<Zone> zones;
  std::vector<KnownFacility> known;
};
Facts read_facts(const std::string& dir);

// lat/lon (WGS 84) -> UTM 48S
Pt to_utm(double lon, double lat);
const char* utm_wkt();

// Deterministic randomness: splitmix64 of fixed keys; uniform doubles from the raw 64 bits so
// results do not depend on the standard library's distributions.
uint64_t mix(uint64_t a, uint64_t b = 0, uint64_t c = 0);
double unit(uint64_t h);         // [0,1)
double signed_unit(uint64_t h);  // [-1,1)

// Zone raster: row 0 is the northern edge. A cell's zone is the one containing its centre; cells a
// polygon edge passes through are flagged and zone_at answers them with the exact polygons.
struct Grid {
  double x0 = 0, ytop = 0, cell = 50;
  int nx = 0, ny = 0;
  std::vector<int16_t> zone;  // -1 outside the regency
  std::vector<uint8_t> edge;  // 1: a zone boundary crosses the cell
  std::vector<int8_t> bank;   // 0 outside the town box or on the river, 1 left bank, 2 right bank
  // A zone's ring edges bucketed by horizontal strips, so a point-in-polygon ray cast looks only
  // at the edges spanning the point's y.
  struct Shape {
    OGREnvelope env;
    double strip_m = 50;
    std::vector<std::vector<std::pair<Pt, Pt>>> strips;
  };
  std::vector<Shape> shapes;  // per zone, in the zone order of Facts
  Shape outline;              // the regency: union of the zones with the gaps between them filled
  bool inside_shape(std::size_t z, Pt p) const;
  bool in_regency(Pt p) const;
  static bool inside(const Shape& s, Pt p);
  std::size_t idx(int c, int r) const {
    return static_cast<std::size_t>(r) * static_cast<std::size_t>(nx) + c;
  }
  bool cell_of(Pt p, int& c, int& r) const;
  int zone_at(Pt p) const;
  int bank_at(Pt p) const;
  Pt center(int c, int r) const;
};

// The Ogan, upstream to downstream; approximate (hand-placed between the published desa centroids).
const std::vector<Pt>& river_utm();
struct RiverHit {
  Pt p;
  double s_road;  // arc length along the road
  Pt river_dir;   // unit direction of the river there
};
std::vector<RiverHit> river_crossings(const std::vector<Pt>& line);
void mark_banks(Grid& g);

struct Tiling {
  Grid grid;
  std::vector<std::string> zone_wkb;  // MultiPolygon WKB per zone
  std::vector<std::string> kec_wkb;   // MultiPolygon WKB per kecamatan (dissolved desa)
  double total_km2 = 0;
  std::string outline_wkb;  // the regency outline (MultiPolygon)
};
// The official polygons in DIR/oku_desa_kelurahan.geojson as the zones (repairs reported on
// stderr); fails when their codes do not match desa_kelurahan.csv one to one.
Tiling load_boundaries(Facts& f, const std::string& dir);
void choose_centres(Facts& f);  // Kecamatan::centre_zone
// Zone::pop_weight and Zone::pop from a density model (data/facts/population_density.md).
void model_population(Facts& f, const Grid& g);
double rural_density(const Facts& f);  // people per km2 outside Baturaja Barat and Timur
// People per km2 above the rural density at p, by the town gradient (after model_population).
double town_excess_density(const Facts& f, const Grid& g, Pt p);
// Built up: at least this many people per km2 (the GHSL / degree-of-urbanisation threshold of an
// urban centre's cells).
inline constexpr double kBuiltUpPerKm2 = 1500.0;

bool in_town(const Facts& f, const Grid& g, Pt p);  // inside a zone of Baturaja Barat / Timur

struct RoadAttr {
  std::string highway;
  std::optional<std::string> name, ref;
  std::string oneway = "no";
  int lanes = 2;         // both directions together (one direction if one-way)
  bool divided = false;  // a median: PKJI type 4/2 D
  std::optional<int> maxspeed;
  bool bridge = false;
  std::optional<std::string> bridge_name;
  std::optional<double> lane_width;
  std::optional<std::string> side_friction;
  std::string environment = "interurban";  // PKJI road environment: urban inside the town
};
struct Road {
  std::vector<Pt> pts;
  RoadAttr a;
  bool designed = false;  // hand-placed named street or bridge: never cut at the river
};

std::vector<Road> town_roads(const Facts& f, const Grid& g);
std::vector<Road> rural_roads(const Facts& f, const Grid& g, const std::vector<Road>& town);
std::vector<Road> lattice_roads(const Facts& f, const Grid& g);
void node_roads(std::vector<Road>& roads, int& remaining_crossings);
struct RoadStats {
  int features = 0, components_dropped = 0, crossings_left = 0, nodes = 0, scc_nodes = 0;
};
std::vector<Road> build_roads(const Facts& f, const Grid& g, RoadStats& st);
void classify_attrs(Road& r, const Facts& f, const Grid& g);

struct Facility {
  std::string name, type;
  std::optional<std::string> subtype;
  std::optional<int> capacity;
  std::string placement, source, reliability;
  Pt p;
  int zone = -1;  // the zone it was placed for (-1: a fixed position)
};
std::vector<Facility> make_facilities(const Facts& f, const Grid& g);

struct FloodZone {
  int zone;
  std::string note;
  std::string wkb;  // the flooded part of the zone (MultiPolygon), by flood_extents
};
std::vector<FloodZone> flood_zones(const Facts& f, std::vector<std::string>& unmatched);
// The flooded part of each zone: a strip along the Ogan whose width is fitted so that the houses
// in it match the reported count (data/generator/flood.cpp, data/README.md).
void flood_extents(const Facts& f, const Tiling& t, std::vector<FloodZone>& zones);

std::string to_wkb(const OGRGeometry& g);
std::unique_ptr<OGRGeometry> from_wkb(const std::string& wkb);

void write_gpkg(const std::string& path, const Facts& f, const Tiling& t,
                const std::vector<Road>& roads, const std::vector<Facility>& fac,
                const std::vector<FloodZone>& flood);

}  // namespace gen
