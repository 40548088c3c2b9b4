// /context: what a map needs around the model (kecamatan boundaries and names, the river) and the
// shared polygon and line encodings.
#include <fmt/format.h>
#include <ogr_api.h>

#include "engine/io/h5.hpp"
#include "engine/io/results.hpp"
#include "engine/io/results_geometry.hpp"

namespace ogan::io {

namespace {

std::vector<const OGRPolygon*> polygons_of(const OGRGeometry* g) {
  std::vector<const OGRPolygon*> polys;
  if (!g) return polys;
  if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
    polys.push_back(g->toPolygon());
  else if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon)
    for (const auto* p : *g->toMultiPolygon()) polys.push_back(p);
  return polys;
}

std::vector<const OGRLineString*> lines_of(const OGRGeometry* g) {
  std::vector<const OGRLineString*> lines;
  if (!g) return lines;
  if (wkbFlatten(g->getGeometryType()) == wkbLineString)
    lines.push_back(g->toLineString());
  else if (wkbFlatten(g->getGeometryType()) == wkbMultiLineString)
    for (const auto* l : *g->toMultiLineString()) lines.push_back(l);
  return lines;
}

}  // namespace

std::pair<std::vector<double>, std::vector<double>> label_points(
    const std::vector<std::unique_ptr<OGRGeometry>>& geometry) {
  std::vector<double> lx, ly;
  for (const auto& g : geometry) {
    // A point inside the polygon, not the centroid: a concave area's centroid can fall in its
    // neighbour, and the label would name the wrong place.
    OGRGeometryH h = g ? OGR_G_PointOnSurface(OGRGeometry::ToHandle(g.get())) : nullptr;
    lx.push_back(h ? OGR_G_GetX(h, 0) : 0);
    ly.push_back(h ? OGR_G_GetY(h, 0) : 0);
    if (h) OGR_G_DestroyGeometry(h);
  }
  return {lx, ly};
}

void write_polygons(hid_t f, const std::string& group,
                    const std::vector<std::unique_ptr<OGRGeometry>>& geometry) {
  std::vector<std::uint32_t> ring_offset{0}, vertex_offset{0};
  std::vector<std::uint8_t> hole;
  std::vector<double> gx, gy;
  for (const auto& g : geometry) {
    for (const auto* p : polygons_of(g.get())) {
      for (int r = -1; r < p->getNumInteriorRings(); ++r) {
        const OGRLinearRing* ring = r < 0 ? p->getExteriorRing() : p->getInteriorRing(r);
        for (int k = 0; k < ring->getNumPoints(); ++k) {
          gx.push_back(ring->getX(k));
          gy.push_back(ring->getY(k));
        }
        vertex_offset.push_back(static_cast<std::uint32_t>(gx.size()));
        hole.push_back(r >= 0);
      }
    }
    ring_offset.push_back(static_cast<std::uint32_t>(hole.size()));
  }
  namespace pg = results::polygons;
  write_vector(f, results::join(group, pg::kRingOffset), ring_offset, "1",
               "rings of polygon p: ring_offset[p]..ring_offset[p+1]");
  write_vector(f, results::join(group, pg::kVertexOffset), vertex_offset, "1",
               "vertices of ring r: vertex_offset[r]..vertex_offset[r+1]");
  write_vector(f, results::join(group, pg::kRingIsHole), hole, "1", "1 for an interior ring");
  write_vector(f, results::join(group, pg::kX), gx, "m", "ring vertex eastings");
  write_vector(f, results::join(group, pg::kY), gy, "m", "ring vertex northings");
}

void write_lines(hid_t f, const std::string& offset_path, const std::string& x_path,
                 const std::string& y_path,
                 const std::vector<std::unique_ptr<OGRGeometry>>& geometry) {
  std::vector<std::uint32_t> offset{0};
  std::vector<double> gx, gy;
  for (const auto& g : geometry) {
    for (const auto* l : lines_of(g.get())) {
      for (int k = 0; k < l->getNumPoints(); ++k) {
        gx.push_back(l->getX(k));
        gy.push_back(l->getY(k));
      }
    }
    offset.push_back(static_cast<std::uint32_t>(gx.size()));
  }
  write_vector(f, offset_path, offset, "1", "vertices of line i: x/y[offset[i]:offset[i+1]]");
  write_vector(f, x_path, gx, "m", "vertex eastings");
  write_vector(f, y_path, gy, "m", "vertex northings");
}

void ResultsWriter::write_context(const scenario::World& w) {
  const hid_t f = file_.get();
  ensure_group(f, results::path::kContext);
  const auto& k = w.kecamatan;
  if (k.size() > 0) {
    write_strings(f, results::path::kKecamatanCode, k.id, "kecamatan code (Kemendagri)");
    write_strings(f, results::path::kKecamatanName, k.name, "kecamatan name");
    const auto [lx, ly] = label_points(k.geometry);
    write_vector(f, results::path::kKecamatanLabelX, lx, "m", "label point inside the polygon");
    write_vector(f, results::path::kKecamatanLabelY, ly, "m", "label point inside the polygon");
    write_polygons(f, results::path::kKecamatanGeometry, k.geometry);
  }
  if (w.river.size() > 0) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < w.river.size(); ++i)
      names.push_back(w.river.get("name", i).value_or(""));
    write_strings(f, results::path::kRiverName, names, "river name");
    write_lines(f, results::path::kRiverGeometryOffset, results::path::kRiverX,
                results::path::kRiverY, w.river.geometry);
  }
}

}  // namespace ogan::io
