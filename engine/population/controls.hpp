#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/gis/feature_table.hpp"
#include "engine/gis/raster.hpp"
#include "engine/gis/zones.hpp"

namespace ogan::pop {

// Population totals by sex for a set of units (kecamatan, or zones themselves).
struct Controls {
  std::vector<std::string> id;
  std::vector<std::int64_t> male;
  std::vector<std::int64_t> female;
  std::vector<std::optional<double>> census_2015;  // for growth to a target year; may be unknown
  std::string source;                              // file and layer, for messages
};

// Logical fields: id (default "code"), male ("pop_male"), female ("pop_female").
Controls read_controls(const gis::LayerSpec& spec);

enum class Disaggregation { Area, AreaLevel, Field, Raster };

struct DisaggregationOptions {
  Disaggregation method = Disaggregation::AreaLevel;
  std::map<std::string, double> level_weights = {{"kelurahan", 8.0}, {"desa", 1.0}};
  std::vector<double> field_weight;     // per zone, for Field
  const gis::Raster* raster = nullptr;  // density raster, for Raster (summed inside each zone)
};

struct ZoneTotals {
  std::vector<std::int64_t> male;
  std::vector<std::int64_t> female;
};

// Splits each control unit's totals over its zones in proportion to the zones' weights, as
// integers that add up to the controls exactly. Controls match zones by zone id (zone-level
// controls) or else by the zone's parent key. InputError: a zone with no control, a control with
// no zones, or a unit whose zones all have zero weight.
ZoneTotals disaggregate(const Controls& controls, const gis::Zones& zones,
                        const DisaggregationOptions& options);

}  // namespace ogan::pop
