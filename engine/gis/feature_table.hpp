#pragma once

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ogan::gis {

enum class GeometryFamily { Point, Line, Polygon, Any };

// Which layer to read and how its fields map onto the names the engine uses ("class" ->
// "highway", "population" -> "JUMLAH_PDDK"). Mappings are configuration so that a user's own
// layers load without editing them.
struct LayerSpec {
  std::string path;
  std::string layer;                          // empty: the only layer of the dataset
  std::map<std::string, std::string> fields;  // logical name -> source field (or OSM tag)
  std::string assume_crs;                     // used only when the layer has no CRS
  // Logical names whose mapping came from defaults, not the user: absent fields are ignored
  // for these instead of being reported as a typo.
  std::set<std::string> defaulted;
};

// One invalid polygon made valid (GEOS make-valid, "linework" method: a shell nested inside
// another becomes a hole, as an enclave of a neighbouring unit should). Areas in the target CRS.
struct GeometryRepair {
  long long fid = -1;
  std::string reason;         // GEOS validity reason, e.g. "Nested shells at or near point 500 500"
  double area_before_m2 = 0;  // as delivered: the sum of the parts' ring areas
  double area_after_m2 = 0;
};

// What was repaired or skipped while reading, so the caller can log it and tests can check it.
struct ReadReport {
  long long read = 0;
  long long repaired_invalid = 0;
  std::vector<GeometryRepair> repairs;  // one per repaired feature, in reading order
  long long skipped_empty = 0;
  std::vector<long long> skipped_ids;  // first few, for the log
};

// Features of one layer in the target CRS with their mapped attributes as text.
struct FeatureTable {
  std::string path;
  std::string layer;
  std::vector<long long> fid;
  std::vector<std::unique_ptr<OGRGeometry>> geometry;
  std::map<std::string, std::vector<std::optional<std::string>>> columns;
  ReadReport report;

  std::size_t size() const { return fid.size(); }
  const std::optional<std::string>& get(const std::string& logical, std::size_t i) const;
  bool has(const std::string& logical) const { return columns.count(logical) != 0; }
};

struct ReadOptions {
  GeometryFamily family = GeometryFamily::Any;
  std::vector<std::string> required;  // logical names that must be mapped to an existing field
  bool attributes_only = false;       // a table: geometry ignored, none required
  bool log_repairs = true;            // false: the caller logs the repairs with its own names
  bool allow_empty = false;           // true: a layer without (usable) features is no error
};

// Reads a layer, reprojecting to `target`. Mapped fields that are not layer fields are looked
// up in OSM's "other_tags" when the layer has one (GDAL's OSM driver keeps most tags there).
// Errors (InputError): missing file, layer, field; no CRS; a geometry of the wrong family.
// Repairs (in the report and logged): invalid polygons made valid, empty skipped. A polygon whose
// repair is no polygon at all (collapsed to a line, a point or nothing) is an InputError.
FeatureTable read_layer(const LayerSpec& spec, const OGRSpatialReference& target,
                        const ReadOptions& options);

// Parses GDAL's OSM "other_tags" hstore text ("a"=>"1","b"=>"x y") into key/value pairs.
std::map<std::string, std::string> parse_hstore(const std::string& text);

std::string family_name(GeometryFamily f);

// "invalid polygon (REASON), repaired: area A km² -> B km²", the text both loggers use.
std::string describe(const GeometryRepair& r);

}  // namespace ogan::gis
