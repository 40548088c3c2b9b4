// Writes the single GeoPackage. The file is built as PATH.tmp and renamed at the end, so an
// interrupted run never leaves something that looks like a finished oku.gpkg.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "baturaja.hpp"

namespace gen {
namespace {

struct Out {
  GDALDataset* ds;
  OGRSpatialReference srs;
  OGRLayer* layer(const char* name, OGRwkbGeometryType t) {
    const char* opts[] = {"FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES", nullptr};
    OGRLayer* l = ds->CreateLayer(name, t == wkbNone ? nullptr : &srs, t, const_cast<char**>(opts));
    if (!l) throw std::runtime_error(fmt::format("cannot create layer {}", name));
    return l;
  }
};

void field(OGRLayer* l, const char* name, OGRFieldType t, bool nullable = true) {
  OGRFieldDefn fd(name, t);
  fd.SetNullable(nullable);
  if (l->CreateField(&fd) != OGRERR_NONE)
    throw std::runtime_error(fmt::format("cannot create field {}", name));
}

void begin_tx(OGRLayer* l) {
  if (l->StartTransaction() != OGRERR_NONE) throw std::runtime_error("StartTransaction failed");
}
void commit_tx(OGRLayer* l) {
  if (l->CommitTransaction() != OGRERR_NONE) throw std::runtime_error("CommitTransaction failed");
}

void add(OGRLayer* l, OGRFeature& f) {
  if (l->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("CreateFeature failed");
}

template <class T>
void set_opt(OGRFeature& f, const char* name, const std::optional<T>& v) {
  if (!v) {
    f.SetFieldNull(f.GetFieldIndex(name));
  } else if constexpr (std::is_same_v<T, std::string>) {
    f.SetField(name, v->c_str());
  } else {
    f.SetField(name, *v);
  }
}

}  // namespace

std::unique_ptr<OGRGeometry> from_wkb(const std::string& wkb) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE)
    throw std::runtime_error("bad WKB");
  return std::unique_ptr<OGRGeometry>(g);
}

