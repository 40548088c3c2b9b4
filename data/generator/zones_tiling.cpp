// Desa/kelurahan polygons. No boundaries are among the facts, only centroids and areas. The method,
// on a 50 m raster:
//  1. the regency outline is the set of cells within S * sqrt(A_i / pi) of some centroid i
//  (enclosed gaps
//     filled), with the single scalar S bisected so the outline has the published total area;
//  2. inside it, zones grow from their centroids through 4-connected cells in order of the weighted
//  distance
//     d / (s_i * sqrt(A_i / pi)) and stop at their published cell count (growth keeps every zone
//     connected); cells nobody reached go to an adjacent zone;
//  3. the per-zone speeds s_i are iterated (s_i *= (target/actual)^0.5, damped) and the best raster
//  is kept.
// The river is a hard boundary for the zones of the two town kecamatan: they may not grow onto the
// other bank.
#include <fmt/format.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <memory>
#include <numbers>
#include <queue>

#include "baturaja.hpp"

namespace gen {
namespace {

constexpr double kCell = 50.0;
constexpr double kMargin = 12000.0;
constexpr int kMaxIter = 40;

bool constrained(const Zone& z) {
  return z.kec_code == "16.01.13" || z.kec_code == "16.01.14";
}

struct Tiler {
  Facts& f;
  Grid& g;
  std::vector<double> r;            // sqrt(A / pi)
  std::vector<std::size_t> centre;  // centroid cell
  std::vector<uint8_t> domain;

  bool allowed(std::size_t zi, std::size_t cell) const {
    const Zone& z = f.zones[zi];
    return z.bank == 0 || g.bank[cell] == 0 || g.bank[cell] == z.bank;
  }

  template <class F>
  void neighbours(std::size_t cell, F&& fn) const {
    const std::size_t nx = static_cast<std::size_t>(g.nx);
    std::size_t c = cell % nx, rr = cell / nx;
    if (c > 0) fn(cell - 1);
    if (c + 1 < nx) fn(cell + 1);
    if (rr > 0) fn(cell - nx);
    if (rr + 1 < static_cast<std::size_t>(g.ny)) fn(cell + nx);
  }

  Pt pos(std::size_t cell) const {
    const std::size_t nx = static_cast<std::size_t>(g.nx);
    return g.center(static_cast<int>(cell % nx), static_cast<int>(cell / nx));
  }

  // Cells within scale * r_i of a centroid, plus enclosed gaps.
  long make_domain(double scale) {
    domain.assign(g.zone.size(), 0);
    for (std::size_t i = 0; i < f.zones.size(); ++i) {
      double rad = scale * r[i];
      int c0, r0, c1, r1;
      g.cell_of({f.zones[i].c.x - rad, f.zones[i].c.y + rad}, c0, r0);
      g.cell_of({f.zones[i].c.x + rad, f.zones[i].c.y - rad}, c1, r1);
      for (int row = std::max(r0, 0); row <= std::min(r1, g.ny - 1); ++row)
        for (int col = std::max(c0, 0); col <= std::min(c1, g.nx - 1); ++col)
          if (dist(g.center(col, row), f.zones[i].c) <= rad) domain[g.idx(col, row)] = 1;
    }
    std::vector<uint8_t> outside(g.zone.size(), 0);
    std::deque<std::size_t> q;
    for (int row = 0; row < g.ny; ++row)
      for (int col = 0; col < g.nx; ++col)
        if ((row == 0 || col == 0 || row == g.ny - 1 || col == g.nx - 1) &&
            !domain[g.idx(col, row)]) {
          outside[g.idx(col, row)] = 1;
          q.push_back(g.idx(col, row));
        }
    while (!q.empty()) {
      std::size_t cell = q.front();
      q.pop_front();
      neighbours(cell, [&](std::size_t n) {
        if (!outside[n] && !domain[n]) {
          outside[n] = 1;
          q.push_back(n);
        }
      });
    }
    long count = 0;
    for (std::size_t cell = 0; cell < domain.size(); ++cell) {
      if (!outside[cell]) domain[cell] = 1;
      count += domain[cell];
    }
    return count;
  }

