#include "engine/traffic/simulation.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"

namespace ogan::traffic {

int network_mode_index(pop::Mode m) {
  switch (m) {
    case pop::Mode::Motorcycle:
      return 0;
    case pop::Mode::Car:
      return 1;
    case pop::Mode::Angkot:
      return 2;
    case pop::Mode::Ojek:
      return 3;
    default:
      return -1;
  }
}

namespace {

struct LinkState {
  std::deque<std::int32_t> queue;
  std::vector<std::int32_t> incoming;  // written only by the link's from-node in phase A
  double occ = 0;                      // pcu on the link; changed only in phase B
  double incoming_pcu = 0;
  double left_pcu = 0;  // written only by the link's to-node in phase A
  double accum = 0;     // outflow capacity accumulator, pcu
  double accum_t = 0;
  double cap_step = 0;  // outflow capacity per time step, pcu
  double storage = 0;   // pcu
};

class Sim {
 public:
  Sim(const net::Network& net, const TripTable& trips, const Routes& routes,
      const TrafficOptions& o, const ServiceHook& hook)
      : net_(net), trips_(trips), routes_(routes), o_(o), hook_(hook) {
    const std::size_t nl = net.num_links();
    links_.resize(nl);
    for (std::size_t l = 0; l < nl; ++l) {
      auto& L = links_[l];
      L.cap_step = net.capacity_pcu_h[l] / 3600.0 * o.dt_s * o.sample_rate;
      L.accum = L.cap_step;
      // Never less than one car's worth of space, or a small sample could not move at all.
      L.storage = std::max(1.0, net.storage_pcu[l] * o.sample_rate);
    }
    ff_.resize(kNetworkModes * nl);
    for (int m = 0; m < kNetworkModes; ++m) {
      const pop::Mode mode = m == 0   ? pop::Mode::Motorcycle
                             : m == 1 ? pop::Mode::Car
                             : m == 2 ? pop::Mode::Angkot
                                      : pop::Mode::Ojek;
      const double cap = pop::mode_info(mode).max_speed_mps;
      for (std::size_t l = 0; l < nl; ++l)
        ff_[m * nl + l] = net.length_m[l] / std::min(net.free_speed_mps[l], cap);
    }
    const std::size_t nt = trips.size();
    out_.trips.depart_s.assign(nt, -1);
    out_.trips.arrival_s.assign(nt, -1);
    out_.trips.status.assign(nt, TripStatus::NotStarted);
    out_.trips.stuck.assign(nt, 0);
    out_.trips.route_length_m.assign(nt, 0);
    out_.trips.free_time_s.assign(nt, 0);
    pos_.assign(nt, 0);
    exit_t_.assign(nt, 0);
    enter_t_.assign(nt, 0);
    blocked_since_.assign(nt, -1);
    pcu_.resize(nt);
    mode_idx_.resize(nt);
    for (std::size_t k = 0; k < nt; ++k) {
      pcu_[k] = pop::mode_info(trips.mode[k]).pcu;
      mode_idx_[k] = static_cast<std::int8_t>(network_mode_index(trips.mode[k]));
      const auto b = routes.offset[k], e = routes.offset[k + 1];
      for (auto i = b; i < e; ++i) {
        const auto l = routes.links[i];
        const double share =
            (i == b || i + 1 == e) ? 0.5 : 1.0;  // homes and destinations are mid-link
        out_.trips.route_length_m[k] += share * net.length_m[l];
        if (mode_idx_[k] >= 0) out_.trips.free_time_s[k] += share * ff(l, mode_idx_[k]);
      }
      if (e == b) out_.trips.free_time_s[k] = trips.teleport_time_s[k];
    }
    auto& s = out_.links;
    s.intervals = o.intervals;
    s.links = nl;
    const std::size_t cells = static_cast<std::size_t>(o.intervals) * nl;
    s.volume_veh.assign(cells * kNetworkModes, 0);
    s.volume_pcu.assign(cells, 0);
    s.travel_time_sum_s.assign(cells, 0);
    s.exits.assign(cells, 0);
    s.queue_pcu.assign(cells, 0);
    steps_ = static_cast<std::size_t>(std::ceil(o.end_s / o.dt_s)) + 1;
    buckets_.resize(steps_);
    arrival_buckets_.resize(steps_);
    link_stamp_.assign(nl, 0);
    node_stamp_.assign(net.num_nodes(), 0);
    active_flag_.assign(nl, 0);
    const int threads = omp_get_max_threads();
    touched_.resize(threads);
    arrived_.resize(threads);
    stuck_.assign(threads, 0);
    moves_.assign(threads, 0);
  }

