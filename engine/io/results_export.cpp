#include "engine/io/results_export.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <set>

#include "engine/core/error.hpp"
#include "engine/gis/gdal_env.hpp"
#include "engine/gis/gpkg_output.hpp"
#include "engine/io/qgis_style.hpp"
#include "engine/results/durable_file.hpp"
#include "engine/results/names.hpp"
#include "engine/results/reader.hpp"

namespace ogan::io {

namespace {

namespace rp = results::path;
namespace ra = results::attr;
using gis::GpkgOutput;
using results::Reader;

[[noreturn]] void bad(const Reader& r, const std::string& what) {
  throw InputError(fmt::format("file '{}': {}", r.path(), what));
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t a = 0;
  while (a <= s.size() && !s.empty()) {
    const auto b = s.find(',', a);
    out.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) break;
    a = b + 1;
  }
  return out;
}

std::string hhmm(double s) {
  const auto m = static_cast<long>(std::lround(s / 60));
  return fmt::format("{:02d}:{:02d}", m / 60, m % 60);
}

// A [rows, cols] dataset whose shape must be exactly that.
template <typename T>
std::vector<T> matrix(const Reader& r, const std::string& name, std::size_t rows, std::size_t cols,
                      std::size_t depth = 0) {
  std::vector<hsize_t> dims;
  auto v = r.read<T>(name, &dims);
  const bool ok = depth == 0
                      ? dims.size() == 2 && dims[0] == rows && dims[1] == cols
                      : dims.size() == 3 && dims[0] == rows && dims[1] == cols && dims[2] == depth;
  if (!ok) {
    std::string got;
    for (auto d : dims) got += (got.empty() ? "" : " x ") + std::to_string(d);
    bad(r, fmt::format("{} has shape [{}], expected [{} x {}{}]", name, got, rows, cols,
                       depth ? " x " + std::to_string(depth) : ""));
  }
  return v;
}

template <typename T>
std::vector<T> column(const Reader& r, const std::string& name, std::size_t n) {
  auto v = r.read<T>(name);
  if (v.size() != n) bad(r, fmt::format("{} has {} values, expected {}", name, v.size(), n));
  return v;
}

struct Styles {
  struct Row {
    std::string table, geometry_column, name, qml;
  };
  std::vector<Row> rows;
  void add(const std::string& table, const std::string& qml, const std::string& geom = "geom") {
    rows.push_back({table, geom, table, qml});
  }
  // QGIS reads a layer's default style from the table `layer_styles` with these columns.
  void write(GpkgOutput& out) const {
    const char* options[] = {"FID=id", nullptr};
    OGRLayer* l = out.layer("layer_styles", nullptr, wkbNone, options);
    for (const char* f : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                          "styleName", "styleQML", "styleSLD", "description", "owner", "ui"})
      GpkgOutput::field(l, f, OFTString);
    GpkgOutput::field(l, "useAsDefault", OFTInteger);
    GpkgOutput::field(l, "update_time", OFTDateTime);
    for (const auto& s : rows) {
      OGRFeature f(l->GetLayerDefn());
      f.SetField("f_table_catalog", "");
      f.SetField("f_table_schema", "");
      f.SetField("f_table_name", s.table.c_str());
      f.SetField("f_geometry_column", s.geometry_column.c_str());
      f.SetField("styleName", s.name.c_str());
      f.SetField("styleQML", s.qml.c_str());
      f.SetField("styleSLD", "");
      f.SetField("description", "ogan export: default style");
      f.SetField("owner", "");
      f.SetField("ui", "");
      f.SetField("useAsDefault", 1);
      f.SetField("update_time", 2026, 1, 1, 0, 0, 0, 100);
      GpkgOutput::add(l, f);
    }
  }
};

// --- links ------------------------------------------------------------------------------------

struct LinkData {
  std::size_t L = 0, T = 0;
  double interval_s = 900;
  std::vector<double> start_s, capacity;
  std::vector<float> veh, pcu, speed, queue;  // [T, L] (veh summed over modes)
};