  void grow(const std::vector<double>& s, const std::vector<long>& target) {
    std::fill(g.zone.begin(), g.zone.end(), int16_t{-1});
    std::vector<long> n(f.zones.size(), 0);
    struct Item {
      double key;
      std::size_t cell;
      int16_t zone;
      bool operator>(const Item& o) const {
        // Total order (cell and zone break ties) so the result does not depend on heap internals.
        if (key != o.key) return key > o.key;
        if (cell != o.cell) return cell > o.cell;
        return zone > o.zone;
      }
    };
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
    for (std::size_t i = 0; i < f.zones.size(); ++i)
      pq.push({0.0, centre[i], static_cast<int16_t>(i)});
    while (!pq.empty()) {
      Item it = pq.top();
      pq.pop();
      std::size_t zi = static_cast<std::size_t>(it.zone);
      if (g.zone[it.cell] >= 0 || n[zi] >= target[zi]) continue;
      g.zone[it.cell] = it.zone;
      ++n[zi];
      const double k = 1.0 / (s[zi] * r[zi]);
      neighbours(it.cell, [&](std::size_t nb) {
        if (domain[nb] && g.zone[nb] < 0 && allowed(zi, nb))
          pq.push({dist(pos(nb), f.zones[zi].c) * k, nb, it.zone});
      });
    }
    // Cells nobody reached (every zone around them was full) form pockets; each pocket goes to the
    // adjacent zone (allowed on that bank) with the largest deficit, so pockets do not pile onto
    // one full zone.
    std::vector<uint8_t> seen(g.zone.size(), 0);
    std::vector<std::size_t> pocket;
    for (std::size_t start = 0; start < g.zone.size(); ++start) {
      if (!domain[start] || g.zone[start] >= 0 || seen[start]) continue;
      pocket.clear();
      pocket.push_back(start);
      seen[start] = 1;
      for (std::size_t k = 0; k < pocket.size(); ++k)
        neighbours(pocket[k], [&](std::size_t nb) {
          if (domain[nb] && g.zone[nb] < 0 && !seen[nb]) {
            seen[nb] = 1;
            pocket.push_back(nb);
          }
        });
      int pick = -1;
      long best_deficit = 0;
      for (std::size_t cell : pocket)
        neighbours(cell, [&](std::size_t nb) {
          int z = g.zone[nb];
          if (z < 0 || !allowed(static_cast<std::size_t>(z), cell)) return;
          long d = target[static_cast<std::size_t>(z)] - n[static_cast<std::size_t>(z)];
          if (pick < 0 || d > best_deficit || (d == best_deficit && z < pick)) {
            pick = z;
            best_deficit = d;
          }
        });
      // Only a zone that actually lacks about that much area takes the whole pocket; otherwise the
      // pocket is shared out breadth-first below.
      if (pick < 0 || best_deficit < static_cast<long>(pocket.size()) / 2) continue;
      for (std::size_t cell : pocket)
        if (allowed(static_cast<std::size_t>(pick), cell)) {
          g.zone[cell] = static_cast<int16_t>(pick);
          ++n[static_cast<std::size_t>(pick)];
        }
    }
    // Whatever is still unassigned (cells of a pocket on the other bank of its zone): nearest
    // neighbour zone.
    for (int pass = 0; pass < 2; ++pass) {
      std::deque<std::size_t> q;
      for (std::size_t cell = 0; cell < g.zone.size(); ++cell)
        if (g.zone[cell] >= 0) {
          bool edge = false;
          neighbours(cell, [&](std::size_t nb) { edge |= domain[nb] && g.zone[nb] < 0; });
          if (edge) q.push_back(cell);
        }
      while (!q.empty()) {
        std::size_t cell = q.front();
        q.pop_front();
        std::size_t zi = static_cast<std::size_t>(g.zone[cell]);
        neighbours(cell, [&](std::size_t nb) {
          if (domain[nb] && g.zone[nb] < 0 && (pass == 1 || allowed(zi, nb))) {
            g.zone[nb] = static_cast<int16_t>(zi);
            q.push_back(nb);
          }
        });
      }
    }
  }

