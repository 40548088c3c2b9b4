#include <hdf5_hl.h>

#include <cmath>

#include "engine/io/results.hpp"

namespace ogan::io {

namespace {

// Where each simulated person is at a time: home, the destination of their last arrival, or
// half-way along a trip in progress.
struct Position {
  double x, y;
};

}  // namespace

void ResultsWriter::write_present_population(const scenario::World& w, const scenario::Demand& d,
                                             const traffic::AssignmentResult& a, double cell_m) {
  const hid_t f = file_.get();
  // The grid covers the zones' extent, snapped to whole cells.
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& g : w.zones.geometry) {
    OGREnvelope e;
    g->getEnvelope(&e);
    x0 = std::min(x0, e.MinX);
    y0 = std::min(y0, e.MinY);
    x1 = std::max(x1, e.MaxX);
    y1 = std::max(y1, e.MaxY);
  }
  x0 = std::floor(x0 / cell_m) * cell_m;
  y0 = std::floor(y0 / cell_m) * cell_m;
  const auto nx = static_cast<std::size_t>(std::ceil((x1 - x0) / cell_m));
  const auto ny = static_cast<std::size_t>(std::ceil((y1 - y0) / cell_m));
  const int T = a.last.links.intervals > 0 ? a.last.links.intervals : 96;
  const double dt = 86400.0 / T;
  std::vector<float> grid(static_cast<std::size_t>(T) * ny * nx, 0.0f);
  const double scale = 1.0 / info_.sample_rate;
  auto add = [&](int k, double x, double y) {
    const auto cx = static_cast<long>((x - x0) / cell_m);
    const auto cy = static_cast<long>((y - y0) / cell_m);
    if (cx < 0 || cy < 0 || cx >= static_cast<long>(nx) || cy >= static_cast<long>(ny)) return;
    // Row 0 is the northern edge, as rasters expect.
    const std::size_t row = ny - 1 - static_cast<std::size_t>(cy);
    grid[(static_cast<std::size_t>(k) * ny + row) * nx + static_cast<std::size_t>(cx)] += static_cast<float>(scale);
  };
  const auto& p = d.population;
  const auto& trips = d.plans.trips;
  const auto& res = a.last.trips;
  std::size_t t = 0;
  for (std::size_t i = 0; i < p.num_persons(); ++i) {
    const auto h = p.household[i];
    if (!d.plans.sampled[h]) continue;
    while (t < trips.size() && static_cast<std::size_t>(trips.person[t]) < i) ++t;
    std::size_t first = t, last = t;
    while (last < trips.size() && static_cast<std::size_t>(trips.person[last]) == i) ++last;
    for (int k = 0; k < T; ++k) {
      const double now = (k + 0.5) * dt;
      Position pos{p.hh_x[h], p.hh_y[h]};
      for (std::size_t j = first; j < last; ++j) {
        const double dep = res.depart_s.empty() ? trips.depart_s[j] : res.depart_s[j];
        const double arr = res.arrival_s.empty() ? -1 : res.arrival_s[j];
        if (dep < 0 || dep > now) break;
        if (arr >= 0 && arr <= now) {
          pos = {trips.dest_x[j], trips.dest_y[j]};
        } else {
          pos = {(trips.origin_x[j] + trips.dest_x[j]) / 2, (trips.origin_y[j] + trips.dest_y[j]) / 2};
          break;
        }
      }
      add(k, pos.x, pos.y);
    }
  }
  std::vector<double> xs(nx), ys(ny);
  for (std::size_t c = 0; c < nx; ++c) xs[c] = x0 + (static_cast<double>(c) + 0.5) * cell_m;
  for (std::size_t r = 0; r < ny; ++r) ys[r] = y0 + (static_cast<double>(ny - 1 - r) + 0.5) * cell_m;
  write_vector(f, "grids/x", xs, "m", "cell centre easting");
  write_vector(f, "grids/y", ys, "m", "cell centre northing (north first)");
  std::vector<double> times(static_cast<std::size_t>(T));
  for (int k = 0; k < T; ++k) times[k] = (k + 0.5) * dt;
  write_vector(f, "grids/time", times, "seconds since 2025-01-01 00:00:00", "middle of each interval of the simulated day");
  write_array(f, "grids/present_population", grid, {static_cast<hsize_t>(T), ny, nx}, "persons",
              "people present in each cell at the middle of each interval (at home, at their activity, or "
              "half-way along a trip in progress), scaled by 1 / sample_rate");
  H5Id xd(H5Dopen2(f, "/grids/x", H5P_DEFAULT)), yd(H5Dopen2(f, "/grids/y", H5P_DEFAULT)),
      td(H5Dopen2(f, "/grids/time", H5P_DEFAULT)), pd(H5Dopen2(f, "/grids/present_population", H5P_DEFAULT));
  H5DSset_scale(xd.get(), "x");
  H5DSset_scale(yd.get(), "y");
  H5DSset_scale(td.get(), "time");
  H5DSattach_scale(pd.get(), td.get(), 0);
  H5DSattach_scale(pd.get(), yd.get(), 1);
  H5DSattach_scale(pd.get(), xd.get(), 2);
  set_attr(xd.get(), "standard_name", "projection_x_coordinate");
  set_attr(xd.get(), "axis", "X");
  set_attr(yd.get(), "standard_name", "projection_y_coordinate");
  set_attr(yd.get(), "axis", "Y");
  set_attr(td.get(), "standard_name", "time");
  set_attr(td.get(), "axis", "T");
  set_attr(pd.get(), "grid_mapping", "crs");
  set_attr(pd.get(), "long_name", "present population");
  // CF grid mapping: WKT for GDAL and QGIS, and the UTM parameters for CF readers.
  write_vector<std::int32_t>(f, "grids/crs", {0}, "1", "grid mapping (CF); see its attributes");
  H5Id cd(H5Dopen2(f, "/grids/crs", H5P_DEFAULT));
  set_attr(cd.get(), "grid_mapping_name", "transverse_mercator");
  set_attr(cd.get(), "spatial_ref", info_.crs_wkt);
  set_attr(cd.get(), "crs_wkt", info_.crs_wkt);
  OGRSpatialReference srs;
  srs.importFromWkt(info_.crs_wkt.c_str());
  set_attr(cd.get(), "longitude_of_central_meridian", srs.GetProjParm(SRS_PP_CENTRAL_MERIDIAN, 105.0));
  set_attr(cd.get(), "latitude_of_projection_origin", 0.0);
  set_attr(cd.get(), "scale_factor_at_central_meridian", srs.GetProjParm(SRS_PP_SCALE_FACTOR, 0.9996));
  set_attr(cd.get(), "false_easting", srs.GetProjParm(SRS_PP_FALSE_EASTING, 500000.0));
  set_attr(cd.get(), "false_northing", srs.GetProjParm(SRS_PP_FALSE_NORTHING, 10000000.0));
  H5Id g(H5Gopen2(f, "/grids", H5P_DEFAULT));
  set_attr(g.get(), "Conventions", "CF-1.8");
  set_attr(g.get(), "cell_size_m", cell_m);
  std::vector<double> gt = {x0, cell_m, 0.0, y0 + static_cast<double>(ny) * cell_m, 0.0, -cell_m};
  set_attr(g.get(), "geotransform", gt);
}

}  // namespace ogan::io
