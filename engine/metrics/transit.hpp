#pragma once

#include <string>
#include <vector>

#include "engine/results/kpi.hpp"
#include "engine/traffic/assignment.hpp"
#include "engine/traffic/transit_network.hpp"

namespace ogan::metrics {

// Public transport of the last day, by line and interval and by stop, scaled to 100 %
// (docs/results-format.md, /transit).
struct TransitMetrics {
  int intervals = 0;
  // Lines.
  std::vector<std::string> line_id, line_name, line_kind;
  std::vector<std::int32_t> line_fleet, line_capacity, line_runs, line_stops;
  std::vector<double> line_length_m;  // first to last waypoint
  // Stops: position in the run's CRS, line, direction (0 out, 1 back), order along it.
  std::vector<double> stop_x, stop_y;
  std::vector<std::int32_t> stop_line, stop_direction, stop_seq;
  std::vector<double> stop_boardings, stop_alightings, stop_mean_wait_s;
  // [T][lines].
  std::vector<double> boardings, mean_load, max_load, mean_wait_s, denied;
  std::vector<double> line_pcu;  // road space of one vehicle
  // The vehicles' runs (docs/results-format.md, /transit/runs): line, direction, vehicle, times,
  // route as driven (CSR) and the stops served (CSR, in the order served).
  std::vector<std::int32_t> run_line, run_direction, run_vehicle;
  std::vector<double> run_planned_depart_s, run_ready_s, run_depart_s, run_arrival_s;
  std::vector<std::uint32_t> run_route_offset, run_stop_offset;
  std::vector<std::int32_t> run_route_links, stop_pos, stop_link, stop_id;
  std::vector<double> stop_time_s, stop_dwell_s;
};

TransitMetrics transit_metrics(const traffic::TransitNetwork& tn, const traffic::TransitStats& st,
                               double sample_rate);

// pt_* KPIs: boardings, passengers, mean wait, mean door-to-door trip time, the shares left
// behind by a full vehicle and still on the way at the end, give-ups, vehicle runs.
std::vector<results::Kpi> transit_kpis(const traffic::TransitNetwork& tn,
                                       const traffic::AssignmentResult& a, double sample_rate);

}  // namespace ogan::metrics
