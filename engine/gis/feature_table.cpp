#include "engine/gis/feature_table.hpp"

#include <cpl_error.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ogr_api.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/gis/dataset.hpp"

namespace ogan::gis {

namespace {

// GDAL reports GEOS's validity reason only as a CPL warning; catch it instead of printing it.
thread_local std::string t_last_geos_message;
void CPL_STDCALL keep_message(CPLErr, CPLErrorNum, const char* msg) {
  t_last_geos_message = msg != nullptr ? msg : "";
}

double polygonal_area(const OGRGeometry& g) {
  return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
}

// The polygons of a make-valid result (which may be a collection with lines or points), or null.
std::unique_ptr<OGRGeometry> polygonal_part(std::unique_ptr<OGRGeometry> g) {
  if (!g || g->IsEmpty()) return nullptr;
  const auto flat = wkbFlatten(g->getGeometryType());
  if (flat == wkbPolygon || flat == wkbMultiPolygon) return g;
  if (flat != wkbGeometryCollection) return nullptr;
  auto out = std::make_unique<OGRMultiPolygon>();
  for (const auto* part : *g->toGeometryCollection()) {
    const auto pf = wkbFlatten(part->getGeometryType());
    if (pf == wkbPolygon) {
      out->addGeometry(part);
    } else if (pf == wkbMultiPolygon) {
      for (const auto* p : *part->toMultiPolygon()) out->addGeometry(p);
    }
  }
  if (out->IsEmpty()) return nullptr;
  return out;
}

// Valid polygons pass untouched; invalid ones are made valid and described in `repair`.
bool repair_polygon(std::unique_ptr<OGRGeometry>& g, const Where& where, GeometryRepair& repair) {
  t_last_geos_message.clear();
  CPLPushErrorHandler(keep_message);
  const bool valid = g->IsValid();
  CPLPopErrorHandler();
  if (valid) return false;
  repair.fid = where.feature;
  repair.reason = t_last_geos_message.empty() ? "reason not given" : t_last_geos_message;
  repair.area_before_m2 = polygonal_area(*g);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  std::unique_ptr<OGRGeometry> made(g->MakeValid());
  CPLPopErrorHandler();
  const std::string made_type = made ? OGRGeometryTypeToName(made->getGeometryType()) : "nothing";
  const bool was_empty = !made || made->IsEmpty();
  auto fixed = polygonal_part(std::move(made));
  if (!fixed) {
    throw_input(where, fmt::format("invalid polygon ({}) cannot be repaired into a polygon: "
                                   "make-valid gives {}",
                                   repair.reason, was_empty ? "an empty geometry" : made_type));
  }
  repair.area_after_m2 = polygonal_area(*fixed);
  g = std::move(fixed);
  return true;
}

bool family_matches(GeometryFamily f, OGRwkbGeometryType t) {
  const auto flat = wkbFlatten(t);
  switch (f) {
    case GeometryFamily::Point:
      return flat == wkbPoint || flat == wkbMultiPoint;
    case GeometryFamily::Line:
      return flat == wkbLineString || flat == wkbMultiLineString;
    case GeometryFamily::Polygon:
      return flat == wkbPolygon || flat == wkbMultiPolygon;
    case GeometryFamily::Any:
      return true;
  }
  return false;
}

OGRLayer& pick_layer(GDALDataset& ds, const LayerSpec& spec) {
  if (!spec.layer.empty()) return get_layer(ds, spec.path, spec.layer);
  if (ds.GetLayerCount() == 1) return *ds.GetLayer(0);
  throw_input({.file = spec.path},
              fmt::format("the dataset has {} layers; say which one to use (layers: {})",
                          ds.GetLayerCount(), fmt::join(layer_names(ds), ", ")));
}

}  // namespace

std::string family_name(GeometryFamily f) {
  switch (f) {
    case GeometryFamily::Point:
      return "point";
    case GeometryFamily::Line:
      return "line";
    case GeometryFamily::Polygon:
      return "polygon";
    case GeometryFamily::Any:
      return "any";
  }
  return "?";
}

const std::optional<std::string>& FeatureTable::get(const std::string& logical,
                                                    std::size_t i) const {
  static const std::optional<std::string> kNone;
  auto it = columns.find(logical);
  return it == columns.end() ? kNone : it->second[i];
}

std::map<std::string, std::string> parse_hstore(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  auto read_quoted = [&](std::string& dst) -> bool {
    while (i < text.size() && text[i] != '"') ++i;
    if (i >= text.size()) return false;
    ++i;
    dst.clear();
    while (i < text.size() && text[i] != '"') {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      dst += text[i++];
    }
    if (i >= text.size()) return false;
    ++i;
    return true;
  };
  std::string key;
  std::string value;
  while (i < text.size()) {
    if (!read_quoted(key)) break;
    const auto arrow = text.find("=>", i);
    if (arrow == std::string::npos) break;
    i = arrow + 2;
    if (!read_quoted(value)) break;
    out[key] = value;
  }
  return out;
}

FeatureTable read_layer(const LayerSpec& spec, const OGRSpatialReference& target,
                        const ReadOptions& options) {
  auto ds = open_vector(spec.path);
  OGRLayer& layer = pick_layer(*ds, spec);
  const std::string layer_name = layer.GetName();
  const Where where{.file = spec.path, .layer = layer_name};

  const OGRSpatialReference* src = layer.GetSpatialRef();
  OGRSpatialReference assumed;
  if (options.attributes_only) src = &target;
  if (src == nullptr) {
    if (spec.assume_crs.empty()) {
      throw_input(where, "the layer has no CRS; set one on the file or give assume_crs");
    }
    assumed = parse_crs(spec.assume_crs, "assume_crs");
    src = &assumed;
  }
  // A table needs no transformation (and `target` may be empty then).
  std::optional<Reprojector> reproject;
  if (!options.attributes_only) {
    try {
      reproject.emplace(*src, target);
    } catch (const InternalError&) {
      const char* name = src->GetName();
      throw_input(where, fmt::format("its CRS ({}) cannot be transformed into the run's CRS; set "
                                     "the layer's true CRS or give assume_crs",
                                     name != nullptr ? name : "unnamed"));
    }
  }

  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const int other_tags = defn->GetFieldIndex("other_tags");
  struct Source {
    std::string logical;
    int index;  // -1: look up the tag in other_tags
    std::string name;
  };
  std::vector<Source> sources;
  for (const auto& [logical, field] : spec.fields) {
    const int idx = defn->GetFieldIndex(field.c_str());
    if (idx < 0 && other_tags < 0) {
      if (spec.defaulted.count(logical)) continue;
      const bool required = std::find(options.required.begin(), options.required.end(), logical) !=
                            options.required.end();
      if (required) require_field(layer, spec.path, field);
      // An optional mapping to an absent field is an error too: a typo would silently fall
      // back to defaults, which is worse than stopping.
      throw_input(where, fmt::format("field '{}' (mapped as '{}') does not exist; fields in the "
                                     "layer: {}",
                                     field, logical, fmt::join(field_names(layer), ", ")));
    }
    sources.push_back({logical, idx, field});
  }
  for (const auto& req : options.required) {
    if (!spec.fields.count(req)) {
      throw InternalError(
          fmt::format("read_layer: required logical field '{}' is not mapped", req));
    }
  }

  FeatureTable table;
  table.path = spec.path;
  table.layer = layer_name;
  for (const auto& s : sources) table.columns[s.logical];

  layer.ResetReading();
  // A read error ends GDAL's feature loop exactly as the end of the layer does; only the error
  // state tells them apart. A damaged layer must stop the run, never load as fewer features.
  long long last_fid = -1;
  for (;;) {
    CPLErrorReset();
    OGRFeatureUniquePtr feature(layer.GetNextFeature());
    if (CPLGetLastErrorType() >= CE_Failure) {
      throw_input(where, fmt::format("GDAL cannot read the layer {} (the file is damaged?): {}",
                                     last_fid < 0 ? std::string("from its first feature")
                                                  : fmt::format("after feature {}", last_fid),
                                     CPLGetLastErrorMsg()));
    }
    if (!feature) break;
    const long long fid = feature->GetFID();
    last_fid = fid;
    ++table.report.read;
    OGRGeometry* geom = feature->GetGeometryRef();
    if (options.attributes_only) {
      geom = nullptr;
    } else if (geom == nullptr || geom->IsEmpty()) {
      ++table.report.skipped_empty;
      if (table.report.skipped_ids.size() < 10) table.report.skipped_ids.push_back(fid);
      continue;
    }
    if (geom != nullptr && !family_matches(options.family, geom->getGeometryType())) {
      throw_input(
          {.file = spec.path, .layer = layer_name, .feature = fid},
          fmt::format("geometry is a {}, expected a {}",
                      OGRGeometryTypeToName(geom->getGeometryType()), family_name(options.family)));
    }
    std::unique_ptr<OGRGeometry> owned(geom ? feature->StealGeometry() : nullptr);
    if (owned && !reproject->apply(*owned)) {
      throw_input({.file = spec.path, .layer = layer_name, .feature = fid},
                  "geometry cannot be transformed into the target CRS (coordinates outside "
                  "the CRS's area or the layer's CRS is wrong)");
    }
    GeometryRepair repair;
    if (owned && options.family == GeometryFamily::Polygon &&
        repair_polygon(owned, {.file = spec.path, .layer = layer_name, .feature = fid}, repair)) {
      ++table.report.repaired_invalid;
      if (options.log_repairs) {
        spdlog::warn("{}: {}", Where{spec.path, layer_name, fid, ""}.str(), describe(repair));
      }
      table.report.repairs.push_back(std::move(repair));
    }
    std::map<std::string, std::string> tags;
    if (other_tags >= 0 && feature->IsFieldSetAndNotNull(other_tags)) {
      tags = parse_hstore(feature->GetFieldAsString(other_tags));
    }
    for (const auto& s : sources) {
      std::optional<std::string> value;
      if (s.index >= 0) {
        if (feature->IsFieldSetAndNotNull(s.index)) value = feature->GetFieldAsString(s.index);
      } else if (auto it = tags.find(s.name); it != tags.end()) {
        value = it->second;
      }
      table.columns[s.logical].push_back(std::move(value));
    }
    table.fid.push_back(fid);
    table.geometry.push_back(std::move(owned));
  }
  // The count a driver keeps apart from the features (a GeoPackage's gpkg_ogr_contents) catches
  // a damaged page that reads as a clean end of the table.
  if (layer.TestCapability(OLCFastFeatureCount)) {
    CPLErrorReset();
    const GIntBig expected = layer.GetFeatureCount(FALSE);
    if (expected >= 0 && expected != table.report.read) {
      const std::string why =
          CPLGetLastErrorType() >= CE_Failure ? std::string(": ") + CPLGetLastErrorMsg() : "";
      throw_input(where, fmt::format("the layer says it holds {} features but {} could be read "
                                     "(the file is damaged?){}",
                                     expected, table.report.read, why));
    }
  }
  // An empty roads or zones layer would otherwise surface much later as a puzzle about what it
  // left out (an empty network, a control unit without zones).
  if (table.size() == 0 && !options.allow_empty) {
    throw_input(where,
                table.report.read == 0
                    ? std::string("the layer holds no features")
                    : fmt::format("none of its {} features has a geometry", table.report.read));
  }
  if (table.report.skipped_empty > 0) {
    spdlog::warn("{}: skipped {} feature(s) with empty or missing geometry (ids {}{})", where.str(),
                 table.report.skipped_empty, fmt::join(table.report.skipped_ids, ", "),
                 table.report.skipped_empty > 10 ? ", ..." : "");
  }
  return table;
}

std::string describe(const GeometryRepair& r) {
  return fmt::format("invalid polygon ({}), repaired: area {:.6f} km² -> {:.6f} km²", r.reason,
                     r.area_before_m2 / 1e6, r.area_after_m2 / 1e6);
}

}  // namespace ogan::gis
