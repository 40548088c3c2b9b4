#include "engine/metrics/transit.hpp"

#include <algorithm>

namespace ogan::metrics {

namespace {

// Runs and the stops they served, grouped by run in the order served. A day that did not finish
// (no run records) gives none.
void add_runs(const traffic::TransitNetwork& tn, const traffic::TransitStats& st,
              TransitMetrics& m) {
  const std::size_t nr = tn.runs.size();
  if (st.run_depart_s.size() != nr || st.run_route_offset.size() != nr + 1) return;
  m.run_route_offset = st.run_route_offset;
  m.run_route_links = st.run_route_links;
  m.run_ready_s = st.run_ready_s;
  m.run_depart_s = st.run_depart_s;
  m.run_arrival_s = st.run_arrival_s;
  for (const auto& r : tn.runs) {
    m.run_line.push_back(tn.patterns[static_cast<std::size_t>(r.pattern)].line);
    m.run_direction.push_back(r.pattern % 2);
    m.run_vehicle.push_back(r.vehicle);
    m.run_planned_depart_s.push_back(r.depart_s);
  }
  std::vector<std::uint32_t> count(nr + 1, 0);
  for (auto r : st.event_run) ++count[static_cast<std::size_t>(r) + 1];
  for (std::size_t i = 0; i < nr; ++i) count[i + 1] += count[i];
  m.run_stop_offset = count;
  const std::size_t ne = st.event_run.size();
  m.stop_pos.resize(ne);
  m.stop_link.resize(ne);
  m.stop_id.resize(ne);
  m.stop_time_s.resize(ne);
  m.stop_dwell_s.resize(ne);
  for (std::size_t e = 0; e < ne; ++e) {
    const auto r = static_cast<std::size_t>(st.event_run[e]);
    const auto i = count[r]++;
    const auto pos = st.event_pos[e];
    const auto begin = st.run_route_offset[r], end = st.run_route_offset[r + 1];
    m.stop_pos[i] = pos;
    m.stop_link[i] = pos >= 0 && begin + static_cast<std::uint32_t>(pos) < end
                         ? st.run_route_links[begin + pos]
                         : -1;
    const auto& p = tn.patterns[static_cast<std::size_t>(tn.runs[r].pattern)];
    // A detour's route indices are not the line's: a stop is named only where the link is its.
    m.stop_id[i] = static_cast<std::size_t>(pos) < p.links.size() && p.links[pos] == m.stop_link[i]
                       ? p.stop_at[static_cast<std::size_t>(pos)]
                       : -1;
    m.stop_time_s[i] = st.event_t[e];
    m.stop_dwell_s[i] = st.event_dwell_s[e];
  }
}

}  // namespace

TransitMetrics transit_metrics(const traffic::TransitNetwork& tn, const traffic::TransitStats& st,
                               double sample_rate) {
  const double scale = 1.0 / sample_rate;
  TransitMetrics m;
  m.intervals = st.intervals;
  const std::size_t nl = tn.lines.size();
  for (std::size_t l = 0; l < nl; ++l) {
    const auto& s = tn.lines[l];
    m.line_id.push_back(s.id);
    m.line_name.push_back(s.name);
    m.line_kind.push_back(s.kind);
    m.line_fleet.push_back(s.fleet);
    m.line_capacity.push_back(s.capacity);
    m.line_length_m.push_back(tn.patterns[2 * l].length_m);
    m.line_stops.push_back(static_cast<std::int32_t>(tn.patterns[2 * l].stops.size() +
                                                     tn.patterns[2 * l + 1].stops.size()));
    m.line_runs.push_back(0);
  }
  for (const auto& r : tn.runs) ++m.line_runs[static_cast<std::size_t>(r.pattern / 2)];
  for (const auto& p : tn.patterns) {
    for (std::size_t i = 0; i < p.stops.size(); ++i) {
      const auto& s = tn.stops[static_cast<std::size_t>(p.stops[i])];
      m.stop_x.push_back(s.x);
      m.stop_y.push_back(s.y);
      m.stop_line.push_back(p.line);
      m.stop_direction.push_back(s.pattern % 2);
      m.stop_seq.push_back(static_cast<std::int32_t>(i));
    }
  }
  // Stops are numbered pattern by pattern in travel order, as listed above.
  const std::size_t ns = tn.stops.size();
  for (std::size_t s = 0; s < ns && s < st.stop_boardings.size(); ++s) {
    m.stop_boardings.push_back(st.stop_boardings[s] * scale);
    m.stop_alightings.push_back(st.stop_alightings[s] * scale);
    m.stop_mean_wait_s.push_back(st.stop_boardings[s] ? st.stop_wait_sum_s[s] / st.stop_boardings[s]
                                                      : 0.0);
  }
  const std::size_t cells = st.boardings.size();
  for (std::size_t c = 0; c < cells; ++c) {
    m.boardings.push_back(st.boardings[c] * scale);
    m.denied.push_back(st.denied[c] * scale);
    m.mean_load.push_back(st.load_samples[c] ? st.load_sum[c] / st.load_samples[c] * scale : 0.0);
    m.max_load.push_back(st.max_load[c] * scale);
    m.mean_wait_s.push_back(st.boardings[c] ? st.wait_sum_s[c] / st.boardings[c] : 0.0);
  }
  for (const auto& l : tn.lines) m.line_pcu.push_back(l.pcu);
  add_runs(tn, st, m);
  return m;
}

std::vector<results::Kpi> transit_kpis(const traffic::TransitNetwork& tn,
                                       const traffic::AssignmentResult& a, double sample_rate) {
  const double scale = 1.0 / sample_rate;
  const auto& st = a.last.transit;
  const auto& r = a.last.trips;
  double wait = 0;
  for (auto w : st.wait_sum_s) wait += w;
  double tt = 0;
  std::int64_t arrived = 0, on_the_way = 0;
  for (std::size_t k = 0; k < st.passenger.size() && k < r.status.size(); ++k) {
    if (!st.passenger[k]) continue;
    if (r.status[k] == traffic::TripStatus::Arrived) {
      tt += r.arrival_s[k] - r.depart_s[k];
      ++arrived;
    } else if (r.status[k] == traffic::TripStatus::EnRoute) {
      ++on_the_way;
    }
  }
  const double pax = static_cast<double>(st.passengers);
  std::vector<results::Kpi> k;
  k.push_back({"pt_passenger_trips", pax * scale, "trips/day"});
  k.push_back({"pt_boardings", static_cast<double>(st.boarded) * scale, "boardings/day"});
  k.push_back(
      {"pt_mean_wait", st.boarded ? wait / static_cast<double>(st.boarded) / 60 : 0, "min"});
  k.push_back({"pt_mean_trip_time", arrived ? tt / static_cast<double>(arrived) / 60 : 0, "min"});
  k.push_back(
      {"pt_denied_share", pax > 0 ? static_cast<double>(st.denied_passengers) / pax : 0, "1"});
  k.push_back({"pt_gave_up", static_cast<double>(st.gave_up) * scale, "trips/day"});
  k.push_back({"pt_stranded", static_cast<double>(on_the_way) * scale, "trips/day"});
  k.push_back(
      {"pt_no_line_trips", static_cast<double>(st.no_line + st.out_of_hours) * scale, "trips/day"});
  k.push_back({"pt_vehicle_runs", static_cast<double>(st.runs_started), "runs/day"});
  (void)tn;
  return k;
}

}  // namespace ogan::metrics
