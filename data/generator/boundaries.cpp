// The official desa/kelurahan polygons (data/boundaries/, Kepmendagri 2025) as the zones. Each
// polygon is matched to its row of desa_kelurahan.csv by code (one to one, or the run fails);
// invalid polygons are made valid (GEOS, "linework": a shell nested in another becomes a hole)
// and every repair is reported on stderr. The kecamatan are the dissolve of their desa, so their
// edges match exactly. A 50 m raster of zone indices (by cell centre) answers "which zone" fast;
// cells that a polygon edge passes through are marked and answered by an exact test instead.
#include <fmt/format.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>

#include "baturaja.hpp"

namespace gen {
namespace {

constexpr double kCell = 50.0;
constexpr double kMargin = 2000.0;

std::string g_last_message;
void CPL_STDCALL keep_message(CPLErr, CPLErrorNum, const char* msg) {
  g_last_message = msg != nullptr ? msg : "";
}

double area_of(const OGRGeometry& g) {
  return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
}

// Polygons only, as one MultiPolygon; null when there are none.
std::unique_ptr<OGRMultiPolygon> as_multipolygon(const OGRGeometry& g) {
  auto out = std::make_unique<OGRMultiPolygon>();
  const auto t = wkbFlatten(g.getGeometryType());
  if (t == wkbPolygon) {
    out->addGeometry(&g);
  } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
    for (const OGRGeometry* part : *g.toGeometryCollection())
      if (auto sub = as_multipolygon(*part))
        for (const OGRPolygon* p : *sub) out->addGeometry(p);
  }
  if (out->IsEmpty()) return nullptr;
  return out;
}

// Makes `g` valid in place; returns the report line, or "" when it was valid.
std::string repair(std::unique_ptr<OGRMultiPolygon>& g, const std::string& where) {
  g_last_message.clear();
  CPLPushErrorHandler(keep_message);
  const bool valid = g->IsValid();
  CPLPopErrorHandler();
  if (valid) return "";
  const std::string reason = g_last_message.empty() ? "reason not given" : g_last_message;
  const double before = area_of(*g);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  std::unique_ptr<OGRGeometry> made(g->MakeValid());
  CPLPopErrorHandler();
  auto fixed = made ? as_multipolygon(*made) : nullptr;
  if (!fixed)
    throw InputError(
        fmt::format("{}: invalid polygon ({}) cannot be repaired into a polygon", where, reason));
  g = std::move(fixed);
  return fmt::format("{}: invalid polygon ({}), repaired: area {:.6f} km² -> {:.6f} km²", where,
                     reason, before / 1e6, area_of(*g) / 1e6);
}

// Burns `values[i]` for every geometry i into a raster shaped like the grid.
std::vector<int32_t> burn(const Grid& g, const std::vector<const OGRGeometry*>& geoms,
                          const std::vector<double>& values, bool all_touched) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  std::unique_ptr<GDALDataset> ds(mem->Create("", g.nx, g.ny, 1, GDT_Int32, nullptr));
  double gt[6] = {g.x0, g.cell, 0, g.ytop, 0, -g.cell};
  ds->SetGeoTransform(gt);
  int band = 1;
  std::vector<OGRGeometryH> handles;
  for (const OGRGeometry* x : geoms)
    handles.push_back(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(x)));
  char** opts = all_touched ? CSLSetNameValue(nullptr, "ALL_TOUCHED", "TRUE") : nullptr;
  CPLErr err =
      GDALRasterizeGeometries(ds.get(), 1, &band, static_cast<int>(handles.size()), handles.data(),
                              nullptr, nullptr, values.data(), opts, nullptr, nullptr);
  CSLDestroy(opts);
  if (err != CE_None) throw std::runtime_error("GDALRasterizeGeometries failed");
  std::vector<int32_t> out(static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny));
  if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, g.nx, g.ny, out.data(), g.nx, g.ny, GDT_Int32,
                                     0, 0, nullptr) != CE_None)
    throw std::runtime_error("RasterIO failed");
  return out;
}