  std::vector<long> counts() const {
    std::vector<long> n(f.zones.size(), 0);
    for (int16_t z : g.zone)
      if (z >= 0) ++n[static_cast<std::size_t>(z)];
    return n;
  }
};

std::vector<std::string> polygons_by_value(const Grid& g, const std::vector<int>& value,
                                           int nvalues, std::vector<double>& area_km2) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  std::unique_ptr<GDALDataset> ds(mem->Create("", g.nx, g.ny, 1, GDT_Int32, nullptr));
  double gt[6] = {g.x0, g.cell, 0, g.ytop, 0, -g.cell};
  ds->SetGeoTransform(gt);
  ds->SetProjection(utm_wkt());
  std::vector<int32_t> buf(value.begin(), value.end());
  for (auto& v : buf) v = v < 0 ? 0 : v + 1;  // 0 = outside, masked
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (band->RasterIO(GF_Write, 0, 0, g.nx, g.ny, buf.data(), g.nx, g.ny, GDT_Int32, 0, 0,
                     nullptr) != CE_None)
    throw std::runtime_error("RasterIO failed");
  GDALDriver* memv = GetGDALDriverManager()->GetDriverByName("Memory");
  std::unique_ptr<GDALDataset> vds(memv->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* lyr = vds->CreateLayer("p", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn fd("v", OFTInteger);
  lyr->CreateField(&fd);
  // 4-connected (the default) matches the connectivity the tiling enforced, so each zone is one
  // polygon.
  if (GDALPolygonize(band, band, lyr, 0, nullptr, nullptr, nullptr) != CE_None)
    throw std::runtime_error("GDALPolygonize failed");
  std::vector<std::unique_ptr<OGRMultiPolygon>> mp(static_cast<std::size_t>(nvalues));
  for (auto& m : mp) m = std::make_unique<OGRMultiPolygon>();
  lyr->ResetReading();
  for (auto& feat : *lyr) {
    int v = feat->GetFieldAsInteger(0) - 1;
    if (v < 0 || v >= nvalues) continue;
    OGRGeometry* geom = feat->GetGeometryRef();
    std::unique_ptr<OGRGeometry> fixed;
    if (!geom->IsValid()) {
      fixed.reset(geom->MakeValid());
      geom = fixed.get();
    }
    OGRwkbGeometryType t = wkbFlatten(geom->getGeometryType());
    if (t == wkbPolygon) {
      mp[static_cast<std::size_t>(v)]->addGeometry(geom);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
      for (const OGRGeometry* part : *geom->toGeometryCollection())
        if (wkbFlatten(part->getGeometryType()) == wkbPolygon)
          mp[static_cast<std::size_t>(v)]->addGeometry(part);
    }
  }
  std::vector<std::string> wkb(static_cast<std::size_t>(nvalues));
  area_km2.assign(static_cast<std::size_t>(nvalues), 0);
  for (std::size_t i = 0; i < mp.size(); ++i) {
    if (!mp[i]->IsValid()) throw std::runtime_error(fmt::format("invalid polygon for value {}", i));
    area_km2[i] = mp[i]->get_Area() / 1e6;
    std::string b(static_cast<std::size_t>(mp[i]->WkbSize()), '\0');
    mp[i]->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(b.data()), wkbVariantIso);
    wkb[i] = std::move(b);
  }
  return wkb;
}

void choose_centres(Facts& f) {
  auto norm = [](std::string s) {
    std::string o;
    for (char ch : s)
      if (ch != ' ') o += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return o;
  };
  // Known centres: Tanjung Lengkayap for Lengkiti (FACTS.md 1); Batu Kuning (Jalinsum, Pasar Induk,
  // terminal) for Baturaja Barat; Baturaja Lama (RSUD, Pasar Atas) for Baturaja Timur; Lubuk Batang
  // Lama and Kedaton as the namesake desa. Otherwise a kelurahan, a namesake desa, or the desa
  // nearest the area-weighted centre.
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
    for (int zi : k.zones) {
      Zone& z = f.zones[static_cast<std::size_t>(zi)];
      z.pop = static_cast<double>(k.total) * z.area_km2 / k.area_km2;
    }
  }
}

}  // namespace

bool in_town(const Facts& f, const Grid& g, Pt p) {
  int z = g.zone_at(p);
  return z >= 0 && constrained(f.zones[static_cast<std::size_t>(z)]);
}

