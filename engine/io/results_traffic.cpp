#include "engine/io/results.hpp"

namespace ogan::io {

void ResultsWriter::write_traffic(const scenario::Demand& d, const traffic::AssignmentResult& a,
                                  const metrics::LinkIntervalMetrics& m,
                                  const std::vector<double>& mean_speed_by_hour_kmh) {
  const hid_t f = file_.get();
  const auto T = static_cast<hsize_t>(m.intervals);
  const auto L = static_cast<hsize_t>(m.links);
  write_array(
      f, results::path::kLinkVolumeVeh, m.volume_veh, {T, L, traffic::kNetworkModes},
      "veh/interval",
      "vehicles entering the link in the interval by mode (attribute 'modes'), scaled to 100 %");
  {
    H5Id ds(H5Dopen2(f, results::path::kLinkVolumeVeh, H5P_DEFAULT));
    set_attr(ds.get(), results::attr::kModes, std::string("motorcycle,car,angkot,ojek"));
  }
  write_array(f, results::path::kLinkVolumePcu, m.volume_pcu, {T, L}, "pcu/interval",
              "pcu entering the link in the interval, scaled to 100 %");
  write_array(f, results::path::kLinkMeanSpeedMps, m.mean_speed_mps, {T, L}, "m/s",
              "mean speed of vehicles leaving the link in the interval; 0 if none left");
  write_array(f, results::path::kLinkMeanTravelTimeS, m.mean_travel_time_s, {T, L}, "s",
              "mean link travel time of vehicles leaving in the interval; 0 if none");
  write_array(f, results::path::kLinkQueuePcu, m.queue_pcu, {T, L}, "pcu",
              "pcu waiting at the link's end at the end of the interval, scaled");
  write_array(f, results::path::kLinkVolumeCapacity, m.volume_capacity, {T, L}, "1",
              "hourly pcu flow entering / capacity");
  attach_scale(f, results::kLinkIntervalDatasets, results::path::kIntervalStartS, 0);

  const auto& p = d.plans.trips;
  const auto& r = a.last.trips;
  const auto& pax = a.last.transit.passenger;
  std::vector<std::uint8_t> mode(p.size()), purpose(p.size()), status(p.size()), transit(p.size());
  for (std::size_t k = 0; k < p.size(); ++k) {
    // The mode travelled: with public transport on, an angkot trip that did not ride a line (none
    // within reach, or outside its hours) went by ojek, a motorcycle on the road.
    transit[k] = k < pax.size() && pax[k] ? 1 : 0;
    const bool ojek = p.mode[k] == pop::Mode::Angkot && !pax.empty() && !transit[k];
    mode[k] = static_cast<std::uint8_t>(ojek ? pop::Mode::Ojek : p.mode[k]);
    purpose[k] = static_cast<std::uint8_t>(p.purpose[k]);
    status[k] = static_cast<std::uint8_t>(r.status[k]);
  }
  write_vector(f, results::path::kTripsPerson, p.person, "1", "person row");
  write_vector(f, results::path::kTripsMode, mode, "1",
               "mode travelled (an angkot trip that rode no line: ojek), index into "
               "population/plans/trip_mode labels");
  write_vector(f, results::path::kTripsTransit, transit, "1",
               "1 if the trip rode public transport: no vehicle of its own on the road");
  write_vector(f, results::path::kTripsPurpose, purpose, "1",
               "purpose at destination, index into population/plans/trip_purpose labels");
  write_vector(f, results::path::kTripsDepartS, r.depart_s, "s",
               "actual departure (-1 never started)");
  write_vector(f, results::path::kTripsArrivalS, r.arrival_s, "s", "arrival (-1 not arrived)");
  write_vector(f, results::path::kTripsDistanceM, r.route_length_m, "m",
               "route length on the network (0 for teleported trips)");
  write_vector(f, results::path::kTripsPlannedDistanceM, p.distance_m, "m",
               "planned network distance");
  write_vector(f, results::path::kTripsFreeTimeS, r.free_time_s, "s",
               "free-flow time along the route (teleported: the mode's time)");
  write_vector(f, results::path::kTripsStatus, status, "1",
               "0 not started, 1 en route at the end, 2 arrived, 3 teleported, 4 cancelled (closed "
               "origin or destination)");
  write_vector(f, results::path::kTripsStuck, r.stuck, "1", "1 if forced past a blocked link");
  write_vector(f, results::path::kTripsDepartureDelayS, r.departure_delay_s, "s",
               "wait at the origin for room on the first link, before depart_s");

  std::vector<std::int32_t> it;
  std::vector<double> mean_tt, delay, gap, vkm, vh, routing, sim;
  for (const auto& st : a.iterations) {
    it.push_back(st.iteration);
    mean_tt.push_back(st.mean_travel_time_s);
    delay.push_back(st.total_delay_h);
    gap.push_back(st.relative_gap);
    vkm.push_back(st.vehicle_km);
    vh.push_back(st.vehicle_h);
    routing.push_back(st.routing_s);
    sim.push_back(st.simulation_s);
  }
  write_vector(f, results::path::kIterIteration, it, "1", "iteration number, from 0");
  write_vector(f, results::path::kIterMeanTravelTimeS, mean_tt, "s",
               "mean travel time of arrived network trips");
  write_vector(f, results::path::kIterTotalDelayH, delay, "veh-h",
               "sum of travel time above free flow, scaled");
  write_vector(f, results::path::kIterRelativeGap, gap, "1",
               "(route cost - best cost) / route cost under the iteration's travel times");
  write_vector(f, results::path::kIterVehicleKm, vkm, "veh-km", "scaled to 100 %");
  write_vector(f, results::path::kIterVehicleH, vh, "veh-h", "scaled to 100 %");
  write_vector(f, results::path::kIterRoutingS, routing, "s",
               "wall time of routing before the iteration");
  write_vector(f, results::path::kIterSimulationS, sim, "s", "wall time of the simulation");

  // Mean network speed by hour: link-km over link-hours of vehicles leaving links in that hour.
  write_vector(f, results::path::kNetworkMeanSpeedByHourKmh, mean_speed_by_hour_kmh, "km/h",
               "network mean speed by hour of the day");
}

}  // namespace ogan::io