void write_gpkg(const std::string& path, const Facts& f, const Tiling& t,
                const std::vector<Road>& roads, const std::vector<Facility>& fac,
                const std::vector<FloodZone>& flood) {
  namespace fs = std::filesystem;
  const std::string tmp = path + ".tmp";
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
  fs::remove(path);
  fs::remove(tmp);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  CPLPushErrorHandler(CPLQuietErrorHandler);  // GDAL warns that ".tmp" is not ".gpkg"; intended
  std::unique_ptr<GDALDataset> ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  CPLPopErrorHandler();
  if (!ds) throw std::runtime_error(fmt::format("cannot create {}", tmp));
  Out o;
  o.ds = ds.get();
  o.srs.importFromEPSG(32748);
  o.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  {
    OGRLayer* l = o.layer("zones", wkbMultiPolygon);
    for (auto [n, ty] : {std::pair{"code", OFTString},
                         {"name", OFTString},
                         {"level", OFTString},
                         {"kecamatan_code", OFTString},
                         {"kecamatan", OFTString},
                         {"area_km2", OFTReal},
                         {"model_area_km2", OFTReal},
                         {"centroid_x", OFTReal},
                         {"centroid_y", OFTReal},
                         {"pop_weight", OFTReal}})
      field(l, n, ty, false);
    begin_tx(l);
    for (std::size_t i = 0; i < f.zones.size(); ++i) {
      const Zone& z = f.zones[i];
      OGRFeature ft(l->GetLayerDefn());
      ft.SetField("code", z.code.c_str());
      ft.SetField("name", z.name.c_str());
      ft.SetField("level", z.level.c_str());
      ft.SetField("kecamatan_code", z.kec_code.c_str());
      ft.SetField("kecamatan", z.kec_name.c_str());
      ft.SetField("area_km2", z.area_km2);
      ft.SetField("model_area_km2", z.model_area_km2);
      ft.SetField("centroid_x", z.c.x);
      ft.SetField("centroid_y", z.c.y);
      ft.SetField("pop_weight", z.pop_weight);
      ft.SetGeometryDirectly(from_wkb(t.zone_wkb[i]).release());
      add(l, ft);
    }
    commit_tx(l);
  }
  std::unique_ptr<OGRGeometry> regency;
  {
    OGRLayer* l = o.layer("kecamatan", wkbMultiPolygon);
    for (auto [n, ty] : {std::pair{"code", OFTString},
                         {"name", OFTString},
                         {"area_km2", OFTReal},
                         {"model_area_km2", OFTReal}})
      field(l, n, ty, false);
    begin_tx(l);
    for (std::size_t k = 0; k < f.kec.size(); ++k) {
      OGRFeature ft(l->GetLayerDefn());
      ft.SetField("code", f.kec[k].code.c_str());
      ft.SetField("name", f.kec[k].name.c_str());
      ft.SetField("area_km2", f.kec[k].area_km2);
      ft.SetField("model_area_km2", f.kec[k].model_area_km2);
      ft.SetGeometryDirectly(from_wkb(t.kec_wkb[k]).release());
      add(l, ft);
    }
    commit_tx(l);
  }
  {
    // The regency outline: union of the desa with the slivers between them filled.
    OGRLayer* l = o.layer("regency", wkbMultiPolygon);
    for (auto [n, ty] : {std::pair{"code", OFTString}, {"name", OFTString}, {"area_km2", OFTReal}})
      field(l, n, ty, false);
    begin_tx(l);
    regency = from_wkb(t.outline_wkb);
    OGRFeature ft(l->GetLayerDefn());
    ft.SetField("code", "16.01");
    ft.SetField("name", "Kabupaten Ogan Komering Ulu");
    ft.SetField("area_km2", regency->toMultiPolygon()->get_Area() / 1e6);
    ft.SetGeometry(regency.get());
    add(l, ft);
    commit_tx(l);
  }
  {
    // A point at the zone-area-weighted centre of the kecamatan, so the table can be mapped.
    OGRLayer* l = o.layer("kecamatan_population", wkbPoint);
    for (auto [n, ty] : {std::pair{"code", OFTString},
                         {"name", OFTString},
                         {"pop_male", OFTInteger},
                         {"pop_female", OFTInteger},
                         {"pop_total", OFTInteger},
                         {"census_2010", OFTInteger},
                         {"census_2015", OFTInteger},
                         {"area_km2", OFTReal}})
      field(l, n, ty, std::string(n).rfind("census", 0) == 0);
    begin_tx(l);
    for (const Kecamatan& k : f.kec) {
      OGRFeature ft(l->GetLayerDefn());
      ft.SetField("code", k.code.c_str());
      ft.SetField("name", k.name.c_str());
      ft.SetField("pop_male", static_cast<int>(k.male));
      ft.SetField("pop_female", static_cast<int>(k.female));
      ft.SetField("pop_total", static_cast<int>(k.total));
      std::optional<int> c10, c15;
      if (k.census_2010) c10 = static_cast<int>(*k.census_2010);
      if (k.census_2015) c15 = static_cast<int>(*k.census_2015);
      set_opt(ft, "census_2010", c10);
      set_opt(ft, "census_2015", c15);
      ft.SetField("area_km2", k.area_km2);
      ft.SetGeometryDirectly(new OGRPoint(k.weighted_centre.x, k.weighted_centre.y));
      add(l, ft);
    }
    commit_tx(l);
  }
  {
    OGRLayer* l = o.layer("river", wkbMultiLineString);
    field(l, "name", OFTString, false);
    field(l, "note", OFTString);
    OGRLineString ls;
    for (Pt p : river_utm()) ls.addPoint(p.x, p.y);
    std::unique_ptr<OGRGeometry> clipped(ls.Intersection(regency.get()));
    auto mls = std::make_unique<OGRMultiLineString>();
    if (clipped && wkbFlatten(clipped->getGeometryType()) == wkbLineString) {
      mls->addGeometry(clipped.get());
    } else if (clipped) {
      for (const OGRGeometry* part : *clipped->toGeometryCollection())
        if (wkbFlatten(part->getGeometryType()) == wkbLineString) mls->addGeometry(part);
    }
    OGRFeature ft(l->GetLayerDefn());
    ft.SetField("name", "Sungai Ogan");
    ft.SetField("note",
                "APPROXIMATE course, hand-placed (no river geometry in the facts): upstream from "
                "Ulu Ogan/Muara Jaya "
                "(SW) to Baturaja, south to north between the Baturaja Barat (W) and Baturaja "
                "Timur (E) centroids, "
                "east between Tanjung Kemala and Sekarjaya, then north through Lubuk Batang and "
                "Peninjauan");
    ft.SetGeometryDirectly(mls.release());
    add(l, ft);
  }
  {
    OGRLayer* l = o.layer("roads", wkbLineString);
    field(l, "highway", OFTString, false);
    field(l, "name", OFTString);
    field(l, "ref", OFTString);
    field(l, "oneway", OFTString, false);
    field(l, "lanes", OFTInteger, false);
    field(l, "divided", OFTString, false);
    field(l, "maxspeed", OFTInteger);
    field(l, "bridge", OFTString, false);
    field(l, "bridge_name", OFTString);
    field(l, "lane_width_m", OFTReal);
    field(l, "side_friction", OFTString);
    field(l, "environment", OFTString, false);
    begin_tx(l);
    for (const Road& r : roads) {
      OGRFeature ft(l->GetLayerDefn());
      ft.SetField("highway", r.a.highway.c_str());
      set_opt(ft, "name", r.a.name);
      set_opt(ft, "ref", r.a.ref);
      ft.SetField("oneway", r.a.oneway.c_str());
      ft.SetField("lanes", r.a.lanes);
      ft.SetField("divided", r.a.divided ? "yes" : "no");
      set_opt(ft, "maxspeed", r.a.maxspeed);
      ft.SetField("bridge", r.a.bridge ? "yes" : "no");
      set_opt(ft, "bridge_name", r.a.bridge_name);
      set_opt(ft, "lane_width_m", r.a.lane_width);
      set_opt(ft, "side_friction", r.a.side_friction);
      ft.SetField("environment", r.a.environment.c_str());
      auto* ls = new OGRLineString;
      for (Pt p : r.pts) ls->addPoint(p.x, p.y);
      ft.SetGeometryDirectly(ls);
      add(l, ft);
    }
    commit_tx(l);
  }
  {
    OGRLayer* l = o.layer("facilities", wkbPoint);
    for (auto [n, ty, nul] : {std::tuple{"name", OFTString, false},
                              {"type", OFTString, false},
                              {"subtype", OFTString, true},
                              {"capacity", OFTInteger, true},
                              {"placement", OFTString, false},
                              {"source", OFTString, false},
                              {"reliability", OFTString, false}})
      field(l, n, ty, nul);
    begin_tx(l);
    for (const Facility& x : fac) {
      OGRFeature ft(l->GetLayerDefn());
      ft.SetField("name", x.name.c_str());
      ft.SetField("type", x.type.c_str());
      set_opt(ft, "subtype", x.subtype);
      set_opt(ft, "capacity", x.capacity);
      ft.SetField("placement", x.placement.c_str());
      ft.SetField("source", x.source.c_str());
      ft.SetField("reliability", x.reliability.c_str());
      ft.SetGeometryDirectly(new OGRPoint(x.p.x, x.p.y));
      add(l, ft);
    }
    commit_tx(l);
  }
  {
    OGRLayer* l = o.layer("flood_prone", wkbMultiPolygon);
    for (auto [n, nul] : {std::pair{"code", false},
                          {"name", false},
                          {"event", false},
                          {"source", false},
                          {"note", true}})
      field(l, n, OFTString, nul);
    begin_tx(l);
    for (const FloodZone& fz : flood) {
      const Zone& z = f.zones[static_cast<std::size_t>(fz.zone)];
      OGRFeature ft(l->GetLayerDefn());
      ft.SetField("code", z.code.c_str());
      ft.SetField("name", z.name.c_str());
      ft.SetField("event", "2024-05-07");
      ft.SetField(
          "source",
          "FACTS.md 9: harianokuselatan.bacakoran.co/read/1617; radartv.disway.id/read/20573; "
          "radarlamsel.disway.id/read/30929 (rel. B)");
      if (fz.note.empty())
        ft.SetFieldNull(ft.GetFieldIndex("note"));
      else
        ft.SetField("note", fz.note.c_str());
      ft.SetGeometryDirectly(from_wkb(fz.wkb).release());
      add(l, ft);
    }
    commit_tx(l);
  }
  ds.reset();  // flush and close before the rename
  fs::rename(tmp, path);
}

}  // namespace gen