  SimulationOutput run() {
    // First trips of each person depart as planned; later ones when the previous one ends.
    for (std::size_t k = 0; k < trips_.size(); ++k) {
      if (k == 0 || trips_.person[k] != trips_.person[k - 1])
        schedule(static_cast<std::int32_t>(k), trips_.planned_depart_s[k]);
    }
    int next_interval = 1;
    for (std::size_t step = 0; step < steps_; ++step) {
      const double t = static_cast<double>(step) * o_.dt_s;
      while (next_interval <= o_.intervals && t >= next_interval * o_.interval_s) {
        record_queues(next_interval - 1, t);
        ++next_interval;
      }
      if (active_.empty() && buckets_[step].empty() && arrival_buckets_[step].empty()) {
        // Nothing on the network: jump to the next departure or arrival.
        std::size_t next = step + 1;
        while (next < steps_ && buckets_[next].empty() && arrival_buckets_[next].empty()) ++next;
        if (next >= steps_) break;
        const double tn = static_cast<double>(next) * o_.dt_s;
        while (next_interval <= o_.intervals && tn >= next_interval * o_.interval_s) {
          record_queues(next_interval - 1, tn);
          ++next_interval;
        }
        step = next - 1;
        continue;
      }
      ++out_.report.steps;
      step_nodes(t, step);
      step_links(t);
      depart(step, t);
      after_step(step, t);
    }
    for (; next_interval <= o_.intervals; ++next_interval)
      record_queues(next_interval - 1, o_.end_s);
    finish();
    return std::move(out_);
  }

 private:
  double ff(net::LinkId l, int m) const {
    return ff_[static_cast<std::size_t>(m) * net_.num_links() + static_cast<std::size_t>(l)];
  }
  std::size_t cell(double t, net::LinkId l) const {
    const int k = std::clamp(static_cast<int>(t / o_.interval_s), 0, o_.intervals - 1);
    return static_cast<std::size_t>(k) * net_.num_links() + static_cast<std::size_t>(l);
  }
  net::LinkId route_link(std::int32_t v, std::int32_t i) const {
    return routes_.links[routes_.offset[v] + static_cast<std::uint32_t>(i)];
  }
  std::int32_t route_len(std::int32_t v) const {
    return static_cast<std::int32_t>(routes_.offset[v + 1] - routes_.offset[v]);
  }
  bool is_moto(std::int32_t v) const { return mode_idx_[v] == 0 || mode_idx_[v] == 3; }

  void schedule(std::int32_t trip, double depart) {
    const auto s = static_cast<std::size_t>(std::ceil(std::max(0.0, depart) / o_.dt_s));
    if (s >= steps_) return;  // after the end of the simulated period: never starts
    buckets_[s].push_back(trip);
  }

  // A vehicle enters a link (phase B or departure): it is on it until its exit time. Writes only
  // link l and vehicle v, so phase B may run it in parallel over links.
  void place(net::LinkId l, std::int32_t v, double t) {
    auto& L = links_[l];
    enter_t_[v] = t;
    const bool edge = pos_[v] == 0 || pos_[v] + 1 == route_len(v);
    exit_t_[v] = t + ff(l, mode_idx_[v]) * (edge ? 0.5 : 1.0);
    L.queue.push_back(v);
    L.occ += pcu_[v];
    const auto c = cell(t, l);
    ++out_.links.volume_veh[c * kNetworkModes + static_cast<std::size_t>(mode_idx_[v])];
    out_.links.volume_pcu[c] += static_cast<float>(pcu_[v]);
  }

  void activate(net::LinkId l) {
    if (!active_flag_[l]) {
      active_flag_[l] = 1;
      active_.push_back(l);
    }
  }

