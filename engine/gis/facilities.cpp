#include "engine/gis/facilities.hpp"

#include <ogr_api.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "engine/gis/crs.hpp"
#include "engine/gis/dataset.hpp"
#include "engine/gis/feature_table.hpp"

namespace ogan::gis {

namespace {
std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
bool starts_with_word(const std::string& s, const std::string& w) {
  return s.rfind(w, 0) == 0 && (s.size() == w.size() || s[w.size()] == ' ');
}

std::string school_level(const std::string& name) {
  const auto n = upper(name);
  if (starts_with_word(n, "SD") || starts_with_word(n, "SDN") || starts_with_word(n, "MI") ||
      n.find("SEKOLAH DASAR") != std::string::npos) {
    return "school_primary";
  }
  if (starts_with_word(n, "SMP") || starts_with_word(n, "SMPN") || starts_with_word(n, "MTS")) {
    return "school_junior";
  }
  if (starts_with_word(n, "SMA") || starts_with_word(n, "SMAN") || starts_with_word(n, "SMK") ||
      starts_with_word(n, "SMKN") || starts_with_word(n, "MA")) {
    return "school_senior";
  }
  return "school";
}
}  // namespace

const std::vector<std::string>& known_facility_types() {
  static const std::vector<std::string> kTypes = {"bank",
                                                  "bus_terminal",
                                                  "civil_registry",
                                                  "clinic",
                                                  "employer",
                                                  "fuel",
                                                  "government_office",
                                                  "hospital",
                                                  "market",
                                                  "pharmacy",
                                                  "place_of_worship",
                                                  "public_service_mall",
                                                  "puskesmas",
                                                  "samsat",
                                                  "school",
                                                  "school_junior",
                                                  "school_preschool",
                                                  "school_primary",
                                                  "school_senior",
                                                  "shop",
                                                  "shopping",
                                                  "university"};
  return kTypes;
}

std::string facility_type_from_osm(const std::string& amenity, const std::string& shop,
                                   const std::string& office, const std::string& name) {
  static const std::map<std::string, std::string> kAmenity = {
      {"hospital", "hospital"},
      {"clinic", "puskesmas"},
      {"doctors", "clinic"},
      {"school", "school"},
      {"kindergarten", "school_preschool"},
      {"university", "university"},
      {"college", "university"},
      {"marketplace", "market"},
      {"bus_station", "bus_terminal"},
      {"townhall", "government_office"},
      {"police", "government_office"},
      {"post_office", "government_office"},
      {"courthouse", "government_office"},
      {"bank", "bank"},
      {"place_of_worship", "place_of_worship"},
      {"pharmacy", "pharmacy"},
      {"fuel", "fuel"},
  };
  if (!amenity.empty()) {
    auto it = kAmenity.find(amenity);
    if (it == kAmenity.end()) return "";
    if (it->second == "school") return school_level(name);
    if (it->second == "puskesmas" && upper(name).find("PUSKESMAS") == std::string::npos) {
      return "clinic";
    }
    return it->second;
  }
  if (!office.empty()) return office == "government" ? "government_office" : "employer";
  if (!shop.empty()) return shop == "mall" || shop == "supermarket" ? "shopping" : "shop";
  return "";
}

std::vector<Facility> read_osm_facilities(const std::string& path,
                                          const OGRSpatialReference& target) {
  auto ds = open_vector(path);
  std::vector<std::string> layers;
  for (const auto& name : layer_names(*ds)) {
    OGRLayer* l = ds->GetLayerByName(name.c_str());
    const auto t = wkbFlatten(l->GetGeomType());
    if (t == wkbPoint || t == wkbMultiPoint || t == wkbPolygon || t == wkbMultiPolygon ||
        t == wkbUnknown) {
      layers.push_back(name);
    }
  }
  ds.reset();
  std::vector<Facility> out;
  for (const auto& layer : layers) {
    LayerSpec spec{.path = path,
                   .layer = layer,
                   .fields = {{"name", "name"},
                              {"amenity", "amenity"},
                              {"shop", "shop"},
                              {"office", "office"}},
                   .assume_crs = "EPSG:4326",
                   .defaulted = {"name", "amenity", "shop", "office"}};
    FeatureTable t = read_layer(
        spec, target, {.family = GeometryFamily::Any, .required = {}, .allow_empty = true});
    for (std::size_t i = 0; i < t.size(); ++i) {
      const auto flat = wkbFlatten(t.geometry[i]->getGeometryType());
      if (flat != wkbPoint && flat != wkbPolygon && flat != wkbMultiPolygon &&
          flat != wkbMultiPoint) {
        continue;
      }
      const std::string amenity = t.get("amenity", i).value_or("");
      const std::string shop = t.get("shop", i).value_or("");
      const std::string office = t.get("office", i).value_or("");
      const std::string name = t.get("name", i).value_or("");
      const std::string type = facility_type_from_osm(amenity, shop, office, name);
      if (type.empty()) continue;
      OGRPoint p;
      if (flat == wkbPoint) {
        p = *t.geometry[i]->toPoint();
      } else {
        OGRGeometryH on = OGR_G_PointOnSurface(OGRGeometry::ToHandle(t.geometry[i].get()));
        if (on == nullptr) continue;
        p = *OGRGeometry::FromHandle(on)->toPoint();
        OGR_G_DestroyGeometry(on);
      }
      std::string subtype = !amenity.empty()  ? "amenity=" + amenity
                            : !office.empty() ? "office=" + office
                                              : "shop=" + shop;
      out.push_back({name, type, subtype, p.getX(), p.getY(), t.fid[i]});
    }
  }
  return out;
}

}  // namespace ogan::gis