Grid::Shape shape_of(const OGRMultiPolygon& mp) {
  Grid::Shape s;
  mp.getEnvelope(&s.env);
  s.strips.resize(static_cast<std::size_t>((s.env.MaxY - s.env.MinY) / s.strip_m) + 1);
  for (const OGRPolygon* p : mp)
    for (const OGRLinearRing* r : *p)
      for (int k = 0; k + 1 < r->getNumPoints(); ++k) {
        Pt a{r->getX(k), r->getY(k)}, b{r->getX(k + 1), r->getY(k + 1)};
        auto lo = static_cast<std::size_t>((std::min(a.y, b.y) - s.env.MinY) / s.strip_m);
        auto hi = static_cast<std::size_t>((std::max(a.y, b.y) - s.env.MinY) / s.strip_m);
        for (std::size_t q = lo; q <= hi && q < s.strips.size(); ++q) s.strips[q].push_back({a, b});
      }
  return s;
}

}  // namespace

std::string to_wkb(const OGRGeometry& g) {
  std::string b(static_cast<std::size_t>(g.WkbSize()), '\0');
  g.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(b.data()), wkbVariantIso);
  return b;
}

bool in_town(const Facts& f, const Grid& g, Pt p) {
  int z = g.zone_at(p);
  if (z < 0) return false;
  const std::string& k = f.zones[static_cast<std::size_t>(z)].kec_code;
  return k == "16.01.13" || k == "16.01.14";
}