LinkData read_link_data(const Reader& r, std::size_t L) {
  LinkData d;
  d.L = L;
  d.start_s = r.doubles(rp::kIntervalStartS);
  d.T = d.start_s.size();
  d.interval_s = r.number_attr_of(rp::kIntervalStartS, ra::kIntervalS, 900);
  if (!(d.interval_s > 0) || d.interval_s > 86400)
    bad(r, fmt::format("{}: interval_s {} is not a length of time", rp::kIntervalStartS,
                       d.interval_s));
  d.capacity = column<double>(r, rp::kLinksCapacityPcuH, L);
  std::vector<hsize_t> dims;
  const auto by_mode = r.read<float>(rp::kLinkVolumeVeh, &dims);
  if (dims.size() != 3 || dims[0] != d.T || dims[1] != L || dims[2] == 0)
    bad(r, fmt::format("{} does not have the shape [{} intervals x {} links x modes]",
                       rp::kLinkVolumeVeh, d.T, L));
  const auto modes = dims[2];
  d.veh.assign(d.T * L, 0.0F);
  for (std::size_t i = 0; i < d.T * L; ++i)
    for (std::size_t m = 0; m < modes; ++m) d.veh[i] += by_mode[i * modes + m];
  d.pcu = matrix<float>(r, rp::kLinkVolumePcu, d.T, L);
  d.speed = matrix<float>(r, rp::kLinkMeanSpeedMps, d.T, L);
  d.queue = matrix<float>(r, rp::kLinkQueuePcu, d.T, L);
  return d;
}

struct Sums {
  double veh = 0, pcu = 0, speed_w = 0, speed_veh = 0, queue_max = 0;
};

// Speeds are the mean of vehicles leaving in an interval; they are weighted here by the
// vehicles entering it (the results hold no count of those leaving), which differs only at the
// edges of a period.
Sums sum_intervals(const LinkData& d, std::size_t l, std::size_t k0, std::size_t k1) {
  Sums s;
  for (std::size_t k = k0; k < k1; ++k) {
    const auto i = k * d.L + l;
    s.veh += d.veh[i];
    s.pcu += d.pcu[i];
    if (d.speed[i] > 0 && d.veh[i] > 0) {
      s.speed_w += d.speed[i] * d.veh[i];
      s.speed_veh += d.veh[i];
    }
    s.queue_max = std::max(s.queue_max, static_cast<double>(d.queue[i]));
  }
  return s;
}

std::pair<std::size_t, std::size_t> interval_range(const LinkData& d, double from_h, double to_h) {
  std::size_t k0 = d.T, k1 = 0;
  for (std::size_t k = 0; k < d.T; ++k) {
    if (d.start_s[k] >= from_h * 3600 && d.start_s[k] < to_h * 3600) {
      k0 = std::min(k0, k);
      k1 = k + 1;
    }
  }
  return {k0, std::max(k0, k1)};
}

void set_or_null(OGRFeature& f, const char* name, double v, bool known) {
  if (known)
    f.SetField(name, v);
  else
    f.SetFieldNull(f.GetFieldIndex(name));
}

