#include "engine/traffic/transit_day.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace ogan::traffic {

namespace {
// The middle of a link: where a trip's origin or destination is taken to be.
std::pair<double, double> link_middle(const net::Network& net, net::LinkId l) {
  return {0.5 * (net.node_x[net.from[l]] + net.node_x[net.to[l]]),
          0.5 * (net.node_y[net.from[l]] + net.node_y[net.to[l]])};
}
// Passengers wait for the first run up to this long before a line's first departure.
constexpr double kEarlyWait_s = 3600;

// Which route patterns have a stop within `reach` of a point: a grid of cells `reach` wide, each
// holding the patterns with a stop in it or in one of its eight neighbours (a superset of those
// within reach). A trip needs a stop near its origin and one near its destination on the same
// pattern, so the patterns in both cells' sets are the only ones worth looking at.
class PatternGrid {
 public:
  PatternGrid(const TransitNetwork& tn, double reach)
      : cell_(reach), words_((tn.patterns.size() + 63) / 64) {
    if (tn.stops.empty() || !(reach > 0)) return;
    x0_ = y0_ = std::numeric_limits<double>::infinity();
    double x1 = -x0_, y1 = -y0_;
    for (const auto& S : tn.stops) {
      x0_ = std::min(x0_, S.x);
      y0_ = std::min(y0_, S.y);
      x1 = std::max(x1, S.x);
      y1 = std::max(y1, S.y);
    }
    // One cell of margin on every side: a point there may still be within reach of a stop.
    x0_ -= cell_;
    y0_ -= cell_;
    nx_ = static_cast<std::int64_t>((x1 - x0_) / cell_) + 2;
    ny_ = static_cast<std::int64_t>((y1 - y0_) / cell_) + 2;
    bits_.assign(static_cast<std::size_t>(nx_ * ny_) * words_, 0);
    for (std::size_t p = 0; p < tn.patterns.size(); ++p) {
      for (auto s : tn.patterns[p].stops) {
        const auto& S = tn.stops[static_cast<std::size_t>(s)];
        const auto cx = static_cast<std::int64_t>((S.x - x0_) / cell_);
        const auto cy = static_cast<std::int64_t>((S.y - y0_) / cell_);
        for (auto y = cy - 1; y <= cy + 1; ++y)
          for (auto x = cx - 1; x <= cx + 1; ++x)
            bits_[static_cast<std::size_t>(y * nx_ + x) * words_ + p / 64] |= std::uint64_t{1}
                                                                              << (p % 64);
      }
    }
  }
  // The patterns that may serve a trip from (ox, oy) to (dx, dy), as bits; empty when none.
  bool candidates(double ox, double oy, double dx, double dy,
                  std::vector<std::uint64_t>& out) const {
    const auto* a = at(ox, oy);
    const auto* b = at(dx, dy);
    out.assign(words_, 0);
    if (!a || !b) return false;
    bool any = false;
    for (std::size_t w = 0; w < words_; ++w) {
      out[w] = a[w] & b[w];
      any = any || out[w] != 0;
    }
    return any;
  }

 private:
  const std::uint64_t* at(double x, double y) const {
    if (bits_.empty() || !(x >= x0_) || !(y >= y0_)) return nullptr;
    const double fx = (x - x0_) / cell_, fy = (y - y0_) / cell_;
    if (!(fx < static_cast<double>(nx_)) || !(fy < static_cast<double>(ny_))) return nullptr;
    const auto c = static_cast<std::int64_t>(fy) * nx_ + static_cast<std::int64_t>(fx);
    return &bits_[static_cast<std::size_t>(c) * words_];
  }
  double cell_, x0_ = 0, y0_ = 0;
  std::int64_t nx_ = 0, ny_ = 0;
  std::size_t words_;
  std::vector<std::uint64_t> bits_;
};
}  // namespace

