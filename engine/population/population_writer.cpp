#include "engine/population/population_writer.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/gis/gpkg_output.hpp"

namespace ogan::pop {

namespace {
constexpr auto field = &gis::GpkgOutput::field;
std::string hhmm(double s) {
  const auto m = static_cast<long>(s / 60);
  return fmt::format("{:02d}:{:02d}", m / 60, m % 60);
}
}  // namespace

void write_population_gpkg(const std::string& path, const std::string& crs_wkt,
                           const Population& pop, const Plans& plans, const gis::Zones& zones,
                           const FacilitySites& fac) {
  gis::GpkgOutput out(path);
  OGRSpatialReference srs;
  srs.importFromWkt(crs_wkt.c_str());
  OGRLayer* hh = out.layer("households", &srs, wkbPoint);
  OGRLayer* persons = out.layer("persons", nullptr, wkbNone);
  OGRLayer* trips = out.layer("trips", &srs, wkbLineString);
  field(hh, "household_id", OFTInteger);
  field(hh, "zone_code", OFTString);
  field(hh, "size", OFTInteger);
  field(hh, "motorcycles", OFTInteger);
  field(hh, "cars", OFTInteger);
  field(hh, "sampled", OFTInteger);
  field(hh, "link_id", OFTInteger);
  field(persons, "person_id", OFTInteger);
  field(persons, "household_id", OFTInteger);
  field(persons, "sex", OFTString);
  field(persons, "age", OFTInteger);
  field(persons, "role", OFTString);
  field(persons, "sector", OFTString);
  field(persons, "licence", OFTInteger);
  field(persons, "motorcycle_access", OFTInteger);
  field(persons, "school", OFTString);
  field(trips, "person_id", OFTInteger);
  field(trips, "seq", OFTInteger);
  field(trips, "purpose", OFTString);
  field(trips, "mode", OFTString);
  field(trips, "depart", OFTString);
  field(trips, "depart_s", OFTReal);
  field(trips, "duration_s", OFTReal);
  field(trips, "distance_m", OFTReal);
  field(trips, "free_time_s", OFTReal);
  field(trips, "origin_zone", OFTString);
  field(trips, "dest_zone", OFTString);
  field(trips, "facility", OFTString);
  for (std::size_t h = 0; h < pop.num_households(); ++h) {
    OGRFeature f(hh->GetLayerDefn());
    f.SetField("household_id", static_cast<int>(h));
    f.SetField("zone_code", zones.id[pop.hh_zone[h]].c_str());
    f.SetField("size", pop.hh_size[h]);
    f.SetField("motorcycles", pop.hh_motorcycles[h]);
    f.SetField("cars", pop.hh_cars[h]);
    f.SetField("sampled", plans.sampled[h]);
    f.SetField("link_id", pop.hh_link[h]);
    OGRPoint p(pop.hh_x[h], pop.hh_y[h]);
    f.SetGeometry(&p);
    gis::GpkgOutput::add(hh, f);
  }
  for (std::size_t i = 0; i < pop.num_persons(); ++i) {
    OGRFeature f(persons->GetLayerDefn());
    f.SetField("person_id", static_cast<int>(i));
    f.SetField("household_id", pop.household[i]);
    f.SetField("sex", pop.female[i] ? "F" : "M");
    f.SetField("age", pop.age[i]);
    f.SetField("role", role_name(pop.role[i]));
    f.SetField("sector", sector_name(pop.sector[i]));
    f.SetField("licence", pop.licence[i]);
    f.SetField("motorcycle_access", pop.motorcycle_access[i]);
    if (plans.school_of[i] >= 0) f.SetField("school", fac.name[plans.school_of[i]].c_str());
    gis::GpkgOutput::add(persons, f);
  }
  const auto& t = plans.trips;
  for (std::size_t k = 0; k < t.size(); ++k) {
    OGRFeature f(trips->GetLayerDefn());
    f.SetField("person_id", t.person[k]);
    f.SetField("seq", t.seq[k]);
    f.SetField("purpose", std::string(activity_name(t.purpose[k])).c_str());
    f.SetField("mode", std::string(mode_info(t.mode[k]).name).c_str());
    f.SetField("depart", hhmm(t.depart_s[k]).c_str());
    f.SetField("depart_s", t.depart_s[k]);
    f.SetField("duration_s", t.duration_s[k]);
    f.SetField("distance_m", t.distance_m[k]);
    f.SetField("free_time_s", t.free_time_s[k]);
    if (t.origin_zone[k] >= 0) f.SetField("origin_zone", zones.id[t.origin_zone[k]].c_str());
    if (t.dest_zone[k] >= 0) f.SetField("dest_zone", zones.id[t.dest_zone[k]].c_str());
    if (t.dest_facility[k] >= 0) f.SetField("facility", fac.name[t.dest_facility[k]].c_str());
    OGRLineString ls;
    ls.addPoint(t.origin_x[k], t.origin_y[k]);
    ls.addPoint(t.dest_x[k], t.dest_y[k]);
    f.SetGeometry(&ls);
    gis::GpkgOutput::add(trips, f);
  }
  out.commit();
}

}  // namespace ogan::pop