void write_links(const Reader& r, GpkgOutput& out, const OGRSpatialReference& srs,
                 ExportCounts& counts, Styles& styles) {
  const auto from = r.ints(rp::kLinksFromNode);
  const std::size_t L = from.size();
  const auto names = r.strings(rp::kLinksName);
  if (names.size() != L) bad(r, fmt::format("{} does not have one name per link", rp::kLinksName));
  const auto lanes = column<double>(r, rp::kLinksLanes, L);
  const auto speed = column<double>(r, rp::kLinksFreeSpeedMps, L);
  const auto length = column<double>(r, rp::kLinksLengthM, L);
  const auto oneway = column<std::int64_t>(r, rp::kLinksOneway, L);
  const auto bridge = column<std::int64_t>(r, rp::kLinksBridge, L);
  const auto road_class = column<std::int64_t>(r, rp::kLinksRoadClass, L);
  const auto classes = split(r.dataset_attr(rp::kLinksRoadClass, ra::kClasses));
  const auto gx = r.doubles(rp::kLinksGeometryX), gy = r.doubles(rp::kLinksGeometryY);
  if (gx.size() != gy.size())
    bad(r, fmt::format("{} and {} differ in length", rp::kLinksGeometryX, rp::kLinksGeometryY));
  const auto off = r.offsets(rp::kLinksGeometryOffset, L, gx.size());
  const auto d = read_link_data(r, L);

  OGRLayer* layer = out.layer("links", &srs, wkbLineString);
  GpkgOutput::field(layer, "link", OFTInteger);
  GpkgOutput::field(layer, "name", OFTString);
  GpkgOutput::field(layer, "road_class", OFTString);
  for (const char* f : {"lanes", "capacity_pcu_h", "free_speed_kmh", "length_m"})
    GpkgOutput::field(layer, f, OFTReal);
  GpkgOutput::field(layer, "oneway", OFTInteger);
  GpkgOutput::field(layer, "bridge", OFTInteger);
  for (const auto& p : kPeriods)
    for (const char* what : {"veh", "pcu_h", "vc", "kmh"})
      GpkgOutput::field(layer, fmt::format("{}_{}", p.name, what).c_str(), OFTReal);

  std::vector<double> am_vc;
  for (std::size_t l = 0; l < L; ++l) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("link", static_cast<int>(l));
    f.SetField("name", names[l].c_str());
    const auto c = road_class[l];
    f.SetField("road_class", c >= 0 && static_cast<std::size_t>(c) < classes.size()
                                 ? classes[static_cast<std::size_t>(c)].c_str()
                                 : std::to_string(c).c_str());
    f.SetField("lanes", lanes[l]);
    f.SetField("capacity_pcu_h", d.capacity[l]);
    f.SetField("free_speed_kmh", speed[l] * 3.6);
    f.SetField("length_m", length[l]);
    f.SetField("oneway", static_cast<int>(oneway[l]));
    f.SetField("bridge", static_cast<int>(bridge[l]));
    for (const auto& p : kPeriods) {
      const auto [k0, k1] = interval_range(d, p.from_h, p.to_h);
      const auto s = sum_intervals(d, l, k0, k1);
      const double hours = static_cast<double>(k1 - k0) * d.interval_s / 3600;
      const double pcu_h = hours > 0 ? s.pcu / hours : 0;
      const auto name = [&p](const char* what) { return fmt::format("{}_{}", p.name, what); };
      f.SetField(name("veh").c_str(), s.veh);
      f.SetField(name("pcu_h").c_str(), pcu_h);
      set_or_null(f, name("vc").c_str(), pcu_h / d.capacity[l], d.capacity[l] > 0);
      set_or_null(f, name("kmh").c_str(), s.speed_w / std::max(s.speed_veh, 1e-12) * 3.6,
                  s.speed_veh > 0);
      if (std::string(p.name) == "am_peak" && d.capacity[l] > 0)
        am_vc.push_back(pcu_h / d.capacity[l]);
    }
    OGRLineString line;
    for (auto v = off[l]; v < off[l + 1]; ++v)
      line.addPoint(gx[static_cast<std::size_t>(v)], gy[static_cast<std::size_t>(v)]);
    if (line.getNumPoints() < 2) bad(r, fmt::format("link {} has fewer than 2 vertices", l));
    f.SetGeometry(&line);
    GpkgOutput::add(layer, f);
  }
  counts.links = L;
  const double vc_max = am_vc.empty() ? 1.0 : *std::max_element(am_vc.begin(), am_vc.end());
  styles.add("links", graduated_qml("am_peak_vc", StyleGeometry::Line,
                                    ramp_classes({0.2, 0.4, 0.6, 0.8}, std::max(vc_max, 1.0),
                                                 "(v/c, 06:00-09:00)"),
                                    0.6));

  // The hourly table, related to the links by `link`: hours with traffic or a queue only.
  OGRLayer* hours = out.layer("link_hours", nullptr, wkbNone);
  GpkgOutput::field(hours, "link", OFTInteger);
  GpkgOutput::field(hours, "hour", OFTInteger);
  GpkgOutput::field(hours, "start", OFTString);
  for (const char* f : {"veh", "pcu", "vc", "kmh", "queue_pcu_max"})
    GpkgOutput::field(hours, f, OFTReal);
  const auto per_hour =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(3600 / d.interval_s)));
  for (std::size_t l = 0; l < L; ++l) {
    for (std::size_t k0 = 0; k0 < d.T; k0 += per_hour) {
      const auto k1 = std::min(d.T, k0 + per_hour);
      const auto s = sum_intervals(d, l, k0, k1);
      if (s.veh <= 0 && s.queue_max <= 0) continue;
      OGRFeature f(hours->GetLayerDefn());
      f.SetField("link", static_cast<int>(l));
      f.SetField("hour", static_cast<int>(k0 / per_hour));
      f.SetField("start", hhmm(d.start_s[k0]).c_str());
      f.SetField("veh", s.veh);
      f.SetField("pcu", s.pcu);
      const double hrs = static_cast<double>(k1 - k0) * d.interval_s / 3600;
      set_or_null(f, "vc", s.pcu / hrs / d.capacity[l], d.capacity[l] > 0);
      set_or_null(f, "kmh", s.speed_w / std::max(s.speed_veh, 1e-12) * 3.6, s.speed_veh > 0);
      f.SetField("queue_pcu_max", s.queue_max);
      GpkgOutput::add(hours, f);
      ++counts.link_hours;
    }
  }
}