Tiling load_boundaries(Facts& f, const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "oku_desa_kelurahan.geojson").string();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds || ds->GetLayerCount() != 1)
    throw InputError(fmt::format("{}:0: cannot open the desa/kelurahan boundaries", path));
  OGRLayer* layer = ds->GetLayer(0);
  OGRSpatialReference utm;
  utm.importFromEPSG(32748);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  std::map<std::string, std::size_t> by_code;
  for (std::size_t i = 0; i < f.zones.size(); ++i) by_code[f.zones[i].code] = i;
  std::vector<std::unique_ptr<OGRMultiPolygon>> poly(f.zones.size());
  for (auto& ft : *layer) {
    const std::string where =
        fmt::format("{}: feature {} ({} {})", path, ft->GetFID(), ft->GetFieldAsString("kode"),
                    ft->GetFieldAsString("nama"));
    const std::string code = ft->GetFieldAsString("kode");
    auto it = by_code.find(code);
    if (it == by_code.end())
      throw InputError(fmt::format("{}: code {} is not in desa_kelurahan.csv", where, code));
    Zone& z = f.zones[it->second];
    if (poly[it->second]) throw InputError(fmt::format("{}: duplicate code {}", where, code));
    if (ft->GetFieldAsString("kode_kec") != z.kec_code)
      throw InputError(fmt::format("{}: kode_kec {} but desa_kelurahan.csv says {}", where,
                                   ft->GetFieldAsString("kode_kec"), z.kec_code));
    if (ft->GetFieldAsString("nama") != z.name)
      fmt::print(stderr, "boundaries: {}: name differs from desa_kelurahan.csv '{}'\n", where,
                 z.name);
    OGRGeometry* geom = ft->GetGeometryRef();
    if (geom == nullptr || geom->IsEmpty()) throw InputError(fmt::format("{}: no geometry", where));
    auto mp = as_multipolygon(*geom);
    if (!mp) throw InputError(fmt::format("{}: geometry is not a polygon", where));
    mp->assignSpatialReference(layer->GetSpatialRef());
    if (mp->transformTo(&utm) != OGRERR_NONE)
      throw InputError(fmt::format("{}: cannot be projected to EPSG:32748", where));
    if (std::string r = repair(mp, where); !r.empty()) fmt::print(stderr, "boundaries: {}\n", r);
    poly[it->second] = std::move(mp);
  }
  for (std::size_t i = 0; i < f.zones.size(); ++i)
    if (!poly[i])
      throw InputError(fmt::format("{}: no polygon for {} {} of desa_kelurahan.csv", path,
                                   f.zones[i].code, f.zones[i].name));

  Tiling t;
  Grid& g = t.grid;
  OGREnvelope env;
  for (const auto& p : poly) {
    OGREnvelope e;
    p->getEnvelope(&e);
    env.Merge(e);
  }
  g.cell = kCell;
  g.x0 = std::floor((env.MinX - kMargin) / 1000.0) * 1000.0;
  g.ytop = std::ceil((env.MaxY + kMargin) / 1000.0) * 1000.0;
  g.nx = static_cast<int>(std::ceil((env.MaxX + kMargin - g.x0) / kCell));
  g.ny = static_cast<int>(std::ceil((g.ytop - (env.MinY - kMargin)) / kCell));

  std::vector<const OGRGeometry*> geoms, rings;
  std::vector<double> ids, ones;
  std::vector<std::unique_ptr<OGRGeometry>> boundaries;
  for (std::size_t i = 0; i < poly.size(); ++i) {
    geoms.push_back(poly[i].get());
    ids.push_back(static_cast<double>(i + 1));
    boundaries.emplace_back(poly[i]->Boundary());
    rings.push_back(boundaries.back().get());
    ones.push_back(1.0);
  }
  auto zone = burn(g, geoms, ids, false);
  auto edge = burn(g, rings, ones, true);
  g.zone.resize(zone.size());
  g.edge.resize(zone.size());
  for (std::size_t c = 0; c < zone.size(); ++c) {
    g.zone[c] = static_cast<int16_t>(zone[c] - 1);
    g.edge[c] = static_cast<uint8_t>(edge[c] != 0);
  }
  for (const auto& p : poly) g.shapes.push_back(shape_of(*p));
  {
    // The delivered desa do not quite meet: their union has slivers between neighbours. The
    // regency outline fills them, so that a road across a sliver is not cut.
    OGRMultiPolygon all;
    for (const auto& p : poly)
      for (const OGRPolygon* q : *p) all.addGeometry(q);
    std::unique_ptr<OGRGeometry> u(all.UnionCascaded());
    auto parts = u ? as_multipolygon(*u) : nullptr;
    if (!parts) throw std::runtime_error("union of the desa failed");
    OGRMultiPolygon outline;
    int holes = 0;
    double hole_m2 = 0;
    for (const OGRPolygon* q : *parts) {
      OGRPolygon filled;
      filled.addRingDirectly(q->getExteriorRing()->clone());
      holes += q->getNumInteriorRings();
      hole_m2 += area_of(filled) - area_of(*q);
      outline.addGeometry(&filled);
    }
    fmt::print("zones: regency outline of {} part(s); {} gaps between desa ({:.3f} km2) filled\n",
               outline.getNumGeometries(), holes, hole_m2 / 1e6);
    g.outline = shape_of(outline);
    t.outline_wkb = to_wkb(outline);
  }
  mark_banks(g);

  // Zone centre: the published centroid when it lies in the zone, else the polygon's point on
  // surface (the published points and the official polygons come from different sources).
  int moved = 0;
  for (std::size_t i = 0; i < f.zones.size(); ++i) {
    Zone& z = f.zones[i];
    z.model_area_km2 = area_of(*poly[i]) / 1e6;
    t.total_km2 += z.model_area_km2;
    if (g.zone_at(z.c) != static_cast<int>(i)) {
      OGRGeometryH h = OGR_G_PointOnSurface(OGRGeometry::ToHandle(poly[i].get()));
      if (h == nullptr) throw std::runtime_error(fmt::format("no point on surface for {}", z.name));
      OGRPoint on = *OGRGeometry::FromHandle(h)->toPoint();
      OGR_G_DestroyGeometry(h);
      fmt::print("zones: published centroid of {} {} is outside its polygon, moved {:.0f} m\n",
                 z.code, z.name, dist(z.c, {on.getX(), on.getY()}));
      z.c = {on.getX(), on.getY()};
      ++moved;
    }
    if (in_town(f, g, z.c)) {
      z.bank = g.bank_at(z.c);
      if (z.bank == 0)
        throw std::runtime_error(fmt::format("centre of {} lies on the river", z.name));
    }
    t.zone_wkb.push_back(to_wkb(*poly[i]));
  }

  // How well the modelled river separates the town: share of each town zone on the other bank.
  {
    std::vector<std::array<long, 3>> n(f.zones.size(), {0, 0, 0});
    for (std::size_t c = 0; c < g.zone.size(); ++c)
      if (g.zone[c] >= 0)
        ++n[static_cast<std::size_t>(g.zone[c])][static_cast<std::size_t>(g.bank[c])];
    for (std::size_t i = 0; i < f.zones.size(); ++i) {
      const Zone& z = f.zones[i];
      if (z.bank == 0) continue;
      const double other = static_cast<double>(n[i][static_cast<std::size_t>(3 - z.bank)]);
      const double all = static_cast<double>(n[i][0] + n[i][1] + n[i][2]);
      if (other > 0.02 * all)
        fmt::print("zones: {} {} ({}): {:.0f} % of its area is across the modelled river\n", z.code,
                   z.name, z.kec_name, 100 * other / all);
    }
  }

  // Kecamatan: the union of their desa.
  std::vector<Pt> ksum(f.kec.size(), {0, 0});
  std::vector<double> karea(f.kec.size(), 0);
  for (std::size_t k = 0; k < f.kec.size(); ++k) {
    OGRMultiPolygon all;
    for (int zi : f.kec[k].zones)
      for (const OGRPolygon* p : *poly[static_cast<std::size_t>(zi)]) all.addGeometry(p);
    std::unique_ptr<OGRGeometry> u(all.UnionCascaded());
    auto mp = u ? as_multipolygon(*u) : nullptr;
    if (!mp)
      throw std::runtime_error(fmt::format("dissolve of kecamatan {} failed", f.kec[k].code));
    f.kec[k].model_area_km2 = area_of(*mp) / 1e6;
    OGRGeometryH h = OGR_G_PointOnSurface(OGRGeometry::ToHandle(mp.get()));
    if (h == nullptr) throw std::runtime_error("no point on surface for a kecamatan");
    OGRPoint c = *OGRGeometry::FromHandle(h)->toPoint();
    OGR_G_DestroyGeometry(h);
    f.kec[k].weighted_centre = {c.getX(), c.getY()};
    t.kec_wkb.push_back(to_wkb(*mp));
  }
  choose_centres(f);
  model_population(f, g);
  fmt::print("zones: {} official polygons, {} centres moved into their polygon, total {:.1f} km2\n",
             f.zones.size(), moved, t.total_km2);
  return t;
}