TransitDay::TransitDay(const TransitNetwork& tn, const net::Network& net, const TrafficOptions& o)
    : tn_(tn), net_(net), interval_s_(o.interval_s), sample_rate_(o.sample_rate) {
  waiting_.resize(tn.stops.size());
  onboard_.resize(static_cast<std::size_t>(tn.vehicles));
  auto& st = s_.stats;
  st.intervals = o.intervals;
  st.lines = tn.lines.size();
  st.stops = tn.stops.size();
  const std::size_t cells = static_cast<std::size_t>(o.intervals) * st.lines;
  for (auto* v : {&st.boardings, &st.denied, &st.load_samples, &st.max_load}) v->assign(cells, 0);
  st.wait_sum_s.assign(cells, 0);
  st.load_sum.assign(cells, 0);
  st.stop_boardings.assign(st.stops, 0);
  st.stop_alightings.assign(st.stops, 0);
  st.stop_wait_sum_s.assign(st.stops, 0);
}

std::size_t TransitDay::cell(double t, std::int32_t line) const {
  const int k = std::clamp(static_cast<int>(t / interval_s_), 0, s_.stats.intervals - 1);
  return static_cast<std::size_t>(k) * s_.stats.lines + static_cast<std::size_t>(line);
}

double TransitDay::walk_s(double x0, double y0, double x1, double y1) const {
  return std::hypot(x1 - x0, y1 - y0) * tn_.options.walk_detour / tn_.options.walk_speed_mps;
}

