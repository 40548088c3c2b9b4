#include <cmath>

#include "engine/io/results.hpp"

namespace ogan::io {

namespace {

std::int32_t seconds(double s) {
  return static_cast<std::int32_t>(std::lround(s));
}

}  // namespace

void ResultsWriter::write_observations(const metrics::ObservationComparison& c) {
  namespace o = results::observations;
  const hid_t f = file_.get();
  {
    H5Id g = ensure_group(f, o::kGroup);
    set_attr(g.get(), results::attr::kUntilS, c.until_s);
  }

  std::vector<std::string> id, how, source;
  std::vector<std::int32_t> link;
  std::vector<double> snap;
  for (const auto& s : c.stations) {
    id.push_back(s.id);
    link.push_back(s.link);
    snap.push_back(s.snap_distance_m);
    how.push_back(s.how);
    source.push_back(s.source);
  }
  write_strings(f, o::kStationsId, id, "station id as observed");
  write_vector(f, o::kStationsLink, link, "1", "row of /network/links the station counts on");
  write_vector(f, o::kStationsSnapDistanceM, snap, "m",
               "distance from the station's point to its link; 0 when given by link id");
  write_strings(f, o::kStationsHow, how,
                "how the station was placed: link_id (stations.csv) or snapped (stations.gpkg)");
  write_strings(f, o::kStationsSource, source, "where the station was read (file:line)");

  {
    std::vector<std::int32_t> station, from, to;
    std::vector<std::uint8_t> cls;
    std::vector<double> observed, simulated, geh;
    source.clear();
    for (const auto& r : c.counts) {
      station.push_back(r.station);
      from.push_back(seconds(r.from_s));
      to.push_back(seconds(r.to_s));
      cls.push_back(static_cast<std::uint8_t>(r.vehicle_class));
      observed.push_back(r.observed);
      simulated.push_back(r.simulated);
      geh.push_back(r.geh);
      source.push_back(r.source);
    }
    write_vector(f, o::kCountsStation, station, "1", "row of /observations/stations");
    write_vector(f, o::kCountsFromS, from, "s", "start of the counted interval after midnight");
    write_vector(f, o::kCountsToS, to, "s", "end of the counted interval after midnight");
    write_vector(f, o::kCountsClass, cls, "1", "vehicle class counted (attribute classes)");
    write_vector(f, o::kCountsObserved, observed, "veh", "vehicles counted in the interval");
    write_vector(f, o::kCountsSimulated, simulated, "veh",
                 "vehicles entering the link in the interval, scaled by 1 / sample_rate");
    write_vector(f, o::kCountsGeh, geh, "1",
                 "GEH statistic of the hourly-equivalent flows (DMRB: GEH < 5 for 85 % of counts)");
    write_strings(f, o::kCountsSource, source, "where the count was read (file:line)");
    H5Id ds(H5Dopen2(f, o::kCountsClass, H5P_DEFAULT));
    set_attr(ds.get(), results::attr::kClasses, metrics::vehicle_class_labels());
  }

  {
    std::vector<std::string> route;
    std::vector<std::int32_t> offset{0}, links, from, to;
    std::vector<double> observed, simulated;
    source.clear();
    for (const auto& r : c.travel_times) {
      route.push_back(r.route_id);
      links.insert(links.end(), r.links.begin(), r.links.end());
      offset.push_back(static_cast<std::int32_t>(links.size()));
      from.push_back(seconds(r.from_s));
      to.push_back(seconds(r.to_s));
      observed.push_back(r.observed_s);
      simulated.push_back(r.simulated_s);
      source.push_back(r.source);
    }
    write_strings(f, o::kTravelTimesRoute, route, "route id as observed");
    write_vector(f, o::kTravelTimesLinkOffset, offset, "1",
                 "record r's links are links[link_offset[r] .. link_offset[r + 1])");
    write_vector(f, o::kTravelTimesLinks, links, "1", "rows of /network/links, in route order");
    write_vector(f, o::kTravelTimesFromS, from, "s", "start of the interval after midnight");
    write_vector(f, o::kTravelTimesToS, to, "s", "end of the interval after midnight");
    write_vector(f, o::kTravelTimesObservedS, observed, "s", "observed mean travel time");
    write_vector(f, o::kTravelTimesSimulatedS, simulated, "s",
                 "sum of the links' mean travel times of vehicles leaving them in the interval "
                 "(free-flow time where none left)");
    write_strings(f, o::kTravelTimesSource, source, "where the record was read (file:line)");
  }

  {
    std::vector<std::int32_t> facility, from, to;
    std::vector<double> oa, sa, os, ss, oq, sq, ow, sw;
    source.clear();
    for (const auto& r : c.facilities) {
      facility.push_back(r.facility);
      from.push_back(seconds(r.from_s));
      to.push_back(seconds(r.to_s));
      oa.push_back(r.observed_arrivals);
      sa.push_back(r.simulated_arrivals);
      os.push_back(r.observed_served);
      ss.push_back(r.simulated_served);
      oq.push_back(r.observed_queue);
      sq.push_back(r.simulated_queue);
      ow.push_back(r.observed_mean_wait_s);
      sw.push_back(r.simulated_mean_wait_s);
      source.push_back(r.source);
    }
    write_vector(f, o::kFacilitiesFacility, facility, "1", "row of /facilities");
    write_vector(f, o::kFacilitiesFromS, from, "s", "start of the interval after midnight");
    write_vector(f, o::kFacilitiesToS, to, "s", "end of the interval after midnight");
    write_vector(f, o::kFacilitiesObservedArrivals, oa, "visitors",
                 "visitors who arrived in the interval; NaN: not observed");
    write_vector(f, o::kFacilitiesSimulatedArrivals, sa, "visitors",
                 "visitors who arrived in the interval, scaled by 1 / sample_rate");
    write_vector(f, o::kFacilitiesObservedServed, os, "visitors",
                 "visitors of the interval's arrivals who were served; NaN: not observed");
    write_vector(f, o::kFacilitiesSimulatedServed, ss, "visitors",
                 "visitors of the interval's arrivals who were served, scaled");
    write_vector(f, o::kFacilitiesObservedQueue, oq, "visitors",
                 "waiting at the interval's end; NaN: not observed");
    write_vector(f, o::kFacilitiesSimulatedQueue, sq, "visitors",
                 "waiting at the interval's end, scaled");
    write_vector(f, o::kFacilitiesObservedMeanWaitS, ow, "s",
                 "mean wait of the visitors served; NaN: not observed");
    write_vector(f, o::kFacilitiesSimulatedMeanWaitS, sw, "s",
                 "mean wait of the visitors served, by arrival interval; NaN: none served");
    write_strings(f, o::kFacilitiesSource, source, "where the record was read (file:line)");
  }

  std::vector<std::string> names, units;
  std::vector<double> values;
  for (const auto& k : c.summary) {
    names.push_back(k.name);
    values.push_back(k.value);
    units.push_back(k.unit);
  }
  write_strings(f, o::kSummaryKpiName, names, "KPI name (docs/observations.md)");
  write_vector(f, o::kSummaryKpiValue, values, "see kpi_unit",
               "KPI value; NaN when there is nothing to compute it on");
  write_strings(f, o::kSummaryKpiUnit, units, "unit of each KPI");
}

}  // namespace ogan::io