// --- zones ------------------------------------------------------------------------------------

std::vector<std::unique_ptr<OGRMultiPolygon>> read_polygons(const Reader& r,
                                                            const std::string& group,
                                                            std::size_t items) {
  namespace pg = results::polygons;
  const auto x = r.doubles(results::join(group, pg::kX));
  const auto y = r.doubles(results::join(group, pg::kY));
  if (x.size() != y.size()) bad(r, fmt::format("{}: x and y differ in length", group));
  const auto vo = r.offsets(results::join(group, pg::kVertexOffset), Reader::kAnyCount, x.size());
  const auto ro = r.offsets(results::join(group, pg::kRingOffset), items, vo.size() - 1);
  const auto hole = column<std::int64_t>(r, results::join(group, pg::kRingIsHole), vo.size() - 1);
  std::vector<std::unique_ptr<OGRMultiPolygon>> out;
  for (std::size_t z = 0; z < items; ++z) {
    auto mp = std::make_unique<OGRMultiPolygon>();
    std::unique_ptr<OGRPolygon> poly;
    for (auto ring = ro[z]; ring < ro[z + 1]; ++ring) {
      const auto ri = static_cast<std::size_t>(ring);
      OGRLinearRing lr;
      for (auto v = vo[ri]; v < vo[ri + 1]; ++v)
        lr.addPoint(x[static_cast<std::size_t>(v)], y[static_cast<std::size_t>(v)]);
      if (lr.getNumPoints() < 4)
        bad(r, fmt::format("{}: ring {} has fewer than 4 vertices", group, ri));
      lr.closeRings();
      if (hole[ri] && poly) {
        poly->addRing(&lr);
        continue;
      }
      if (hole[ri]) bad(r, fmt::format("{}: polygon {} starts with a hole", group, z));
      if (poly) mp->addGeometryDirectly(poly.release());
      poly = std::make_unique<OGRPolygon>();
      poly->addRing(&lr);
    }
    if (poly) mp->addGeometryDirectly(poly.release());
    out.push_back(std::move(mp));
  }
  return out;
}

struct Grid {
  std::vector<double> x, y;
  std::vector<float> v;  // [T, Y, X]
  std::size_t T = 0;
  double cell = 1000;
  std::vector<double> time_s;  // interval middles, s after midnight
};

bool read_grid(const Reader& r, Grid& g) {
  if (!r.has(rp::kGridsPresentPopulation)) return false;
  g.x = r.doubles(rp::kGridsX);
  g.y = r.doubles(rp::kGridsY);
  std::vector<hsize_t> dims;
  g.v = r.read<float>(rp::kGridsPresentPopulation, &dims);
  if (dims.size() != 3 || dims[1] != g.y.size() || dims[2] != g.x.size() || g.x.empty() ||
      g.y.empty())
    bad(r, fmt::format("{} does not have the shape [time x {} y x {} x]",
                       rp::kGridsPresentPopulation, g.y.size(), g.x.size()));
  g.T = dims[0];
  g.cell = r.number_attr_of(rp::kGrids, ra::kCellSizeM, g.x.size() > 1 ? g.x[1] - g.x[0] : 1000);
  if (!(g.cell > 0)) bad(r, fmt::format("{}: cell size {} is not positive", rp::kGrids, g.cell));
  const auto starts = r.doubles(rp::kIntervalStartS);
  const double step = r.number_attr_of(rp::kIntervalStartS, ra::kIntervalS, 900);
  for (std::size_t k = 0; k < g.T; ++k)
    g.time_s.push_back(k < starts.size() ? starts[k] + step / 2
                                         : (static_cast<double>(k) + 0.5) * step);
  return true;
}

