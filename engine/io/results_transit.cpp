#include "engine/core/error.hpp"
#include "engine/io/results.hpp"

namespace ogan::io {

void ResultsWriter::write_transit(const metrics::TransitMetrics& m) {
  const hid_t f = file_.get();
  const auto T = static_cast<hsize_t>(m.intervals);
  const auto L = static_cast<hsize_t>(m.line_id.size());
  if (m.boardings.size() != T * L || m.stop_boardings.size() != m.stop_x.size())
    throw InternalError("write_transit: statistics do not match the lines and stops");
  namespace n = results::transit;
  write_strings(f, n::kLineId, m.line_id, "line id (data/transit/lines.yaml)");
  write_strings(f, n::kLineName, m.line_name, "line name");
  write_strings(f, n::kLineKind, m.line_kind, "angkot (town) or minibus (rural)");
  write_vector(f, n::kLineFleet, m.line_fleet, "vehicles", "vehicles on the line");
  write_vector(f, n::kLineCapacity, m.line_capacity, "passengers",
               "places per vehicle, seated + standing");
  write_vector(f, n::kLineRuns, m.line_runs, "runs/day",
               "planned terminal-to-terminal runs, both directions");
  write_vector(f, n::kLineStops, m.line_stops, "1", "stops, both directions");
  write_vector(f, n::kLineLengthM, m.line_length_m, "m",
               "route length from the first to the last waypoint");
  write_vector(f, n::kStopX, m.stop_x, "m", "stop position, x in the run's CRS (attribute crs)");
  write_vector(f, n::kStopY, m.stop_y, "m", "stop position, y in the run's CRS");
  write_vector(f, n::kStopLine, m.stop_line, "1", "row of /transit/lines");
  write_vector(f, n::kStopDirection, m.stop_direction, "1", "0: first to last waypoint, 1: back");
  write_vector(f, n::kStopSeq, m.stop_seq, "1", "order of the stop along its direction");
  write_vector(f, n::kStopBoardings, m.stop_boardings, "boardings/day",
               "passengers boarding at the stop, scaled to 100 %");
  write_vector(f, n::kStopAlightings, m.stop_alightings, "alightings/day",
               "passengers alighting at the stop, scaled to 100 %");
  write_vector(f, n::kStopMeanWaitS, m.stop_mean_wait_s, "s",
               "mean wait of those who boarded at the stop (0 if none)");
  write_array(f, n::kBoardings, m.boardings, {T, L}, "boardings/interval",
              "boardings on the line in the interval, scaled to 100 %");
  write_array(f, n::kMeanLoad, m.mean_load, {T, L}, "passengers",
              "mean load of the line's vehicles leaving a stop in the interval, scaled");
  write_array(f, n::kMaxLoad, m.max_load, {T, L}, "passengers",
              "highest load of a vehicle leaving a stop in the interval, scaled");
  write_array(f, n::kMeanWaitS, m.mean_wait_s, {T, L}, "s",
              "mean wait at the stop of those boarding in the interval (0 if none)");
  write_array(f, n::kDenied, m.denied, {T, L}, "passengers/interval",
              "passengers left at a stop by a full vehicle of the line (once per vehicle), scaled");
  write_vector(f, n::kLinePcu, m.line_pcu, "pcu", "road space of one vehicle");
  write_runs(f, m);
}

void ResultsWriter::write_runs(hid_t f, const metrics::TransitMetrics& m) {
  namespace n = results::transit;
  const std::size_t nr = m.run_line.size(), ne = m.stop_pos.size();
  if (nr == 0) return;  // a day that did not finish
  if (m.run_route_offset.size() != nr + 1 ||
      m.run_route_offset.back() != m.run_route_links.size() || m.run_stop_offset.size() != nr + 1 ||
      m.run_stop_offset.back() != ne)
    throw InternalError("write_transit: run offsets do not cover the routes and stops");
  write_vector(f, n::kRunLine, m.run_line, "1", "row of /transit/lines");
  write_vector(f, n::kRunDirection, m.run_direction, "1", "0: first to last waypoint, 1: back");
  write_vector(f, n::kRunVehicle, m.run_vehicle, "1",
               "the line's vehicle that drives the run (numbered over all lines)");
  write_vector(f, n::kRunPlannedDepartS, m.run_planned_depart_s, "s",
               "planned departure from the terminal");
  write_vector(f, n::kRunReadyS, m.run_ready_s, "s",
               "ready to leave: the planned time, or the end of the vehicle's previous run if "
               "later (-1: never)");
  write_vector(f, n::kRunDepartS, m.run_depart_s, "s", "entered the road (-1: never)");
  write_vector(f, n::kRunArrivalS, m.run_arrival_s, "s", "arrived at its last stop (-1: not)");
  write_vector(f, n::kRunRouteOffset, m.run_route_offset, "1",
               "run i's route is route_links[route_offset[i] : route_offset[i+1]]");
  write_vector(f, n::kRunRouteLinks, m.run_route_links, "1",
               "rows of /network/links in the order driven");
  write_vector(f, n::kRunStopOffset, m.run_stop_offset, "1",
               "run i served stops stop_offset[i] : stop_offset[i+1] (in the order served)");
  write_vector(f, n::kRunStopPos, m.stop_pos, "1",
               "index in the run's route of the link at whose end it stopped");
  write_vector(f, n::kRunStopLink, m.stop_link, "1", "that link: row of /network/links");
  write_vector(f, n::kRunStopId, m.stop_id, "1",
               "row of /transit/stops (-1: the end of a run cut short by a closure)");
  write_vector(f, n::kRunStopTimeS, m.stop_time_s, "s", "when the vehicle stopped");
  write_vector(f, n::kRunStopDwellS, m.stop_dwell_s, "s",
               "how long passengers took to alight and board (0: nobody did)");
}

}  // namespace ogan::io