// Known centres: Tanjung Lengkayap for Lengkiti (FACTS.md 1); Batu Kuning (Jalinsum, Pasar Induk,
// terminal) for Baturaja Barat; Baturaja Lama (RSUD, Pasar Atas) for Baturaja Timur; Lubuk Batang
// Lama and Kedaton as the namesake desa. Otherwise a kelurahan, a namesake desa, or the desa
// nearest the area-weighted centre.
void choose_centres(Facts& f) {
  auto norm = [](std::string s) {
    std::string o;
    for (char ch : s)
      if (ch != ' ') o += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return o;
  };
  const std::pair<const char*, const char*> fixed[] = {{"16.01.28", "tanjunglengkayap"},
                                                       {"16.01.13", "batukuning"},
                                                       {"16.01.14", "baturajalama"},
                                                       {"16.01.22", "lubukbatanglama"},
                                                       {"16.01.32", "kedaton"}};
  for (Kecamatan& k : f.kec) {
    for (auto [code, name] : fixed)
      if (k.code == code)
        for (int zi : k.zones)
          if (norm(f.zones[static_cast<std::size_t>(zi)].name) == name) k.centre_zone = zi;
    if (k.centre_zone < 0)
      for (int zi : k.zones)
        if (norm(f.zones[static_cast<std::size_t>(zi)].name) == norm(k.name)) k.centre_zone = zi;
    if (k.centre_zone < 0) {
      Pt m{0, 0};
      double a = 0;
      for (int zi : k.zones) {
        const Zone& z = f.zones[static_cast<std::size_t>(zi)];
        m = m + z.c * z.area_km2;
        a += z.area_km2;
      }
      m = m * (1.0 / a);
      double best = 1e300;
      for (int zi : k.zones)
        if (double d = dist(m, f.zones[static_cast<std::size_t>(zi)].c); d < best) {
          best = d;
          k.centre_zone = zi;
        }
    }
  }
}

bool Grid::in_regency(Pt p) const {
  int c, r;
  if (!cell_of(p, c, r)) return false;
  const std::size_t i = idx(c, r);
  if (!edge[i] && zone[i] >= 0) return true;
  return inside(outline, p);
}

bool Grid::inside_shape(std::size_t z, Pt p) const {
  return inside(shapes[z], p);
}

bool Grid::inside(const Shape& s, Pt p) {
  if (p.x < s.env.MinX || p.x > s.env.MaxX || p.y < s.env.MinY || p.y > s.env.MaxY) return false;
  bool in = false;  // even-odd over all rings: holes come out right
  const auto q = static_cast<std::size_t>((p.y - s.env.MinY) / s.strip_m);
  if (q >= s.strips.size()) return false;
  for (const auto& [a, b] : s.strips[q])
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  return in;
}

}  // namespace gen