// People present in a zone at interval k: each cell shared by the area it has in the zone.
std::vector<double> present_in(const Grid& g, const OGRMultiPolygon& zone,
                               const std::vector<std::size_t>& ks) {
  std::vector<double> out(ks.size(), 0.0);
  OGREnvelope e;
  zone.getEnvelope(&e);
  const double h = g.cell / 2, area = g.cell * g.cell;
  for (std::size_t row = 0; row < g.y.size(); ++row) {
    if (g.y[row] + h < e.MinY || g.y[row] - h > e.MaxY) continue;
    for (std::size_t c = 0; c < g.x.size(); ++c) {
      if (g.x[c] + h < e.MinX || g.x[c] - h > e.MaxX) continue;
      OGRLinearRing lr;
      lr.addPoint(g.x[c] - h, g.y[row] - h);
      lr.addPoint(g.x[c] + h, g.y[row] - h);
      lr.addPoint(g.x[c] + h, g.y[row] + h);
      lr.addPoint(g.x[c] - h, g.y[row] + h);
      lr.closeRings();
      OGRPolygon cell;
      cell.addRing(&lr);
      std::unique_ptr<OGRGeometry> part(zone.Intersection(&cell));
      if (!part || part->IsEmpty()) continue;
      const double a = OGR_G_Area(OGRGeometry::ToHandle(part.get()));
      for (std::size_t i = 0; i < ks.size(); ++i)
        out[i] += g.v[(ks[i] * g.y.size() + row) * g.x.size() + c] * a / area;
    }
  }
  return out;
}