  // Moves at most one vehicle off in-link l (owned by its to-node). Returns true if it did.
  bool move_one(net::LinkId l, double t, int tid) {
    auto& L = links_[l];
    if (L.queue.empty()) return false;
    if (L.accum_t < t) {
      L.accum = std::min(L.accum + L.cap_step * (t - L.accum_t) / o_.dt_s, L.cap_step);
      L.accum_t = t;
    }
    std::size_t pick = L.queue.size();
    if (exit_t_[L.queue.front()] <= t) {
      pick = 0;
    } else if (o_.seepage) {
      const std::size_t lim =
          std::min<std::size_t>(L.queue.size(), 1 + static_cast<std::size_t>(o_.seepage_lookahead));
      for (std::size_t p = 1; p < lim; ++p) {
        const auto v = L.queue[p];
        if (is_moto(v) && exit_t_[v] <= t) {
          pick = p;
          break;
        }
      }
    }
    if (pick == L.queue.size()) return false;
    const std::int32_t v = L.queue[pick];
    if (pos_[v] + 1 == route_len(v)) {
      // Arrival at a mid-link destination: leaves the road without crossing the node.
      L.queue.erase(L.queue.begin() + static_cast<std::ptrdiff_t>(pick));
      L.left_pcu += pcu_[v];
      out_.trips.arrival_s[v] = t;
      out_.trips.status[v] = TripStatus::Arrived;
      arrived_[tid].push_back(v);
      return true;
    }
    if (L.accum <= 0) return false;
    const net::LinkId next = route_link(v, pos_[v] + 1);
    auto& N = links_[next];
    const bool room = N.occ + N.incoming_pcu + pcu_[v] <= N.storage;
    if (!room) {
      if (blocked_since_[v] < 0) blocked_since_[v] = t;
      if (t - blocked_since_[v] < o_.stuck_time_s) return false;
      ++stuck_[tid];
      out_.trips.stuck[v] = 1;
    }
    L.queue.erase(L.queue.begin() + static_cast<std::ptrdiff_t>(pick));
    L.accum -= pcu_[v];
    L.left_pcu += pcu_[v];
    const auto c = cell(t, l);
    out_.links.travel_time_sum_s[c] += t - enter_t_[v];
    ++out_.links.exits[c];
    N.incoming.push_back(v);
    N.incoming_pcu += pcu_[v];
    ++pos_[v];
    blocked_since_[v] = -1;
    ++moves_[tid];
    touched_[tid].push_back(next);
    touched_[tid].push_back(l);
    return true;
  }

  void process_node(net::NodeId n, double t, std::size_t step, int tid) {
    const auto b = net_.in_offset[n], e = net_.in_offset[n + 1];
    const auto count = e - b;
    if (count == 0) return;
    // Approaches take turns, starting from one drawn for this node and second: fair on average,
    // and the same whatever thread runs the node.
    Rng rng(o_.seed, StreamId::Traffic, (static_cast<std::uint64_t>(n) << 32) | step);
    const auto start = static_cast<std::int32_t>(rng.uniform() * count);
    bool progress = true;
    while (progress) {
      progress = false;
      for (std::int32_t i = 0; i < count; ++i) {
        const net::LinkId l = net_.in_links[b + (start + i) % count];
        if (move_one(l, t, tid)) {
          progress = true;
          touched_[tid].push_back(l);
        }
      }
    }
  }

  void step_nodes(double t, std::size_t step) {
    nodes_.clear();
    ++node_round_;
    for (auto l : active_) {
      const auto n = net_.to[l];
      if (node_stamp_[n] != node_round_) {
        node_stamp_[n] = node_round_;
        nodes_.push_back(n);
      }
    }
    const auto nn = static_cast<std::int64_t>(nodes_.size());
#pragma omp parallel for schedule(dynamic, 64)
    for (std::int64_t i = 0; i < nn; ++i) process_node(nodes_[i], t, step, omp_get_thread_num());
  }

  void step_links(double t) {
    touched_all_.clear();
    ++link_round_;
    for (auto& list : touched_) {
      for (auto l : list) {
        if (link_stamp_[l] != link_round_) {
          link_stamp_[l] = link_round_;
          touched_all_.push_back(l);
        }
      }
      list.clear();
    }
    const auto nt = static_cast<std::int64_t>(touched_all_.size());
#pragma omp parallel for schedule(dynamic, 64)
    for (std::int64_t i = 0; i < nt; ++i) {
      const auto l = touched_all_[i];
      auto& L = links_[l];
      L.occ -= L.left_pcu;
      L.left_pcu = 0;
      for (auto v : L.incoming) place(l, v, t);
      L.incoming.clear();
      L.incoming_pcu = 0;
    }
    for (auto l : touched_all_) {
      if (!links_[l].queue.empty()) activate(l);
    }
  }

  void depart(std::size_t step, double t) {
    auto& bucket = buckets_[step];
    std::sort(bucket.begin(), bucket.end());
    for (auto k : bucket) {
      if (!trips_.cancelled.empty() && trips_.cancelled[k]) {
        // A closed origin or destination: the trip, and the rest of the person's day, is off.
        out_.trips.status[k] = TripStatus::Cancelled;
        ++out_.report.cancelled;
        continue;
      }
      out_.trips.depart_s[k] = t;
      if (route_len(k) == 0 || mode_idx_[k] < 0) {
        out_.trips.status[k] = TripStatus::Teleported;
        out_.trips.arrival_s[k] = t + trips_.teleport_time_s[k];
        ++out_.report.teleported;
        // The arrival is an event of its own step, so that facilities see visitors in time order.
        const auto s = static_cast<std::size_t>(std::ceil(out_.trips.arrival_s[k] / o_.dt_s));
        if (s < steps_) arrival_buckets_[std::max(s, step + 1)].push_back(k);
        continue;
      }
      out_.trips.status[k] = TripStatus::EnRoute;
      ++out_.report.departed;
      pos_[k] = 0;
      place(route_link(k, 0), k, t);
      activate(route_link(k, 0));
    }
    bucket.clear();
    bucket.shrink_to_fit();
  }

