#include <hdf5_hl.h>
#include <ogr_spatialref.h>

#include <cmath>

#include "engine/io/results.hpp"

namespace ogan::io {

void ResultsWriter::write_present_population(const metrics::PresentPopulation& present) {
  const hid_t f = file_.get();
  const auto& spec = present.grid;
  const double cell_m = spec.cell_m;
  const auto T = present.intervals;
  write_vector(f, results::path::kGridsX, present.x, "m", "cell centre easting");
  write_vector(f, results::path::kGridsY, present.y, "m", "cell centre northing (north first)");
  write_vector(f, results::path::kGridsTime, present.time_s, "seconds since 2025-01-01 00:00:00",
               "middle of each interval of the simulated day");
  write_array(
      f, results::path::kGridsPresentPopulation, present.persons,
      {static_cast<hsize_t>(T), spec.ny, spec.nx}, "persons",
      "people present in each cell at the middle of each interval (at home, at their activity, or "
      "half-way along a trip in progress), scaled by 1 / sample_rate");
  H5Id xd(H5Dopen2(f, results::path::kGridsX, H5P_DEFAULT)),
      yd(H5Dopen2(f, results::path::kGridsY, H5P_DEFAULT)),
      td(H5Dopen2(f, results::path::kGridsTime, H5P_DEFAULT)),
      pd(H5Dopen2(f, results::path::kGridsPresentPopulation, H5P_DEFAULT));
  H5DSset_scale(xd.get(), "x");
  H5DSset_scale(yd.get(), "y");
  H5DSset_scale(td.get(), "time");
  H5DSattach_scale(pd.get(), td.get(), 0);
  H5DSattach_scale(pd.get(), yd.get(), 1);
  H5DSattach_scale(pd.get(), xd.get(), 2);
  set_attr(xd.get(), results::attr::kStandardName, "projection_x_coordinate");
  set_attr(xd.get(), results::attr::kAxis, "X");
  set_attr(yd.get(), results::attr::kStandardName, "projection_y_coordinate");
  set_attr(yd.get(), results::attr::kAxis, "Y");
  set_attr(td.get(), results::attr::kStandardName, "time");
  set_attr(td.get(), results::attr::kAxis, "T");
  set_attr(pd.get(), results::attr::kGridMapping, "crs");
  set_attr(pd.get(), results::attr::kLongName, "present population");
  // CF grid mapping: WKT for GDAL and QGIS, and the UTM parameters for CF readers.
  write_vector<std::int32_t>(f, results::path::kGridsCrs, {0}, "1",
                             "grid mapping (CF); see its attributes");
  H5Id cd(H5Dopen2(f, results::path::kGridsCrs, H5P_DEFAULT));
  set_attr(cd.get(), results::attr::kGridMappingName, "transverse_mercator");
  set_attr(cd.get(), results::attr::kSpatialRef, info_.crs_wkt);
  set_attr(cd.get(), results::attr::kCrsWkt, info_.crs_wkt);
  OGRSpatialReference srs;
  srs.importFromWkt(info_.crs_wkt.c_str());
  set_attr(cd.get(), "longitude_of_central_meridian",
           srs.GetProjParm(SRS_PP_CENTRAL_MERIDIAN, 105.0));
  set_attr(cd.get(), "latitude_of_projection_origin", 0.0);
  set_attr(cd.get(), "scale_factor_at_central_meridian",
           srs.GetProjParm(SRS_PP_SCALE_FACTOR, 0.9996));
  set_attr(cd.get(), "false_easting", srs.GetProjParm(SRS_PP_FALSE_EASTING, 500000.0));
  set_attr(cd.get(), "false_northing", srs.GetProjParm(SRS_PP_FALSE_NORTHING, 10000000.0));
  H5Id g(H5Gopen2(f, results::path::kGrids, H5P_DEFAULT));
  set_attr(g.get(), results::attr::kConventions, "CF-1.8");
  set_attr(g.get(), results::attr::kCellSizeM, cell_m);
  std::vector<double> gt = {spec.x0, cell_m, 0.0, spec.y0 + static_cast<double>(spec.ny) * cell_m,
                            0.0,     -cell_m};
  set_attr(g.get(), results::attr::kGeotransform, gt);
}

}  // namespace ogan::io