void write_zones(const Reader& r, GpkgOutput& out, const OGRSpatialReference& srs,
                 ExportCounts& counts, Styles& styles) {
  const auto code = r.strings(rp::kZonesCode);
  const std::size_t Z = code.size();
  const auto name = r.strings(rp::kZonesName), parent = r.strings(rp::kZonesParent),
             level = r.strings(rp::kZonesLevel);
  if (name.size() != Z || parent.size() != Z || level.size() != Z)
    bad(r, "/zones: code, name, parent and level differ in length");
  const auto area = column<double>(r, rp::kZonesAreaKm2, Z);
  const auto urban = column<std::int64_t>(r, rp::kZonesUrban, Z);
  const auto pop = column<std::int64_t>(r, rp::kZonesPopulation, Z);
  const auto geoms = read_polygons(r, rp::kZonesGeometry, Z);

  Grid g;
  const bool grid = read_grid(r, g);
  std::vector<std::size_t> ks;
  std::vector<std::string> present_fields;
  if (grid) {
    const double step = r.number_attr_of(rp::kIntervalStartS, ra::kIntervalS, 900);
    for (double at_h : {2.0, 10.0}) {  // night, and the day's activities (as the atlas's map)
      for (std::size_t k = 0; k < g.T; ++k) {
        const double start = g.time_s[k] - step / 2;  // the interval that holds the hour
        if (start <= at_h * 3600 && at_h * 3600 < start + step) {
          ks.push_back(k);
          present_fields.push_back(fmt::format("present_{:02.0f}00", at_h));
          break;
        }
      }
    }
  }
  const bool access = r.has(rp::kAccMotorcycleTimeS);
  std::vector<std::string> types;
  std::vector<double> moto, share;
  if (access) {
    types = split(r.dataset_attr(rp::kAccMotorcycleTimeS, ra::kTypes));
    moto = matrix<double>(r, rp::kAccMotorcycleTimeS, Z, types.size());
    share = matrix<double>(r, rp::kAccShareWithin30min, Z, types.size());
  }

  OGRLayer* layer = out.layer("zones", &srs, wkbMultiPolygon);
  for (const char* f : {"code", "name", "kecamatan", "level"})
    GpkgOutput::field(layer, f, OFTString);
  GpkgOutput::field(layer, "area_km2", OFTReal);
  GpkgOutput::field(layer, "urban", OFTInteger);
  GpkgOutput::field(layer, "population", OFTInteger64);
  GpkgOutput::field(layer, "density_km2", OFTReal);
  for (const auto& f : present_fields) GpkgOutput::field(layer, f.c_str(), OFTReal);
  for (const auto& t : types) {
    GpkgOutput::field(layer, (t + "_moto_min").c_str(), OFTReal);
    GpkgOutput::field(layer, (t + "_share_30min").c_str(), OFTReal);
  }
  std::vector<double> density;
  for (std::size_t z = 0; z < Z; ++z) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("code", code[z].c_str());
    f.SetField("name", name[z].c_str());
    f.SetField("kecamatan", parent[z].c_str());
    f.SetField("level", level[z].c_str());
    f.SetField("area_km2", area[z]);
    f.SetField("urban", static_cast<int>(urban[z]));
    f.SetField("population", static_cast<GIntBig>(pop[z]));
    const double dens = area[z] > 0 ? static_cast<double>(pop[z]) / area[z] : 0;
    set_or_null(f, "density_km2", dens, area[z] > 0);
    density.push_back(dens);
    if (!ks.empty()) {
      const auto present = present_in(g, *geoms[z], ks);
      for (std::size_t i = 0; i < ks.size(); ++i) f.SetField(present_fields[i].c_str(), present[i]);
    }
    for (std::size_t t = 0; t < types.size(); ++t) {
      const double m = moto[z * types.size() + t];
      set_or_null(f, (types[t] + "_moto_min").c_str(), m / 60, m >= 0);
      f.SetField((types[t] + "_share_30min").c_str(), share[z * types.size() + t]);
    }
    f.SetGeometry(geoms[z].get());
    GpkgOutput::add(layer, f);
  }
  counts.zones = Z;
  const double dmax = density.empty() ? 0 : *std::max_element(density.begin(), density.end());
  styles.add("zones",
             graduated_qml("density_km2", StyleGeometry::Polygon,
                           ramp_classes(quantile_breaks(density, 5), dmax, "residents/km²")));
}

// --- facilities and stations ------------------------------------------------------------------

void write_facilities(const Reader& r, GpkgOutput& out, const OGRSpatialReference& srs,
                      ExportCounts& counts, Styles& styles) {
  const auto name = r.strings(rp::kFacilitiesName), type = r.strings(rp::kFacilitiesType);
  const std::size_t F = name.size();
  if (type.size() != F) bad(r, "/facilities: name and type differ in length");
  const auto x = column<double>(r, rp::kFacilitiesX, F), y = column<double>(r, rp::kFacilitiesY, F);
  const auto capacity = column<double>(r, rp::kFacilitiesCapacity, F);
  const auto servers = column<std::int64_t>(r, rp::kFacilitiesServers, F);
  const bool services = r.has(rp::kDayArrivals);
  std::vector<double> arrivals, served, away, wait, queue_max(F, 0.0);
  if (services) {
    arrivals = column<double>(r, rp::kDayArrivals, F);
    served = column<double>(r, rp::kDayServed, F);
    away = column<double>(r, rp::kDayTurnedAway, F);
    wait = column<double>(r, rp::kDayMeanWaitS, F);
    std::vector<hsize_t> dims;
    const auto q = r.read<float>(rp::kFacQueue, &dims);
    if (dims.size() != 2 || dims[1] != F)
      bad(r, fmt::format("{} is not [time x {} facilities]", rp::kFacQueue, F));
    for (std::size_t k = 0; k < dims[0]; ++k)
      for (std::size_t i = 0; i < F; ++i)
        queue_max[i] = std::max(queue_max[i], static_cast<double>(q[k * F + i]));
  }
  OGRLayer* layer = out.layer("facilities", &srs, wkbPoint);
  GpkgOutput::field(layer, "name", OFTString);
  GpkgOutput::field(layer, "type", OFTString);
  GpkgOutput::field(layer, "capacity", OFTReal);
  GpkgOutput::field(layer, "servers", OFTInteger);
  if (services)
    for (const char* f : {"visits", "served", "turned_away", "mean_wait_min", "queue_max"})
      GpkgOutput::field(layer, f, OFTReal);
  std::set<std::string> kinds;
  for (std::size_t i = 0; i < F; ++i) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("name", name[i].c_str());
    f.SetField("type", type[i].c_str());
    f.SetField("capacity", capacity[i]);
    f.SetField("servers", static_cast<int>(servers[i]));
    if (services) {
      f.SetField("visits", arrivals[i]);
      f.SetField("served", served[i]);
      f.SetField("turned_away", away[i]);
      f.SetField("mean_wait_min", wait[i] / 60);
      f.SetField("queue_max", queue_max[i]);
    }
    OGRPoint p(x[i], y[i]);
    f.SetGeometry(&p);
    GpkgOutput::add(layer, f);
    kinds.insert(type[i]);
  }
  counts.facilities = F;
  styles.add("facilities",
             categorized_qml("type", StyleGeometry::Point, {kinds.begin(), kinds.end()}));
}

