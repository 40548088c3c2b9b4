#include "engine/run/state_file.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/version.hpp"
#include "engine/io/h5.hpp"
#include "engine/results/durable_file.hpp"

namespace ogan::run {

namespace {

using io::H5Id;

// State datasets are contiguous and uncompressed: a snapshot is written and read in the middle of
// a day, where seconds count more than bytes.
template <typename T>
void put(hid_t f, const std::string& path, const std::vector<T>& v) {
  const auto slash = path.rfind('/');
  H5Id g = io::ensure_group(f, path.substr(0, slash));
  const hsize_t n = v.size();
  H5Id space(H5Screate_simple(1, &n, nullptr));
  H5Id ds(H5Dcreate2(g.get(), path.substr(slash + 1).c_str(), io::h5_type<T>(), space.get(),
                     H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!ds.valid()) throw InternalError("HDF5: cannot create dataset " + path);
  if (n > 0 && H5Dwrite(ds.get(), io::h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
    throw InputError("state file: cannot write " + path + " (disk full?)");
}

template <typename T>
std::vector<T> get(hid_t f, const std::string& path) {
  return results::read_vector<T>(f, path);
}

// Public transport of the day (empty arrays without lines).
void put_transit(hid_t f, const traffic::TransitState& t) {
  const std::string g = "/day/transit";
  put(f, g + "/scalars", std::vector<std::int64_t>{t.first_run_trip, t.last_give_up_minute});
  put(f, g + "/board_stop", t.board_stop);
  put(f, g + "/alight_stop", t.alight_stop);
  put(f, g + "/access_s", t.access_s);
  put(f, g + "/egress_s", t.egress_s);
  put(f, g + "/at_stop_s", t.at_stop_s);
  put(f, g + "/boarded_s", t.boarded_s);
  put(f, g + "/denied", t.denied);
  put(f, g + "/walk_until_s", t.walk_until_s);
  put(f, g + "/walk_trip", t.walk_trip);
  put(f, g + "/stop_offset", t.stop_offset);
  put(f, g + "/stop_trips", t.stop_trips);
  put(f, g + "/vehicle_offset", t.vehicle_offset);
  put(f, g + "/vehicle_trips", t.vehicle_trips);
  put(f, g + "/served_pos", t.served_pos);
  const auto& st = t.stats;
  put(f, g + "/stats/boardings", st.boardings);
  put(f, g + "/stats/denied", st.denied);
  put(f, g + "/stats/load_samples", st.load_samples);
  put(f, g + "/stats/max_load", st.max_load);
  put(f, g + "/stats/wait_sum_s", st.wait_sum_s);
  put(f, g + "/stats/load_sum", st.load_sum);
  put(f, g + "/stats/stop_boardings", st.stop_boardings);
  put(f, g + "/stats/stop_alightings", st.stop_alightings);
  put(f, g + "/stats/stop_wait_sum_s", st.stop_wait_sum_s);
  put(f, g + "/stats/event_run", st.event_run);
  put(f, g + "/stats/event_pos", st.event_pos);
  put(f, g + "/stats/event_t", st.event_t);
  put(f, g + "/stats/event_dwell_s", st.event_dwell_s);
  put(f, g + "/stats/counts",
      std::vector<std::int64_t>{st.passengers, st.boarded, st.alighted, st.denied_passengers,
                                st.gave_up, st.no_line, st.out_of_hours, st.runs_started});
}

traffic::TransitState get_transit(hid_t f, const std::string& path,
                                  const traffic::TrafficOptions& o) {
  const std::string g = "/day/transit";
  traffic::TransitState t;
  const auto scalars = get<std::int64_t>(f, g + "/scalars");
  const auto counts = get<std::int64_t>(f, g + "/stats/counts");
  if (scalars.size() != 2 || counts.size() != 8)
    throw InputError(fmt::format("state file '{}': {} is damaged", path, g));
  t.first_run_trip = scalars[0];
  t.last_give_up_minute = scalars[1];
  t.board_stop = get<std::int32_t>(f, g + "/board_stop");
  t.alight_stop = get<std::int32_t>(f, g + "/alight_stop");
  t.access_s = get<double>(f, g + "/access_s");
  t.egress_s = get<double>(f, g + "/egress_s");
  t.at_stop_s = get<double>(f, g + "/at_stop_s");
  t.boarded_s = get<double>(f, g + "/boarded_s");
  t.denied = get<std::uint8_t>(f, g + "/denied");
  t.walk_until_s = get<double>(f, g + "/walk_until_s");
  t.walk_trip = get<std::int32_t>(f, g + "/walk_trip");
  t.stop_offset = get<std::uint64_t>(f, g + "/stop_offset");
  t.stop_trips = get<std::int32_t>(f, g + "/stop_trips");
  t.vehicle_offset = get<std::uint64_t>(f, g + "/vehicle_offset");
  t.vehicle_trips = get<std::int32_t>(f, g + "/vehicle_trips");
  t.served_pos = get<std::int32_t>(f, g + "/served_pos");
  auto& st = t.stats;
  st.intervals = o.intervals;
  st.lines = o.transit ? o.transit->lines.size() : 0;
  st.stops = o.transit ? o.transit->stops.size() : 0;
  st.boardings = get<std::uint32_t>(f, g + "/stats/boardings");
  st.denied = get<std::uint32_t>(f, g + "/stats/denied");
  st.load_samples = get<std::uint32_t>(f, g + "/stats/load_samples");
  st.max_load = get<std::uint32_t>(f, g + "/stats/max_load");
  st.wait_sum_s = get<double>(f, g + "/stats/wait_sum_s");
  st.load_sum = get<double>(f, g + "/stats/load_sum");
  st.stop_boardings = get<std::uint32_t>(f, g + "/stats/stop_boardings");
  st.stop_alightings = get<std::uint32_t>(f, g + "/stats/stop_alightings");
  st.stop_wait_sum_s = get<double>(f, g + "/stats/stop_wait_sum_s");
  // Since state version 2.1; a 2.0 state's day has no record of the stops served before it.
  if (results::exists(f, g + "/stats/event_run")) {
    st.event_run = get<std::int32_t>(f, g + "/stats/event_run");
    st.event_pos = get<std::int32_t>(f, g + "/stats/event_pos");
    st.event_t = get<double>(f, g + "/stats/event_t");
    st.event_dwell_s = get<double>(f, g + "/stats/event_dwell_s");
  }
  const std::size_t cells = static_cast<std::size_t>(st.intervals) * st.lines;
  for (const auto* v : {&st.boardings, &st.denied, &st.load_samples, &st.max_load})
    if (v->size() != cells)
      throw InputError(fmt::format("state file '{}': {} is damaged", path, g));
  const std::size_t events = st.event_run.size();
  const auto runs = static_cast<std::int32_t>(o.transit ? o.transit->runs.size() : 0);
  if (st.event_pos.size() != events || st.event_t.size() != events ||
      st.event_dwell_s.size() != events ||
      std::any_of(st.event_run.begin(), st.event_run.end(),
                  [runs](std::int32_t r) { return r < 0 || r >= runs; }))
    throw InputError(fmt::format("state file '{}': {}/stats/event_* is damaged", path, g));
  st.passengers = counts[0];
  st.boarded = counts[1];
  st.alighted = counts[2];
  st.denied_passengers = counts[3];
  st.gave_up = counts[4];
  st.no_line = counts[5];
  st.out_of_hours = counts[6];
  st.runs_started = counts[7];
  return t;
}

// A digest of the trips the demand model makes, to check that a rebuilt demand is the saved one.
std::string trips_digest(const traffic::TripTable& t) {
  std::string bytes;
  auto add = [&bytes](const auto& v) {
    bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(v[0]));
  };
  add(t.person);
  add(t.mode);
  add(t.planned_depart_s);
  add(t.origin_link);
  add(t.dest_link);
  return sha256_text(bytes);
}

void put_trips(hid_t f, const std::string& g, const traffic::TripTable& t) {
  put(f, g + "/person", t.person);
  std::vector<std::uint8_t> mode(t.mode.size());
  for (std::size_t k = 0; k < mode.size(); ++k) mode[k] = static_cast<std::uint8_t>(t.mode[k]);
  put(f, g + "/mode", mode);
  put(f, g + "/planned_depart_s", t.planned_depart_s);
  put(f, g + "/teleport_time_s", t.teleport_time_s);
  put(f, g + "/distance_m", t.distance_m);
  put(f, g + "/origin_link", t.origin_link);
  put(f, g + "/dest_link", t.dest_link);
  put(f, g + "/service_facility", t.service_facility);
  put(f, g + "/cancelled", t.cancelled);
}

traffic::TripTable get_trips(hid_t f, const std::string& g) {
  traffic::TripTable t;
  t.person = get<std::int32_t>(f, g + "/person");
  const auto mode = get<std::uint8_t>(f, g + "/mode");
  for (auto m : mode) {
    if (m >= pop::kModes) throw InputError(fmt::format("{}/mode: no mode {}", g, m));
    t.mode.push_back(static_cast<pop::Mode>(m));
  }
  t.planned_depart_s = get<double>(f, g + "/planned_depart_s");
  t.teleport_time_s = get<double>(f, g + "/teleport_time_s");
  t.distance_m = get<double>(f, g + "/distance_m");
  t.origin_link = get<std::int32_t>(f, g + "/origin_link");
  t.dest_link = get<std::int32_t>(f, g + "/dest_link");
  t.service_facility = get<std::int32_t>(f, g + "/service_facility");
  t.cancelled = get<std::uint8_t>(f, g + "/cancelled");
  const std::size_t n = t.person.size();
  if (t.mode.size() != n || t.planned_depart_s.size() != n || t.teleport_time_s.size() != n ||
      t.distance_m.size() != n || t.origin_link.size() != n || t.dest_link.size() != n ||
      t.service_facility.size() != n || t.cancelled.size() != n)
    throw InputError(fmt::format("{}: the trip arrays differ in length", g));
  return t;
}

constexpr int kIterationFields = 13;

std::vector<double> iteration_rows(const std::vector<traffic::IterationStats>& its) {
  std::vector<double> v;
  for (const auto& s : its) {
    v.insert(v.end(),
             {static_cast<double>(s.iteration), s.mean_travel_time_s, s.total_delay_h,
              s.relative_gap, s.vehicle_km, s.vehicle_h, static_cast<double>(s.arrived),
              static_cast<double>(s.en_route), static_cast<double>(s.stuck),
              static_cast<double>(s.teleported), s.routing_s, s.simulation_s, s.link_traversals});
  }
  return v;
}

std::vector<traffic::IterationStats> iteration_stats(const std::vector<double>& v) {
  if (v.size() % kIterationFields != 0)
    throw InputError("/assignment/iterations: not a whole number of rows");
  std::vector<traffic::IterationStats> out;
  for (std::size_t i = 0; i < v.size(); i += kIterationFields) {
    traffic::IterationStats s;
    s.iteration = static_cast<int>(v[i]);
    s.mean_travel_time_s = v[i + 1];
    s.total_delay_h = v[i + 2];
    s.relative_gap = v[i + 3];
    s.vehicle_km = v[i + 4];
    s.vehicle_h = v[i + 5];
    s.arrived = static_cast<std::int64_t>(v[i + 6]);
    s.en_route = static_cast<std::int64_t>(v[i + 7]);
    s.stuck = static_cast<std::int64_t>(v[i + 8]);
    s.teleported = static_cast<std::int64_t>(v[i + 9]);
    s.routing_s = v[i + 10];
    s.simulation_s = v[i + 11];
    s.link_traversals = v[i + 12];
    out.push_back(s);
  }
  return out;
}

std::vector<std::int64_t> report_values(const traffic::SimulationReport& r) {
  return {r.departed,  r.arrived,      r.en_route,         r.teleported,
          r.cancelled, r.stuck_events, r.link_traversals,  r.steps,
          r.rerouted,  r.stranded,     r.waiting_at_origin};
}

traffic::SimulationReport report_of(const std::vector<std::int64_t>& v) {
  if (v.size() != 11) throw InputError("/day/report: expected 11 values");
  traffic::SimulationReport r;
  r.departed = v[0];
  r.arrived = v[1];
  r.en_route = v[2];
  r.teleported = v[3];
  r.cancelled = v[4];
  r.stuck_events = v[5];
  r.link_traversals = v[6];
  r.steps = v[7];
  r.rerouted = v[8];
  r.stranded = v[9];
  r.waiting_at_origin = v[10];
  return r;
}

void put_events(hid_t f, const std::string& g, const std::vector<scenario::DayEvent>& events) {
  std::vector<double> at, value, x, y;
  std::vector<std::uint8_t> kind;
  std::vector<std::int32_t> facility, count, links;
  std::vector<std::uint64_t> offset{0};
  std::vector<std::string> description;
  for (const auto& e : events) {
    at.push_back(e.at_s);
    kind.push_back(static_cast<std::uint8_t>(e.kind));
    value.push_back(e.value);
    facility.push_back(e.facility);
    count.push_back(e.count);
    x.push_back(e.x);
    y.push_back(e.y);
    links.insert(links.end(), e.links.begin(), e.links.end());
    offset.push_back(links.size());
    description.push_back(e.description);
  }
  put(f, g + "/at_s", at);
  put(f, g + "/kind", kind);
  put(f, g + "/value", value);
  put(f, g + "/facility", facility);
  put(f, g + "/count", count);
  put(f, g + "/x", x);
  put(f, g + "/y", y);
  put(f, g + "/links", links);
  put(f, g + "/links_offset", offset);
  io::write_strings(f, g + "/description", description, "");
}

std::vector<scenario::DayEvent> get_events(hid_t f, const std::string& g) {
  const auto at = get<double>(f, g + "/at_s");
  const auto kind = get<std::uint8_t>(f, g + "/kind");
  const auto value = get<double>(f, g + "/value");
  const auto facility = get<std::int32_t>(f, g + "/facility");
  const auto count = get<std::int32_t>(f, g + "/count");
  const auto x = get<double>(f, g + "/x");
  const auto y = get<double>(f, g + "/y");
  const auto links = get<std::int32_t>(f, g + "/links");
  const auto offset = get<std::uint64_t>(f, g + "/links_offset");
  const auto description = results::read_strings(f, g + "/description");
  const std::size_t n = at.size();
  if (kind.size() != n || value.size() != n || facility.size() != n || count.size() != n ||
      x.size() != n || y.size() != n || offset.size() != n + 1 || description.size() != n ||
      offset.back() != links.size())
    throw InputError(fmt::format("{}: the event arrays differ in length", g));
  std::vector<scenario::DayEvent> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (kind[i] > static_cast<std::uint8_t>(scenario::DayEvent::Kind::Crowd) ||
        offset[i] > offset[i + 1])
      throw InputError(fmt::format("{}: event {} is damaged", g, i));
    auto& e = out[i];
    e.at_s = at[i];
    e.kind = static_cast<scenario::DayEvent::Kind>(kind[i]);
    e.value = value[i];
    e.facility = facility[i];
    e.count = count[i];
    e.x = x[i];
    e.y = y[i];
    e.links.assign(links.begin() + static_cast<std::ptrdiff_t>(offset[i]),
                   links.begin() + static_cast<std::ptrdiff_t>(offset[i + 1]));
    e.description = description[i];
  }
  return out;
}

}  // namespace

void write_state(const Run& run, const std::string& path) {
  const double t0 = steady_now_s();
  const auto& day = run.day();
  const auto& a = run.assignment();
  const auto& setup = run.setup();
  const std::string tmp = path + ".tmp";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  {
    H5Id file = results::create_checked_file(tmp);
    if (!file.valid())
      throw InputError(fmt::format("file '{}': cannot create the state file", tmp));
    const hid_t f = file.get();
    H5Id root(H5Gopen2(f, "/", H5P_DEFAULT));
    io::set_attr(root.get(), "filetype", kStateFileType);
    io::set_attr(root.get(), "state_version",
                 std::vector<std::int32_t>{kStateVersionMajor, kStateVersionMinor});
    io::set_attr(root.get(), "ogan_version", kVersion);
    io::set_attr(root.get(), "git_sha", kGitSha);
    io::set_attr(root.get(), "time_s", day.now());
    io::set_attr(root.get(), "scenario_file", setup.options.scenario);
    io::set_attr(root.get(), "seed", static_cast<std::int64_t>(setup.plans.seed));
    io::set_attr(root.get(), "sample_rate", setup.plans.sample_rate);
    io::set_attr(root.get(), "iterations",
                 static_cast<std::int64_t>(run.assignment_options().iterations));
    io::set_attr(root.get(), "run_id", setup.options.run_id);
    io::set_attr(root.get(), "trips_sha256",
                 trips_digest(traffic::trip_table(run.demand().plans.trips)));
    if (run.parent) {
      io::set_attr(root.get(), "parent_state", run.parent->state_file);
      io::set_attr(root.get(), "parent_sha256", run.parent->sha256);
      io::set_attr(root.get(), "parent_time_s", run.parent->time_s);
    }
    io::write_strings(f, "/run/sets", setup.options.sets, "--set overrides of the run");
    io::write_strings(f, "/run/observations", run.observation_folders(),
                      "observation folders read so far, in order (read again on restore)");
    io::write_strings(f, "/run/scenario_yaml", {setup.cfg.doc.resolved_yaml()},
                      "the resolved scenario (checked on restore)");

    // The assignment: what the last day was planned with, and the iterations before it.
    put_trips(f, "/assignment/trips", a.trips());
    put(f, "/assignment/routes/offset", a.routes().offset);
    put(f, "/assignment/routes/links", a.routes().links);
    put(f, "/assignment/travel_times", a.travel_times().values());
    put(f, "/assignment/iterations", iteration_rows(a.iterations()));
    put(f, "/assignment/departures", a.departures());

    // The day.
    const auto s = day.traffic_state();
    put(f, "/day/step", std::vector<std::uint64_t>{s.step});
    put(f, "/day/next_interval", std::vector<std::int32_t>{s.next_interval});
    put(f, "/day/planned_trips", std::vector<std::uint64_t>{s.planned_trips});
    put_trips(f, "/day/trips", s.trips);
    put(f, "/day/route_links", s.route_links);
    put(f, "/day/route_begin", s.route_begin);
    put(f, "/day/route_len", s.route_len);
    put(f, "/day/pos", s.pos);
    put(f, "/day/exit_t", s.exit_t);
    put(f, "/day/enter_t", s.enter_t);
    put(f, "/day/blocked_since", s.blocked_since);
    put(f, "/day/ready_t", s.ready_t);
    put(f, "/day/origin_wait/offset", s.origin_wait_offset);
    put(f, "/day/origin_wait/vehicles", s.origin_wait_vehicles);
    put(f, "/day/result/depart_s", s.results.depart_s);
    put(f, "/day/result/arrival_s", s.results.arrival_s);
    std::vector<std::uint8_t> status(s.results.status.size());
    for (std::size_t k = 0; k < status.size(); ++k)
      status[k] = static_cast<std::uint8_t>(s.results.status[k]);
    put(f, "/day/result/status", status);
    put(f, "/day/result/stuck", s.results.stuck);
    put(f, "/day/result/route_length_m", s.results.route_length_m);
    put(f, "/day/result/free_time_s", s.results.free_time_s);
    put(f, "/day/result/departure_delay_s", s.results.departure_delay_s);
    put(f, "/day/links/queue_offset", s.queue_offset);
    put(f, "/day/links/queue_vehicles", s.queue_vehicles);
    put(f, "/day/links/occ", s.occ);
    put(f, "/day/links/accum", s.accum);
    put(f, "/day/links/accum_t", s.accum_t);
    put(f, "/day/links/cap_step", s.cap_step);
    put(f, "/day/links/storage", s.storage);
    put(f, "/day/links/closed", s.closed);
    put(f, "/day/links/free_time", s.free_time);
    put(f, "/day/scheduled/departure_step", s.departure_step);
    put(f, "/day/scheduled/departure_trip", s.departure_trip);
    put(f, "/day/scheduled/arrival_step", s.arrival_step);
    put(f, "/day/scheduled/arrival_trip", s.arrival_trip);
    put(f, "/day/active", s.active);
    put(f, "/day/stats/volume_veh", s.links.volume_veh);
    put(f, "/day/stats/volume_pcu", s.links.volume_pcu);
    put(f, "/day/stats/travel_time_sum_s", s.links.travel_time_sum_s);
    put(f, "/day/stats/exits", s.links.exits);
    put(f, "/day/stats/queue_pcu", s.links.queue_pcu);
    put(f, "/day/report", report_values(s.report));
    put_transit(f, s.transit);

    // The service queues.
    const auto sv = day.service_state();
    put(f, "/services/facility", sv.facility);
    std::vector<double> free_at, pending, last_arrival, close_s;
    std::vector<std::uint64_t> free_offset{0}, pending_offset{0};
    std::vector<std::int64_t> served;
    std::vector<std::int32_t> quota, servers;
    for (const auto& q : sv.queues) {
      free_at.insert(free_at.end(), q.free_at.begin(), q.free_at.end());
      free_offset.push_back(free_at.size());
      pending.insert(pending.end(), q.pending_starts.begin(), q.pending_starts.end());
      pending_offset.push_back(pending.size());
      served.push_back(q.served);
      last_arrival.push_back(q.last_arrival);
      quota.push_back(q.quota);
      servers.push_back(q.servers);
      close_s.push_back(q.close_s);
    }
    put(f, "/services/free_at", free_at);
    put(f, "/services/free_at_offset", free_offset);
    put(f, "/services/pending_starts", pending);
    put(f, "/services/pending_offset", pending_offset);
    put(f, "/services/served", served);
    put(f, "/services/last_arrival", last_arrival);
    put(f, "/services/quota", quota);
    put(f, "/services/servers", servers);
    put(f, "/services/close_s", close_s);
    put(f, "/services/visits/trip", sv.visits.visit_trip);
    put(f, "/services/visits/facility", sv.visits.visit_facility);
    put(f, "/services/visits/outcome", sv.visits.visit_outcome);
    put(f, "/services/visits/arrival_s", sv.visits.visit_arrival_s);
    put(f, "/services/visits/start_s", sv.visits.visit_start_s);
    put(f, "/services/visits/end_s", sv.visits.visit_end_s);

    // Events: those applied so far and those still to come.
    std::vector<double> applied_at;
    std::vector<std::string> applied_text;
    for (const auto& e : day.applied()) {
      applied_at.push_back(e.at_s);
      applied_text.push_back(e.description);
    }
    put(f, "/events/applied/at_s", applied_at);
    io::write_strings(f, "/events/applied/description", applied_text, "");
    put_events(f, "/events/pending", day.pending());
    if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0)
      throw InputError(fmt::format("file '{}': cannot write the state file", tmp));
  }
  if (const auto e = files::durable_rename(tmp, path))
    throw InputError(fmt::format("file '{}': cannot rename to '{}': {}", tmp, path, e.message()));
  spdlog::info("state at {} written to {} ({:.1f} MB in {:.2f} s)", format_hhmm(day.now()), path,
               static_cast<double>(std::filesystem::file_size(path)) / 1e6, steady_now_s() - t0);
}

std::unique_ptr<Run> restore_state(const std::string& path, StateTimings* timings) {
  const double t0 = steady_now_s();
  if (!std::filesystem::is_regular_file(path))
    throw InputError(fmt::format("state file '{}': not found or not a file", path));
  try {
    results::check_container(path, "state file");
  } catch (const results::Error& e) {
    throw InputError(fmt::format("state {}", e.what()));
  }
  H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file.valid()) throw InputError(fmt::format("state file '{}': not an HDF5 file", path));
  const hid_t f = file.get();
  H5Id root(H5Gopen2(f, "/", H5P_DEFAULT));
  if (results::string_attr(root.get(), "filetype") != kStateFileType)
    throw InputError(fmt::format("state file '{}': not an ogan state file (filetype is not '{}')",
                                 path, kStateFileType));
  const auto version = results::int_attr(root.get(), "state_version");
  if (version.size() != 2 || version[0] != kStateVersionMajor)
    throw InputError(
        fmt::format("state file '{}': state version {} is not readable by this ogan "
                    "(reads {}.x)",
                    path, results::attr_text(root.get(), "state_version"), kStateVersionMajor));
  try {
    RunOptions o;
    o.scenario = results::string_attr(root.get(), "scenario_file");
    o.sets = results::read_strings(f, "/run/sets");
    o.seed = static_cast<std::uint64_t>(*results::double_attr(root.get(), "seed"));
    o.sample = results::double_attr(root.get(), "sample_rate");
    o.iterations = static_cast<int>(*results::double_attr(root.get(), "iterations"));
    o.run_id = results::string_attr(root.get(), "run_id");
    const auto yaml = results::read_strings(f, "/run/scenario_yaml");
    auto setup = configure(o);
    if (yaml.size() != 1 || setup.cfg.doc.resolved_yaml() != yaml[0])
      throw InputError(fmt::format(
          "state file '{}': the scenario '{}' is not the one the state was taken from (it "
          "changed since); a state continues only the run that wrote it",
          path, o.scenario));
    auto run = std::make_unique<Run>(std::move(setup));
    if (trips_digest(traffic::trip_table(run->demand().plans.trips)) !=
        results::string_attr(root.get(), "trips_sha256"))
      throw InputError(fmt::format(
          "state file '{}': the demand rebuilt from the scenario's inputs differs from the saved "
          "one (an input file changed since the state was written)",
          path));
    const double t1 = steady_now_s();
    const auto& world = run->world();
    const auto& ao = run->assignment_options();
    traffic::Routes routes;
    routes.offset = get<std::uint32_t>(f, "/assignment/routes/offset");
    routes.links = get<std::int32_t>(f, "/assignment/routes/links");
    auto trips = get_trips(f, "/assignment/trips");
    if (routes.offset.size() != trips.size() + 1 || routes.offset.back() != routes.links.size())
      throw InputError(
          fmt::format("state file '{}': /assignment/routes do not match the trips", path));
    for (auto l : routes.links)
      if (l < 0 || static_cast<std::size_t>(l) >= world.network.num_links())
        throw InputError(fmt::format("state file '{}': /assignment/routes: no link {}", path, l));
    net::TravelTimes tt(world.network, ao.traffic.interval_s, ao.traffic.intervals,
                        pop::mode_info(pop::Mode::Motorcycle).max_speed_mps);
    if (!tt.set_values(get<double>(f, "/assignment/travel_times")))
      throw InputError(
          fmt::format("state file '{}': /assignment/travel_times does not fit the "
                      "network",
                      path));
    auto assignment = std::make_unique<traffic::Assignment>(
        world.network, ao, std::move(trips), std::move(routes), std::move(tt),
        iteration_stats(get<double>(f, "/assignment/iterations")),
        get<double>(f, "/assignment/departures"));

    traffic::DayState s;
    const auto step = get<std::uint64_t>(f, "/day/step");
    const auto next_interval = get<std::int32_t>(f, "/day/next_interval");
    if (step.size() != 1 || next_interval.size() != 1)
      throw InputError(fmt::format("state file '{}': /day/step is damaged", path));
    const auto planned = get<std::uint64_t>(f, "/day/planned_trips");
    if (planned.size() != 1)
      throw InputError(fmt::format("state file '{}': /day/planned_trips is damaged", path));
    s.step = step[0];
    s.next_interval = next_interval[0];
    s.planned_trips = planned[0];
    s.trips = get_trips(f, "/day/trips");
    s.route_links = get<std::int32_t>(f, "/day/route_links");
    s.route_begin = get<std::uint64_t>(f, "/day/route_begin");
    s.route_len = get<std::int32_t>(f, "/day/route_len");
    s.pos = get<std::int32_t>(f, "/day/pos");
    s.exit_t = get<double>(f, "/day/exit_t");
    s.enter_t = get<double>(f, "/day/enter_t");
    s.blocked_since = get<double>(f, "/day/blocked_since");
    s.ready_t = get<double>(f, "/day/ready_t");
    s.origin_wait_offset = get<std::uint64_t>(f, "/day/origin_wait/offset");
    s.origin_wait_vehicles = get<std::int32_t>(f, "/day/origin_wait/vehicles");
    s.results.depart_s = get<double>(f, "/day/result/depart_s");
    s.results.arrival_s = get<double>(f, "/day/result/arrival_s");
    for (auto v : get<std::uint8_t>(f, "/day/result/status")) {
      if (v > static_cast<std::uint8_t>(traffic::TripStatus::Cancelled))
        throw InputError(fmt::format("state file '{}': /day/result/status: no status {}", path, v));
      s.results.status.push_back(static_cast<traffic::TripStatus>(v));
    }
    s.results.stuck = get<std::uint8_t>(f, "/day/result/stuck");
    s.results.route_length_m = get<double>(f, "/day/result/route_length_m");
    s.results.free_time_s = get<double>(f, "/day/result/free_time_s");
    s.results.departure_delay_s = get<double>(f, "/day/result/departure_delay_s");
    s.queue_offset = get<std::uint64_t>(f, "/day/links/queue_offset");
    s.queue_vehicles = get<std::int32_t>(f, "/day/links/queue_vehicles");
    s.occ = get<double>(f, "/day/links/occ");
    s.accum = get<double>(f, "/day/links/accum");
    s.accum_t = get<double>(f, "/day/links/accum_t");
    s.cap_step = get<double>(f, "/day/links/cap_step");
    s.storage = get<double>(f, "/day/links/storage");
    s.closed = get<std::uint8_t>(f, "/day/links/closed");
    s.free_time = get<double>(f, "/day/links/free_time");
    s.departure_step = get<std::uint64_t>(f, "/day/scheduled/departure_step");
    s.departure_trip = get<std::int32_t>(f, "/day/scheduled/departure_trip");
    s.arrival_step = get<std::uint64_t>(f, "/day/scheduled/arrival_step");
    s.arrival_trip = get<std::int32_t>(f, "/day/scheduled/arrival_trip");
    s.active = get<std::int32_t>(f, "/day/active");
    s.links.intervals = ao.traffic.intervals;
    s.links.links = world.network.num_links();
    s.links.volume_veh = get<std::uint32_t>(f, "/day/stats/volume_veh");
    s.links.volume_pcu = get<float>(f, "/day/stats/volume_pcu");
    s.links.travel_time_sum_s = get<double>(f, "/day/stats/travel_time_sum_s");
    s.links.exits = get<std::uint32_t>(f, "/day/stats/exits");
    s.links.queue_pcu = get<float>(f, "/day/stats/queue_pcu");
    const std::size_t cells = static_cast<std::size_t>(s.links.intervals) * s.links.links;
    if (s.links.volume_veh.size() != cells * traffic::kNetworkModes ||
        s.links.volume_pcu.size() != cells || s.links.travel_time_sum_s.size() != cells ||
        s.links.exits.size() != cells || s.links.queue_pcu.size() != cells)
      throw InputError(fmt::format("state file '{}': /day/stats do not fit the network", path));
    s.report = report_of(get<std::int64_t>(f, "/day/report"));
    s.transit = get_transit(f, path, ao.traffic);

    svc::ServiceState sv;
    sv.facility = get<std::int32_t>(f, "/services/facility");
    const auto free_at = get<double>(f, "/services/free_at");
    const auto free_offset = get<std::uint64_t>(f, "/services/free_at_offset");
    const auto pending = get<double>(f, "/services/pending_starts");
    const auto pending_offset = get<std::uint64_t>(f, "/services/pending_offset");
    const auto served = get<std::int64_t>(f, "/services/served");
    const auto last_arrival = get<double>(f, "/services/last_arrival");
    const auto quota = get<std::int32_t>(f, "/services/quota");
    const auto servers = get<std::int32_t>(f, "/services/servers");
    const auto close_s = get<double>(f, "/services/close_s");
    const std::size_t nq = sv.facility.size();
    if (free_offset.size() != nq + 1 || pending_offset.size() != nq + 1 || served.size() != nq ||
        last_arrival.size() != nq || quota.size() != nq || servers.size() != nq ||
        close_s.size() != nq || free_offset.back() != free_at.size() ||
        pending_offset.back() != pending.size())
      throw InputError(fmt::format("state file '{}': /services arrays are damaged", path));
    for (std::size_t i = 0; i < nq; ++i) {
      if (free_offset[i] > free_offset[i + 1] || pending_offset[i] > pending_offset[i + 1])
        throw InputError(fmt::format("state file '{}': /services offsets are damaged", path));
      svc::QueueState q;
      q.free_at.assign(free_at.begin() + static_cast<std::ptrdiff_t>(free_offset[i]),
                       free_at.begin() + static_cast<std::ptrdiff_t>(free_offset[i + 1]));
      q.pending_starts.assign(pending.begin() + static_cast<std::ptrdiff_t>(pending_offset[i]),
                              pending.begin() + static_cast<std::ptrdiff_t>(pending_offset[i + 1]));
      q.served = served[i];
      q.last_arrival = last_arrival[i];
      q.quota = quota[i];
      q.servers = servers[i];
      q.close_s = close_s[i];
      sv.queues.push_back(std::move(q));
    }
    sv.visits.visit_trip = get<std::int32_t>(f, "/services/visits/trip");
    sv.visits.visit_facility = get<std::int32_t>(f, "/services/visits/facility");
    sv.visits.visit_outcome = get<std::uint8_t>(f, "/services/visits/outcome");
    sv.visits.visit_arrival_s = get<double>(f, "/services/visits/arrival_s");
    sv.visits.visit_start_s = get<double>(f, "/services/visits/start_s");
    sv.visits.visit_end_s = get<double>(f, "/services/visits/end_s");

    std::vector<AppliedEvent> applied;
    const auto applied_at = get<double>(f, "/events/applied/at_s");
    const auto applied_text = results::read_strings(f, "/events/applied/description");
    if (applied_at.size() != applied_text.size())
      throw InputError(fmt::format("state file '{}': /events/applied is damaged", path));
    for (std::size_t i = 0; i < applied_at.size(); ++i)
      applied.push_back({applied_at[i], applied_text[i]});
    auto pending_events = get_events(f, "/events/pending");

    auto day =
        std::make_unique<Day>(world, *assignment, ao.traffic, std::move(s),
                              assignment->has_services() ? &sv : nullptr, std::move(applied));
    for (auto& e : pending_events) day->schedule(std::move(e));
    run->resume(std::move(assignment), std::move(day));
    // Observations: the records again; their closures are already among the day's events.
    for (const auto& folder : results::read_strings(f, "/run/observations"))
      run->observe(folder, false);
    run->parent =
        Parent{std::filesystem::absolute(path).string(), sha256_file(path), run->day().now()};
    const double t2 = steady_now_s();
    spdlog::info(
        "state {} read: world and demand rebuilt in {:.2f} s, the day put back in {:.2f} s", path,
        t1 - t0, t2 - t1);
    if (timings) *timings = {t1 - t0, t2 - t1};
    return run;
  } catch (const results::Error& e) {
    throw InputError(fmt::format("state file '{}': {}", path, e.what()));
  }
}

}  // namespace ogan::run