Tiling tile_zones(Facts& f) {
  choose_centres(f);
  Tiling t;
  Grid& g = t.grid;
  double minx = 1e300, maxx = -1e300, miny = 1e300, maxy = -1e300;
  for (const Zone& z : f.zones) {
    minx = std::min(minx, z.c.x);
    maxx = std::max(maxx, z.c.x);
    miny = std::min(miny, z.c.y);
    maxy = std::max(maxy, z.c.y);
  }
  g.cell = kCell;
  g.x0 = std::floor((minx - kMargin) / 1000.0) * 1000.0;
  g.ytop = std::ceil((maxy + kMargin) / 1000.0) * 1000.0;
  g.nx = static_cast<int>(std::ceil((maxx + kMargin - g.x0) / kCell));
  g.ny = static_cast<int>(std::ceil((g.ytop - (miny - kMargin)) / kCell));
  g.zone.assign(static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny), -1);
  mark_banks(g);

  Tiler tl{f, g, {}, {}, {}};
  std::vector<long> target;
  long total_target = 0;
  for (Zone& z : f.zones) {
    tl.r.push_back(std::sqrt(z.area_km2 * 1e6 / std::numbers::pi));
    int c, r;
    if (!g.cell_of(z.c, c, r)) throw std::runtime_error("centroid outside grid");
    tl.centre.push_back(g.idx(c, r));
    if (constrained(z)) {
      z.bank = g.bank[g.idx(c, r)];
      if (z.bank == 0)
        throw std::runtime_error(fmt::format("centroid of {} lies on the river", z.name));
    }
    target.push_back(std::lround(z.area_km2 * 1e6 / (kCell * kCell)));
    total_target += target.back();
  }
  double lo = 0.5, hi = 3.0;
  for (int k = 0; k < 30; ++k) {
    double mid = 0.5 * (lo + hi);
    (tl.make_domain(mid) < total_target ? lo : hi) = mid;
  }
  long dom = tl.make_domain(hi);
  fmt::print("zones: outline scale {:.4f}, {} cells for {} target cells\n", hi, dom, total_target);

  const std::size_t nz = f.zones.size();
  std::vector<double> s(nz, 1.0);
  double max_err = 1, best_err = 1e300;
  std::vector<int16_t> best;  // the raster of the iteration with the smallest worst-zone error
  int it = 0;
  for (; it < kMaxIter; ++it) {
    tl.grow(s, target);
    auto n = tl.counts();
    max_err = 0;
    std::size_t worst = 0;
    for (std::size_t i = 0; i < nz; ++i)
      if (double err = std::abs(static_cast<double>(n[i]) / static_cast<double>(target[i]) - 1.0);
          err > max_err) {
        max_err = err;
        worst = i;
      }
    if (std::getenv("OGAN_GEN_DEBUG"))
      fmt::print("it {} max_err {:.4f} worst {} n {} target {}\n", it, max_err, f.zones[worst].name,
                 n[worst], target[worst]);
    if (max_err < best_err) {
      best_err = max_err;
      best = g.zone;
    }
    if (max_err < 0.01) break;
    for (std::size_t i = 0; i < nz; ++i) {
      double ratio = static_cast<double>(target[i]) / static_cast<double>(std::max(n[i], 1L));
      s[i] *= std::clamp(std::pow(ratio, 0.5), 0.8, 1.25);
    }
  }
  g.zone = std::move(best);
  std::vector<int> zv(g.zone.begin(), g.zone.end()), kv(g.zone.size(), -1);
  std::vector<Pt> ksum(f.kec.size(), {0, 0});
  std::vector<long> kn(f.kec.size(), 0);
  for (std::size_t cell = 0; cell < g.zone.size(); ++cell)
    if (g.zone[cell] >= 0) {
      int k = f.zones[static_cast<std::size_t>(g.zone[cell])].kec;
      kv[cell] = k;
      int c = static_cast<int>(cell % static_cast<std::size_t>(g.nx)),
          r = static_cast<int>(cell / static_cast<std::size_t>(g.nx));
      ksum[static_cast<std::size_t>(k)] = ksum[static_cast<std::size_t>(k)] + g.center(c, r);
      ++kn[static_cast<std::size_t>(k)];
    }
  std::vector<double> za, ka;
  t.zone_wkb = polygons_by_value(g, zv, static_cast<int>(f.zones.size()), za);
  t.kec_wkb = polygons_by_value(g, kv, static_cast<int>(f.kec.size()), ka);
  double sum_err = 0, worst = 0;
  std::string worst_name;
  for (std::size_t i = 0; i < f.zones.size(); ++i) {
    f.zones[i].model_area_km2 = za[i];
    double e = std::abs(za[i] / f.zones[i].area_km2 - 1.0);
    sum_err += e;
    if (e > worst) {
      worst = e;
      worst_name = f.zones[i].name;
    }
    t.total_km2 += za[i];
  }
  for (std::size_t k = 0; k < f.kec.size(); ++k) {
    f.kec[k].model_area_km2 = ka[k];
    f.kec[k].weighted_centre = ksum[k] * (1.0 / static_cast<double>(kn[k]));
  }
  fmt::print(
      "zones: {} iterations, area error per zone max {:.2f}% ({}), mean {:.2f}%, total {:.1f} "
      "km2\n",
      it + 1, worst * 100, worst_name, sum_err / static_cast<double>(f.zones.size()) * 100,
      t.total_km2);
  return t;
}

}  // namespace gen