void write_stations(const Reader& r, GpkgOutput& out, const OGRSpatialReference& srs,
                    ExportCounts& counts, Styles& styles) {
  namespace ob = results::observations;
  if (!r.has(ob::kStationsId)) return;
  const auto id = r.strings(ob::kStationsId);
  const std::size_t S = id.size();
  const auto link = column<std::int64_t>(r, ob::kStationsLink, S);
  const auto gx = r.doubles(rp::kLinksGeometryX), gy = r.doubles(rp::kLinksGeometryY);
  const auto L = r.ints(rp::kLinksFromNode).size();
  const auto off = r.offsets(rp::kLinksGeometryOffset, L, gx.size());
  std::vector<double> observed(S, 0), simulated(S, 0), geh_sum(S, 0), below5(S, 0), records(S, 0);
  if (r.has(ob::kCountsStation)) {
    const auto st = r.ints(ob::kCountsStation);
    const auto o = column<double>(r, ob::kCountsObserved, st.size());
    const auto s = column<double>(r, ob::kCountsSimulated, st.size());
    const auto geh = column<double>(r, ob::kCountsGeh, st.size());
    for (std::size_t i = 0; i < st.size(); ++i) {
      if (st[i] < 0 || static_cast<std::size_t>(st[i]) >= S)
        bad(r, fmt::format("{}[{}] = {} is not a station", ob::kCountsStation, i, st[i]));
      const auto k = static_cast<std::size_t>(st[i]);
      observed[k] += o[i];
      simulated[k] += s[i];
      geh_sum[k] += geh[i];
      below5[k] += geh[i] < 5 ? 1 : 0;
      records[k] += 1;
    }
  }
  OGRLayer* layer = out.layer("stations", &srs, wkbPoint);
  GpkgOutput::field(layer, "id", OFTString);
  GpkgOutput::field(layer, "link", OFTInteger);
  GpkgOutput::field(layer, "records", OFTInteger);
  for (const char* f : {"observed", "simulated", "mean_geh", "share_geh_below_5"})
    GpkgOutput::field(layer, f, OFTReal);
  for (std::size_t i = 0; i < S; ++i) {
    if (link[i] < 0 || static_cast<std::size_t>(link[i]) >= L)
      bad(r, fmt::format("{}[{}] = {} is not a link", ob::kStationsLink, i, link[i]));
    const auto l = static_cast<std::size_t>(link[i]);
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("id", id[i].c_str());
    f.SetField("link", static_cast<int>(l));
    f.SetField("records", static_cast<int>(records[i]));
    f.SetField("observed", observed[i]);
    f.SetField("simulated", simulated[i]);
    set_or_null(f, "mean_geh", geh_sum[i] / std::max(records[i], 1.0), records[i] > 0);
    set_or_null(f, "share_geh_below_5", below5[i] / std::max(records[i], 1.0), records[i] > 0);
    // At the middle vertex of its link.
    const auto v = static_cast<std::size_t>((off[l] + off[l + 1] - 1) / 2);
    OGRPoint p(gx[v], gy[v]);
    f.SetGeometry(&p);
    GpkgOutput::add(layer, f);
  }
  counts.stations = S;
  styles.add("stations", graduated_qml("mean_geh", StyleGeometry::Point,
                                       ramp_classes({5, 10}, 20, "mean GEH")));
}