  void next_trip(std::int32_t k, double arrival) {
    const auto n = static_cast<std::int32_t>(trips_.size());
    if (k + 1 < n && trips_.person[k + 1] == trips_.person[k]) {
      schedule(k + 1, std::max(trips_.planned_depart_s[k + 1], arrival + o_.min_activity_s));
    }
  }

  void after_step(std::size_t step, double) {
    ready_.clear();
    for (auto& list : arrived_) {
      for (auto v : list) {
        ++out_.report.arrived;
        ready_.push_back(v);
      }
      list.clear();
    }
    for (auto v : arrival_buckets_[step]) ready_.push_back(v);
    arrival_buckets_[step].clear();
    arrival_buckets_[step].shrink_to_fit();
    std::sort(ready_.begin(), ready_.end(), [&](std::int32_t a, std::int32_t b) {
      const double ta = out_.trips.arrival_s[a], tb = out_.trips.arrival_s[b];
      return ta != tb ? ta < tb : a < b;
    });
    for (auto v : ready_) {
      const auto f = trips_.service_facility.empty() ? -1 : trips_.service_facility[v];
      if (f >= 0 && hook_) {
        // The next trip leaves when the visit ends, not at the planned time.
        const double leave = hook_(v, f, out_.trips.arrival_s[v]);
        const auto n = static_cast<std::int32_t>(trips_.size());
        if (v + 1 < n && trips_.person[v + 1] == trips_.person[v]) schedule(v + 1, leave);
      } else {
        next_trip(v, out_.trips.arrival_s[v]);
      }
    }
    std::size_t w = 0;
    for (auto l : active_) {
      if (links_[l].queue.empty()) {
        active_flag_[l] = 0;
      } else {
        active_[w++] = l;
      }
    }
    active_.resize(w);
  }

  void record_queues(int k, double t) {
    for (auto l : active_) {
      double q = 0;
      for (auto v : links_[l].queue) {
        if (exit_t_[v] <= t) q += pcu_[v];
      }
      out_.links
          .queue_pcu[static_cast<std::size_t>(k) * net_.num_links() + static_cast<std::size_t>(l)] =
          static_cast<float>(q);
    }
  }

  void finish() {
    for (std::size_t k = 0; k < trips_.size(); ++k) {
      if (out_.trips.status[k] == TripStatus::EnRoute) ++out_.report.en_route;
    }
    for (auto s : stuck_) out_.report.stuck_events += s;
    for (auto m : moves_) out_.report.link_traversals += m;
  }

  const net::Network& net_;
  const TripTable& trips_;
  const Routes& routes_;
  TrafficOptions o_;
  SimulationOutput out_;
  std::vector<LinkState> links_;
  std::vector<double> ff_;
  std::vector<std::int32_t> pos_;
  std::vector<double> exit_t_, enter_t_, blocked_since_;
  std::vector<double> pcu_;
  std::vector<std::int8_t> mode_idx_;
  std::size_t steps_ = 0;
  std::vector<std::vector<std::int32_t>> buckets_;
  std::vector<std::vector<std::int32_t>> arrival_buckets_;
  std::vector<std::int32_t> ready_;
  ServiceHook hook_;
  std::vector<net::LinkId> active_;
  std::vector<std::uint8_t> active_flag_;
  std::vector<net::NodeId> nodes_;
  std::vector<std::uint32_t> node_stamp_, link_stamp_;
  std::uint32_t node_round_ = 0, link_round_ = 0;
  std::vector<net::LinkId> touched_all_;
  std::vector<std::vector<net::LinkId>> touched_;
  std::vector<std::vector<std::int32_t>> arrived_;
  std::vector<std::int64_t> stuck_, moves_;
};

}  // namespace

SimulationOutput simulate(const net::Network& net, const TripTable& trips, const Routes& routes,
                          const TrafficOptions& options, const ServiceHook& services) {
  if (routes.offset.size() != trips.size() + 1)
    throw InternalError("simulate: routes do not match trips");
  if (!(options.dt_s > 0)) throw InputError("traffic.time_step_s must be > 0");
  Sim sim(net, trips, routes, options, services);
  return sim.run();
}

}  // namespace ogan::traffic
