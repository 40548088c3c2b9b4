#include <hdf5_hl.h>

#include "engine/io/results.hpp"

namespace ogan::io {

void ResultsWriter::write_traffic(const scenario::World& w, const scenario::Demand& d,
                                  const traffic::AssignmentResult& a) {
  const hid_t f = file_.get();
  const auto& s = a.last.links;
  const auto T = static_cast<hsize_t>(s.intervals);
  const auto L = static_cast<hsize_t>(s.links);
  const double scale = 1.0 / info_.sample_rate;
  const auto cells = s.volume_pcu.size();

  std::vector<float> vol(s.volume_veh.size());
  for (std::size_t i = 0; i < vol.size(); ++i) vol[i] = static_cast<float>(s.volume_veh[i] * scale);
  write_array(f, "traffic/links/volume_veh", vol, {T, L, traffic::kNetworkModes}, "veh/interval",
              "vehicles entering the link in the interval by mode (attribute 'modes'), scaled to 100 %");
  {
    H5Id ds(H5Dopen2(f, "/traffic/links/volume_veh", H5P_DEFAULT));
    set_attr(ds.get(), "modes", std::string("motorcycle,car,angkot,ojek"));
  }
  std::vector<float> pcu(cells), speed(cells), ttime(cells), queue(cells), vc(cells);
  const double per_hour = 3600.0 / (86400.0 / static_cast<double>(s.intervals));
  for (std::size_t c = 0; c < cells; ++c) {
    const std::size_t l = c % s.links;
    pcu[c] = static_cast<float>(s.volume_pcu[c] * scale);
    const double mean_tt = s.exits[c] > 0 ? s.travel_time_sum_s[c] / s.exits[c] : 0;
    ttime[c] = static_cast<float>(mean_tt);
    speed[c] = s.exits[c] > 0 && mean_tt > 0 ? static_cast<float>(w.network.length_m[l] / mean_tt) : 0.0f;
    queue[c] = static_cast<float>(s.queue_pcu[c] * scale);
    vc[c] = static_cast<float>(s.volume_pcu[c] * scale * per_hour / w.network.capacity_pcu_h[l]);
  }
  write_array(f, "traffic/links/volume_pcu", pcu, {T, L}, "pcu/interval", "pcu entering the link in the interval, scaled to 100 %");
  write_array(f, "traffic/links/mean_speed_mps", speed, {T, L}, "m/s", "mean speed of vehicles leaving the link in the interval; 0 if none left");
  write_array(f, "traffic/links/mean_travel_time_s", ttime, {T, L}, "s", "mean link travel time of vehicles leaving in the interval; 0 if none");
  write_array(f, "traffic/links/queue_pcu", queue, {T, L}, "pcu", "pcu waiting at the link's end at the end of the interval, scaled");
  write_array(f, "traffic/links/volume_capacity", vc, {T, L}, "1", "hourly pcu flow entering / capacity");
  for (const char* name : {"volume_veh", "volume_pcu", "mean_speed_mps", "mean_travel_time_s", "queue_pcu", "volume_capacity"}) {
    H5Id ds(H5Dopen2(f, (std::string("/traffic/links/") + name).c_str(), H5P_DEFAULT));
    H5Id ts(H5Dopen2(f, "/time/interval_start_s", H5P_DEFAULT));
    H5DSattach_scale(ds.get(), ts.get(), 0);
  }

  const auto& p = d.plans.trips;
  const auto& r = a.last.trips;
  std::vector<std::uint8_t> mode(p.size()), purpose(p.size()), status(p.size());
  for (std::size_t k = 0; k < p.size(); ++k) {
    mode[k] = static_cast<std::uint8_t>(p.mode[k]);
    purpose[k] = static_cast<std::uint8_t>(p.purpose[k]);
    status[k] = static_cast<std::uint8_t>(r.status[k]);
  }
  write_vector(f, "traffic/trips/person", p.person, "1", "person row");
  write_vector(f, "traffic/trips/mode", mode, "1", "mode, index into population/plans/trip_mode labels");
  write_vector(f, "traffic/trips/purpose", purpose, "1", "purpose at destination, index into population/plans/trip_purpose labels");
  write_vector(f, "traffic/trips/depart_s", r.depart_s, "s", "actual departure (-1 never started)");
  write_vector(f, "traffic/trips/arrival_s", r.arrival_s, "s", "arrival (-1 not arrived)");
  write_vector(f, "traffic/trips/distance_m", r.route_length_m, "m", "route length on the network (0 for teleported trips)");
  write_vector(f, "traffic/trips/planned_distance_m", p.distance_m, "m", "planned network distance");
  write_vector(f, "traffic/trips/free_time_s", r.free_time_s, "s", "free-flow time along the route (teleported: the mode's time)");
  write_vector(f, "traffic/trips/status", status, "1", "0 not started, 1 en route at the end, 2 arrived, 3 teleported, 4 cancelled (closed origin or destination)");
  write_vector(f, "traffic/trips/stuck", r.stuck, "1", "1 if forced past a blocked link");

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
  write_vector(f, "traffic/iterations/iteration", it, "1", "iteration number, from 0");
  write_vector(f, "traffic/iterations/mean_travel_time_s", mean_tt, "s", "mean travel time of arrived network trips");
  write_vector(f, "traffic/iterations/total_delay_h", delay, "veh-h", "sum of travel time above free flow, scaled");
  write_vector(f, "traffic/iterations/relative_gap", gap, "1", "(route cost - best cost) / route cost under the iteration's travel times");
  write_vector(f, "traffic/iterations/vehicle_km", vkm, "veh-km", "scaled to 100 %");
  write_vector(f, "traffic/iterations/vehicle_h", vh, "veh-h", "scaled to 100 %");
  write_vector(f, "traffic/iterations/routing_s", routing, "s", "wall time of routing before the iteration");
  write_vector(f, "traffic/iterations/simulation_s", sim, "s", "wall time of the simulation");

  // Mean network speed by hour: link-km over link-hours of vehicles leaving links in that hour.
  std::vector<double> by_hour;
  for (const auto& [km, hours] : traffic::hourly_km_hours(s, w.network.length_m)) by_hour.push_back(hours > 0 ? km / hours : 0);
  write_vector(f, "traffic/network/mean_speed_by_hour_kmh", by_hour, "km/h", "network mean speed by hour of the day");
}

}  // namespace ogan::io