// --- the grid as a GeoTIFF --------------------------------------------------------------------

std::size_t write_grid_tif(const Reader& r, const std::string& path,
                           const OGRSpatialReference& srs) {
  Grid g;
  if (!read_grid(r, g)) bad(r, "has no present-population grid (/grids) to write as a GeoTIFF");
  const double step = r.number_attr_of(rp::kIntervalStartS, ra::kIntervalS, 900);
  const std::string tmp = path + ".tmp.tif";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (drv == nullptr) throw InternalError("GDAL has no GTiff driver");
  const char* options[] = {"COMPRESS=DEFLATE", "TILED=YES", nullptr};
  {
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), static_cast<int>(g.x.size()),
                                        static_cast<int>(g.y.size()), static_cast<int>(g.T),
                                        GDT_Float32, const_cast<char**>(options)));
    if (!ds) throw_input({.file = path}, "cannot create the GeoTIFF: " + gis::last_gdal_error());
    // Cell centres x[0], y[0] (the top row: y runs north to south).
    double gt[6] = {g.x.front() - g.cell / 2, g.cell, 0, g.y.front() + g.cell / 2, 0, -g.cell};
    if (g.y.size() > 1 && g.y[1] > g.y[0]) bad(r, "/grids/y does not run north to south");
    ds->SetGeoTransform(gt);
    ds->SetSpatialRef(&srs);
    ds->SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION",
                        "ogan present population: persons per cell at the middle of each interval");
    const std::size_t cells = g.x.size() * g.y.size();
    for (std::size_t k = 0; k < g.T; ++k) {
      GDALRasterBand* b = ds->GetRasterBand(static_cast<int>(k + 1));
      b->SetDescription(
          fmt::format("{}-{}", hhmm(g.time_s[k] - step / 2), hhmm(g.time_s[k] + step / 2)).c_str());
      b->SetMetadataItem("time_s", fmt::format("{:g}", g.time_s[k]).c_str());
      if (b->RasterIO(GF_Write, 0, 0, static_cast<int>(g.x.size()), static_cast<int>(g.y.size()),
                      g.v.data() + k * cells, static_cast<int>(g.x.size()),
                      static_cast<int>(g.y.size()), GDT_Float32, 0, 0, nullptr) != CE_None)
        throw InternalError("writing the GeoTIFF failed: " + gis::last_gdal_error());
    }
    CPLErrorReset();
    ds.reset();  // GDAL 3.6 has no Close() that reports: a failed flush leaves an error behind
    if (CPLGetLastErrorType() >= CE_Failure)
      throw InternalError("closing the GeoTIFF failed: " + gis::last_gdal_error());
  }
  if (const auto e = files::durable_rename(tmp, path))
    throw InputError(fmt::format("file '{}': cannot move the finished output into place: {}", path,
                                 e.message()));
  return g.T;
}

}  // namespace

ExportCounts export_results(const ExportOptions& o) {
  gis::ensure_gdal();
  const Reader r(o.results);
  OGRSpatialReference srs;
  const auto wkt = r.attr(ra::kCrs);
  if (wkt.empty() || srs.importFromWkt(wkt.c_str()) != OGRERR_NONE)
    bad(r, "its root attribute 'crs' is not a coordinate reference system (WKT)");
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  ExportCounts counts;
  if (!o.gpkg.empty()) {
    GpkgOutput out(o.gpkg);
    Styles styles;
    write_links(r, out, srs, counts, styles);
    write_zones(r, out, srs, counts, styles);
    write_facilities(r, out, srs, counts, styles);
    write_stations(r, out, srs, counts, styles);
    styles.write(out);
    counts.styles = styles.rows.size();
    out.commit();
  }
  if (!o.grid_tif.empty()) counts.grid_bands = write_grid_tif(r, o.grid_tif, srs);
  return counts;
}

}  // namespace ogan::io