void TransitDay::plan(TripTable& trips) {
  const std::size_t n = trips.size();
  s_.board_stop.assign(n, -1);
  s_.alight_stop.assign(n, -1);
  s_.access_s.assign(n, 0);
  s_.egress_s.assign(n, 0);
  s_.at_stop_s.assign(n, -1);
  s_.boarded_s.assign(n, -1);
  s_.denied.assign(n, 0);
  const double max_walk_s =
      tn_.options.max_access_m * tn_.options.walk_detour / tn_.options.walk_speed_mps;
  // Most stops are far beyond walking reach: a squared distance, with a margin for rounding,
  // rules them out before the walk time (hypot) is computed.
  const double reach_m = tn_.options.max_access_m * (1 + 1e-6) + 1e-6;
  const double reach2 = reach_m * reach_m;
  auto near = [reach2](double x0, double y0, double x1, double y1) {
    return (x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0) <= reach2;
  };
  const PatternGrid grid(tn_, reach_m);
  const auto nn = static_cast<std::int64_t>(n);
  // Each trip writes only its own entries: parallel and the same for any thread count.
#pragma omp parallel
  {
    std::vector<std::uint64_t> cand;
#pragma omp for schedule(dynamic, 512)
    for (std::int64_t k = 0; k < nn; ++k) {
      if (trips.mode[k] != pop::Mode::Angkot || trips.origin_link[k] < 0 || trips.dest_link[k] < 0)
        continue;
      const auto [ox, oy] = link_middle(net_, trips.origin_link[k]);
      const auto [dx, dy] = link_middle(net_, trips.dest_link[k]);
      double best = std::numeric_limits<double>::infinity();
      std::int32_t bb = -1, ba = -1;
      // Patterns in the order of the network, as before the grid: ties go to the same one.
      if (grid.candidates(ox, oy, dx, dy, cand))
        for (std::size_t pi = 0; pi < tn_.patterns.size(); ++pi) {
          if (!(cand[pi / 64] >> (pi % 64) & 1)) continue;
          const auto& p = tn_.patterns[pi];
          const double wait = 0.5 * tn_.headway_s(p.line, trips.planned_depart_s[k]);
          // Over stops i < j: access_i - ride_i (best so far) + ride_j + egress_j.
          double lead = std::numeric_limits<double>::infinity();
          std::int32_t lead_stop = -1;
          for (auto s : p.stops) {
            const auto& S = tn_.stops[static_cast<std::size_t>(s)];
            if (lead_stop >= 0 && near(S.x, S.y, dx, dy)) {
              const double e = walk_s(S.x, S.y, dx, dy);
              if (e <= max_walk_s) {
                const double c = lead + wait + S.ride_s + e;
                if (c < best) {
                  best = c;
                  bb = lead_stop;
                  ba = s;
                }
              }
            }
            if (!near(ox, oy, S.x, S.y)) continue;
            const double a = walk_s(ox, oy, S.x, S.y);
            if (a <= max_walk_s && a - S.ride_s < lead) {
              lead = a - S.ride_s;
              lead_stop = s;
            }
          }
        }
      if (bb < 0) continue;
      const auto& B = tn_.stops[static_cast<std::size_t>(bb)];
      const auto& A = tn_.stops[static_cast<std::size_t>(ba)];
      s_.board_stop[k] = bb;
      s_.alight_stop[k] = ba;
      s_.access_s[k] = walk_s(ox, oy, B.x, B.y);
      s_.egress_s[k] = walk_s(A.x, A.y, dx, dy);
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (trips.mode[k] == pop::Mode::Angkot && s_.board_stop[k] < 0) {
      trips.mode[k] = pop::Mode::Ojek;
      ++s_.stats.no_line;
    }
  }
}

void TransitDay::vehicle_trips(std::int32_t first_person, std::int64_t first_trip, TripTable& add,
                               Routes& routes) {
  s_.first_run_trip = first_trip;
  s_.served_pos.assign(tn_.runs.size(), -1);
  for (const auto& r : tn_.runs) {
    const auto& p = tn_.patterns[static_cast<std::size_t>(r.pattern)];
    add.person.push_back(first_person + r.vehicle);
    add.mode.push_back(pop::Mode::Angkot);
    add.planned_depart_s.push_back(r.depart_s);
    add.teleport_time_s.push_back(p.free_time_s);
    add.distance_m.push_back(p.length_m);
    add.origin_link.push_back(p.links.front());
    add.dest_link.push_back(p.links.back());
    add.service_facility.push_back(-1);
    add.cancelled.push_back(0);
    routes.links.insert(routes.links.end(), p.links.begin(), p.links.end());
    routes.offset.push_back(static_cast<std::uint32_t>(routes.links.size()));
  }
}

double TransitDay::run_pcu(std::int32_t k) const {
  const auto& r = tn_.runs[static_cast<std::size_t>(k - s_.first_run_trip)];
  const auto line = tn_.vehicle_line[static_cast<std::size_t>(r.vehicle)];
  return tn_.lines[static_cast<std::size_t>(line)].pcu * sample_rate_;
}

bool TransitDay::wants_stop(std::int32_t k, std::int32_t pos, net::LinkId link, bool last) const {
  if (!is_run(k)) return false;
  const auto run = static_cast<std::size_t>(k - s_.first_run_trip);
  if (s_.served_pos[run] >= pos) return false;
  if (last) return true;
  const auto& p = tn_.patterns[static_cast<std::size_t>(tn_.runs[run].pattern)];
  // A run re-routed around a closure serves no stop off its line's route.
  return static_cast<std::size_t>(pos) < p.links.size() && p.links[pos] == link &&
         p.stop_at[pos] >= 0;
}

bool TransitDay::start_passenger(std::int32_t k, double t) {
  const auto& S = tn_.stops[static_cast<std::size_t>(s_.board_stop[k])];
  const auto& line =
      tn_.lines[static_cast<std::size_t>(tn_.patterns[static_cast<std::size_t>(S.pattern)].line)];
  if (t < line.start_s - kEarlyWait_s || t > line.end_s) {
    ++s_.stats.out_of_hours;
    s_.board_stop[k] = -1;  // not a passenger any more: the day drives it as an ojek
    return false;
  }
  ++s_.stats.passengers;
  walking_.emplace(t + s_.access_s[k], k);
  return true;
}

void TransitDay::start_run(std::int32_t) {
  ++s_.stats.runs_started;
}

void TransitDay::walkers_arrive(double t, const TripTable& trips, const TripResult& results,
                                std::vector<std::pair<std::int32_t, double>>& arrivals) {
  (void)trips;
  while (!walking_.empty() && walking_.begin()->first <= t) {
    const auto [at, k] = *walking_.begin();
    walking_.erase(walking_.begin());
    s_.at_stop_s[k] = at;
    waiting_[static_cast<std::size_t>(s_.board_stop[k])].push_back(k);
    ++waiting_count_;
  }
  // Giving up is checked once a minute: queues are in arrival order, so only their heads.
  const auto minute = static_cast<std::int64_t>(std::floor(t / 60));
  if (waiting_count_ == 0 || minute == last_give_up_minute_) return;
  last_give_up_minute_ = minute;
  for (auto& q : waiting_) {
    while (!q.empty() && t - s_.at_stop_s[q.front()] >= tn_.options.max_wait_s) {
      const auto k = q.front();
      q.pop_front();
      --waiting_count_;
      ++s_.stats.gave_up;
      arrivals.emplace_back(k, t + results.free_time_s[k]);
    }
  }
}

bool TransitDay::busy() const {
  if (!walking_.empty() || waiting_count_ > 0) return true;
  for (const auto& v : onboard_)
    if (!v.empty()) return true;
  return false;
}

double TransitDay::serve(std::int32_t k, std::int32_t pos, bool last, double t,
                         const TripTable& trips,
                         std::vector<std::pair<std::int32_t, double>>& arrivals) {
  const auto run = static_cast<std::size_t>(k - s_.first_run_trip);
  s_.served_pos[run] = pos;
  const auto& r = tn_.runs[run];
  const auto& p = tn_.patterns[static_cast<std::size_t>(r.pattern)];
  const auto& line = tn_.lines[static_cast<std::size_t>(p.line)];
  const std::int32_t stop = static_cast<std::size_t>(pos) < p.stop_at.size() ? p.stop_at[pos] : -1;
  auto& st = s_.stats;
  auto& on = onboard_[static_cast<std::size_t>(r.vehicle)];
  int moved = 0;
  std::size_t w = 0;
  for (auto q : on) {
    const bool here = stop >= 0 && s_.alight_stop[q] == stop;
    if (!here && !last) {
      on[w++] = q;
      continue;
    }
    double egress = s_.egress_s[q];
    if (!here) {
      // Carried to the end of a shortened run: walks from where the vehicle stopped.
      const auto node = net_.to[p.links[std::min<std::size_t>(static_cast<std::size_t>(pos),
                                                              p.links.size() - 1)]];
      const auto [dx, dy] = link_middle(net_, trips.dest_link[q]);
      egress = walk_s(net_.node_x[node], net_.node_y[node], dx, dy);
    }
    arrivals.emplace_back(q, t + egress);
    ++st.alighted;
    if (stop >= 0) ++st.stop_alightings[static_cast<std::size_t>(stop)];
    ++moved;
  }
  on.resize(w);
  if (!last && stop >= 0) {
    auto& queue = waiting_[static_cast<std::size_t>(stop)];
    const double room = line.capacity * sample_rate_ + 1e-9;
    const auto c = cell(t, p.line);
    while (!queue.empty() && static_cast<double>(on.size()) + 1 <= room) {
      const auto q = queue.front();
      queue.pop_front();
      --waiting_count_;
      on.push_back(q);
      s_.boarded_s[q] = t;
      const double wait = t - s_.at_stop_s[q];
      ++st.boarded;
      ++st.boardings[c];
      st.wait_sum_s[c] += wait;
      ++st.stop_boardings[static_cast<std::size_t>(stop)];
      st.stop_wait_sum_s[static_cast<std::size_t>(stop)] += wait;
      ++moved;
    }
    // Everyone still waiting wanted this vehicle: its line and direction reach their stop.
    for (auto q : queue) {
      ++st.denied[c];
      if (!s_.denied[q]) {
        s_.denied[q] = 1;
        ++st.denied_passengers;
      }
    }
    ++st.load_samples[c];
    st.load_sum[c] += static_cast<double>(on.size());
    st.max_load[c] = std::max<std::uint32_t>(st.max_load[c], static_cast<std::uint32_t>(on.size()));
  }
  const double dwell = line.dwell_per_passenger_s * moved;
  st.event_run.push_back(static_cast<std::int32_t>(run));
  st.event_pos.push_back(pos);
  st.event_t.push_back(t);
  st.event_dwell_s.push_back(dwell);
  return dwell;
}

TransitStats TransitDay::finish(std::size_t planned) const {
  TransitStats st = s_.stats;
  st.passenger.assign(planned, 0);
  for (std::size_t k = 0; k < planned && k < s_.board_stop.size(); ++k)
    st.passenger[k] = s_.board_stop[k] >= 0 && s_.at_stop_s[k] >= 0 ? 1 : 0;
  // Those still walking to their stop have no at_stop_s yet, but went by public transport.
  for (const auto& [t, k] : walking_)
    if (static_cast<std::size_t>(k) < planned) st.passenger[static_cast<std::size_t>(k)] = 1;
  st.wait_s.assign(planned, -1.0f);
  for (std::size_t k = 0; k < planned && k < s_.board_stop.size(); ++k) {
    if (!st.passenger[k] || s_.at_stop_s[k] < 0) continue;
    st.wait_s[k] = static_cast<float>(s_.boarded_s[k] >= 0 ? s_.boarded_s[k] - s_.at_stop_s[k]
                                                           : tn_.options.max_wait_s);
  }
  return st;
}

TransitState TransitDay::state() const {
  TransitState st = s_;
  st.last_give_up_minute = last_give_up_minute_;
  for (const auto& [t, k] : walking_) {
    st.walk_until_s.push_back(t);
    st.walk_trip.push_back(k);
  }
  st.stop_offset.push_back(0);
  for (const auto& q : waiting_) {
    st.stop_trips.insert(st.stop_trips.end(), q.begin(), q.end());
    st.stop_offset.push_back(st.stop_trips.size());
  }
  st.vehicle_offset.push_back(0);
  for (const auto& v : onboard_) {
    st.vehicle_trips.insert(st.vehicle_trips.end(), v.begin(), v.end());
    st.vehicle_offset.push_back(st.vehicle_trips.size());
  }
  return st;
}

void TransitDay::restore(TransitState st) {
  auto bad = [](const char* what) {
    throw InputError(std::string("day state: public transport ") + what +
                     " does not match the lines (a state of another run?)");
  };
  const std::size_t n = st.board_stop.size();
  if (st.alight_stop.size() != n || st.access_s.size() != n || st.egress_s.size() != n ||
      st.at_stop_s.size() != n || st.boarded_s.size() != n || st.denied.size() != n)
    bad("passengers");
  if (st.stop_offset.size() != tn_.stops.size() + 1 ||
      st.stop_offset.back() != st.stop_trips.size())
    bad("stop queues");
  if (st.vehicle_offset.size() != static_cast<std::size_t>(tn_.vehicles) + 1 ||
      st.vehicle_offset.back() != st.vehicle_trips.size())
    bad("vehicles");
  if (st.served_pos.size() != tn_.runs.size()) bad("runs");
  if (st.walk_until_s.size() != st.walk_trip.size()) bad("walks");
  if (st.stats.lines != tn_.lines.size() || st.stats.stops != tn_.stops.size() ||
      st.stats.boardings.size() != s_.stats.boardings.size())
    bad("statistics");
  auto check = [&](std::int32_t k) {
    if (k < 0 || static_cast<std::size_t>(k) >= n || st.board_stop[k] < 0) bad("passengers");
  };
  walking_.clear();
  waiting_count_ = 0;
  last_give_up_minute_ = st.last_give_up_minute;
  for (std::size_t i = 0; i < st.walk_trip.size(); ++i) {
    check(st.walk_trip[i]);
    walking_.emplace(st.walk_until_s[i], st.walk_trip[i]);
  }
  for (std::size_t s = 0; s < waiting_.size(); ++s) {
    waiting_[s].clear();
    for (auto i = st.stop_offset[s]; i < st.stop_offset[s + 1]; ++i) {
      check(st.stop_trips[i]);
      waiting_[s].push_back(st.stop_trips[i]);
      ++waiting_count_;
    }
  }
  for (std::size_t v = 0; v < onboard_.size(); ++v) {
    onboard_[v].clear();
    for (auto i = st.vehicle_offset[v]; i < st.vehicle_offset[v + 1]; ++i) {
      check(st.vehicle_trips[i]);
      onboard_[v].push_back(st.vehicle_trips[i]);
    }
  }
  for (auto* v : {&st.walk_until_s}) v->clear();
  st.walk_trip.clear();
  st.stop_offset.clear();
  st.stop_trips.clear();
  st.vehicle_offset.clear();
  st.vehicle_trips.clear();
  s_ = std::move(st);
}

}  // namespace ogan::traffic
