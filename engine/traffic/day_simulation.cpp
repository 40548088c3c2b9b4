#include "engine/traffic/day_simulation.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/step_pool.hpp"
#include "engine/traffic/transit_day.hpp"

namespace ogan::traffic {

namespace {

// A vehicle on a link, with what the link's node reads of it every time it looks: so that looking
// does not reach into the vehicle's own record, far away in memory.
struct Slot {
  double exit_t;      // when it may leave the link (copy of the vehicle's)
  std::int32_t v;     // trip
  net::LinkId next;   // the next link of its route; -1: it arrives on this one
  std::uint8_t moto;  // a motorcycle or ojek (may seep past the head of the queue)
  std::uint8_t kind;  // its size: the day's kinds_ (pcu)
};

// A link's queue, first in first out, in a ring buffer: reading its head is one memory access
// after the link's record (a std::deque went through its block map first).
class SlotQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  Slot& operator[](std::size_t i) { return buf_[(head_ + i) & (buf_.size() - 1)]; }
  const Slot& operator[](std::size_t i) const { return buf_[(head_ + i) & (buf_.size() - 1)]; }
  Slot& front() { return (*this)[0]; }
  const Slot& front() const { return (*this)[0]; }
  void push_back(const Slot& s) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = s;
    ++size_;
  }
  // Removes slot p, the others keeping their order. The ones before it move back by one: p is
  // the head or a motorcycle within the seepage reach behind it.
  void erase_at(std::size_t p) {
    for (std::size_t i = p; i > 0; --i) (*this)[i] = (*this)[i - 1];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
  }
  void clear() { head_ = size_ = 0; }

  template <class Q, class S>
  struct Iter {
    Q* q;
    std::size_t i;
    S& operator*() const { return (*q)[i]; }
    Iter& operator++() {
      ++i;
      return *this;
    }
    bool operator!=(const Iter& o) const { return i != o.i; }
  };
  Iter<SlotQueue, Slot> begin() { return {this, 0}; }
  Iter<SlotQueue, Slot> end() { return {this, size_}; }
  Iter<const SlotQueue, const Slot> begin() const { return {this, 0}; }
  Iter<const SlotQueue, const Slot> end() const { return {this, size_}; }

 private:
  void grow() {
    std::vector<Slot> b(std::max<std::size_t>(4, 2 * buf_.size()));  // a power of two
    for (std::size_t i = 0; i < size_; ++i) b[i] = (*this)[i];
    buf_.swap(b);
    head_ = 0;
  }
  std::vector<Slot> buf_;
  std::size_t head_ = 0, size_ = 0;
};

struct LinkState {
  SlotQueue queue;
  std::vector<std::int32_t> incoming;  // written only by the link's from-node in phase A
  double occ = 0;                      // pcu on the link; changed only in phase B
  double incoming_pcu = 0;
  double left_pcu = 0;  // written only by the link's to-node in phase A
  double accum = 0;     // outflow capacity accumulator, pcu
  double accum_t = 0;
  double cap_step = 0;  // outflow capacity per time step, pcu
  double storage = 0;   // pcu
  // The first step of the link's current busy spell (queue not empty), from which its outflow
  // accumulator is topped up every step; and the step it is next looked at (-1: none).
  std::size_t busy_from = 0;
  std::int64_t wake = -1;
  // Why its last look moved nothing more, when waiting for something else than a clock: the
  // vehicle to move next had no room on link `blocked_on` (since `blocked_since`, a copy of the
  // vehicle's), or the outflow capacity was spent (`capped`). Such a link sleeps until that may
  // have changed.
  net::LinkId blocked_on = -1;
  double blocked_since = 0;
  std::uint8_t capped = 0;
  std::uint8_t freed = 0;  // vehicles left it in this step (room on it may have grown)
  // What looking at the link reads first, kept beside it (refresh after every change of the
  // queue) so that the calendar and the prefetches need not reach into the queue's buffer: the
  // head's vehicle (-1: empty) and next link, and the first exit time among the vehicles that
  // may leave next (the head, and with seepage the motorcycles within reach).
  std::int32_t head_v = -1;
  net::LinkId head_next = -1;
  double first_exit = 0;
};

pop::Mode network_mode(int m) {
  return m == 0   ? pop::Mode::Motorcycle
         : m == 1 ? pop::Mode::Car
         : m == 2 ? pop::Mode::Angkot
                  : pop::Mode::Ojek;
}

}  // namespace

class DaySimulation::Impl {
 public:
  Impl(const net::Network& net, const TrafficOptions& o, ServiceHook hook, Rerouter reroute)
      : net_(net), o_(o), hook_(std::move(hook)), reroute_(std::move(reroute)) {
    if (!(o.dt_s > 0)) throw InputError("traffic.time_step_s must be > 0");
    steps_ = static_cast<std::size_t>(std::ceil(o.end_s / o.dt_s)) + 1;
    buckets_.resize(steps_);
    arrival_buckets_.resize(steps_);
    wake_buckets_.resize(steps_);
    link_stamp_.assign(net.num_links(), 0);
    due_stamp_.assign(net.num_links(), 0);
    resched_stamp_.assign(net.num_links(), 0);
    node_stamp_.assign(net.num_nodes(), 0);
    active_flag_.assign(net.num_links(), 0);
    stuck_.assign(1, 0);
    moves_.assign(1, 0);
    if (o.transit) transit_ = std::make_unique<TransitDay>(*o.transit, net, o);
    fit_threads();
  }

  // Per-thread buffers for as many threads as a parallel region may now have: the thread count
  // can change between two calls of advance_to (a library user, ogan serve).
  void fit_threads() {
    // The day's per-second loops run on a StepPool of OpenMP's thread count (one thread when
    // called from inside a parallel region, as OpenMP would do).
    // parallel_chunk 0: the loops stay on the calling thread (the default; see TrafficOptions).
    const int want =
        omp_in_parallel() || o_.parallel_chunk <= 0 ? 1 : std::max(1, omp_get_max_threads());
    if (!pool_ || pool_->threads() != want) {
      pool_.reset();
      pool_ = std::make_unique<StepPool>(want);
    }
    const auto threads = static_cast<std::size_t>(want);
    if (touched_.size() < threads) touched_.resize(threads);
    if (arrived_.size() < threads) arrived_.resize(threads);
    if (stuck_.size() < threads) stuck_.resize(threads, 0);
    if (moves_.size() < threads) moves_.resize(threads, 0);
    if (stop_req_.size() < threads) stop_req_.resize(threads);
  }

  void start(TripTable trips, const Routes& routes) {
    if (routes.offset.size() != trips.size() + 1)
      throw InternalError("simulate: routes do not match trips");
    // Public transport: angkot trips choose their stops (or go by ojek) before the day.
    if (transit_) transit_->plan(trips);
    planned_ = trips.size();
    // The transit vehicles' runs: trips of persons after every resident, on their lines' routes.
    // Appended here, before the per-trip arrays are built, so that they are built once.
    Routes runs;
    if (transit_) {
      TripTable add;
      const std::int32_t first_person = trips.size() ? trips.person.back() + 1 : 0;
      transit_->vehicle_trips(first_person, static_cast<std::int64_t>(trips.size()), add, runs);
      append_trips(trips, add);
    }
    trips_ = std::move(trips);
    const std::size_t nl = net_.num_links();
    links_.resize(nl);
    for (std::size_t l = 0; l < nl; ++l) {
      auto& L = links_[l];
      L.cap_step = net_.capacity_pcu_h[l] / 3600.0 * o_.dt_s * o_.sample_rate;
      L.accum = L.cap_step;
      // Never less than one car's worth of space, or a small sample could not move at all.
      L.storage = std::max(1.0, net_.storage_pcu[l] * o_.sample_rate);
    }
    closed_.assign(nl, 0);
    ff_.resize(kNetworkModes * nl);
    for (int m = 0; m < kNetworkModes; ++m) {
      for (std::size_t l = 0; l < nl; ++l)
        set_ff(static_cast<net::LinkId>(l), m, net_.free_speed_mps[l]);
    }
    // The day's per-trip arrays are read in no order a cache follows: on huge pages (core).
    reserve_huge(route_links_, routes.links.size() + runs.links.size());
    route_links_.assign(routes.links.begin(), routes.links.end());
    reserve_huge(veh_, trips_.size());
    veh_.assign(trips_.size(), Vehicle{});
    for (std::size_t k = 0; k < planned_; ++k) {
      veh_[k].route_begin = routes.offset[k];
      veh_[k].route_len = static_cast<std::int32_t>(routes.offset[k + 1] - routes.offset[k]);
    }
    for (std::size_t k = 0; k + planned_ < trips_.size(); ++k) {
      auto& V = veh_[planned_ + k];
      V.route_begin = route_links_.size() + runs.offset[k];
      V.route_len = static_cast<std::int32_t>(runs.offset[k + 1] - runs.offset[k]);
    }
    route_links_.insert(route_links_.end(), runs.links.begin(), runs.links.end());
    derive_per_trip();
    const std::size_t nt = trips_.size();
    auto& r = out_.trips;
    auto fill = [nt](auto& col, auto x) {
      reserve_huge(col, nt);
      col.assign(nt, x);
    };
    fill(r.depart_s, -1.0);
    fill(r.arrival_s, -1.0);
    fill(r.status, TripStatus::NotStarted);
    fill(r.stuck, std::uint8_t{0});
    fill(r.route_length_m, 0.0);
    fill(r.free_time_s, 0.0);
    fill(r.departure_delay_s, 0.0);
    fill(ready_t_, -1.0);
    origin_wait_.assign(nl, {});
    waiting_pos_.assign(nl, -1);
    waiters_.assign(nl, {});
    for (std::size_t k = 0; k < nt; ++k) measure_route(static_cast<std::int32_t>(k));
    auto& s = out_.links;
    s.intervals = o_.intervals;
    s.links = nl;
    const std::size_t cells = static_cast<std::size_t>(o_.intervals) * nl;
    s.volume_veh.assign(cells * kNetworkModes, 0);
    s.volume_pcu.assign(cells, 0);
    s.travel_time_sum_s.assign(cells, 0);
    s.exits.assign(cells, 0);
    s.queue_pcu.assign(cells, 0);
    // First trips of each person depart as planned; later ones when the previous one ends.
    for (std::size_t k = 0; k < nt; ++k) {
      if (k == 0 || trips_.person[k] != trips_.person[k - 1])
        schedule(static_cast<std::int32_t>(k), trips_.planned_depart_s[k]);
    }
  }

  // Appends `add` to `to`; a column left empty in `add` (as a table may leave `cancelled`) is
  // filled with its default.
  static void append_trips(TripTable& to, const TripTable& add) {
    const std::size_t n = add.size(), first = to.size();
    auto append = [n](auto& col, const auto& from, auto fill) {
      if (from.empty()) {
        col.insert(col.end(), n, fill);
      } else {
        col.insert(col.end(), from.begin(), from.end());
      }
    };
    append(to.person, add.person, 0);
    append(to.mode, add.mode, pop::Mode::Walk);
    append(to.planned_depart_s, add.planned_depart_s, 0.0);
    append(to.teleport_time_s, add.teleport_time_s, 0.0);
    append(to.distance_m, add.distance_m, 0.0);
    append(to.origin_link, add.origin_link, net::LinkId{-1});
    append(to.dest_link, add.dest_link, net::LinkId{-1});
    append(to.service_facility, add.service_facility, std::int32_t{-1});
    to.cancelled.resize(first, 0);
    append(to.cancelled, add.cancelled, std::uint8_t{0});
  }

  void restore(DayState st) {
    const std::size_t nl = net_.num_links(), nt = st.trips.size();
    auto bad = [](const char* what) {
      throw InputError(std::string("day state: ") + what +
                       " does not match the network or the trips (a state of another run?)");
    };
    if (st.occ.size() != nl || st.accum.size() != nl || st.accum_t.size() != nl ||
        st.cap_step.size() != nl || st.storage.size() != nl || st.closed.size() != nl ||
        st.queue_offset.size() != nl + 1 || st.free_time.size() != kNetworkModes * nl)
      bad("per-link arrays");
    if (st.route_begin.size() != nt || st.route_len.size() != nt || st.pos.size() != nt ||
        st.exit_t.size() != nt || st.enter_t.size() != nt || st.blocked_since.size() != nt ||
        st.results.status.size() != nt || st.results.depart_s.size() != nt ||
        st.results.arrival_s.size() != nt || st.results.stuck.size() != nt ||
        st.results.route_length_m.size() != nt || st.results.free_time_s.size() != nt ||
        st.results.departure_delay_s.size() != nt || st.ready_t.size() != nt)
      bad("per-trip arrays");
    for (std::size_t k = 0; k < nt; ++k) {
      if (st.route_len[k] < 0 ||
          st.route_begin[k] + static_cast<std::uint64_t>(st.route_len[k]) > st.route_links.size())
        bad("routes");
      if (st.pos[k] < 0 || (st.route_len[k] > 0 && st.pos[k] >= st.route_len[k])) bad("positions");
    }
    for (auto l : st.route_links)
      if (l < 0 || static_cast<std::size_t>(l) >= nl) bad("route links");
    if (st.queue_offset.back() != st.queue_vehicles.size()) bad("link queues");
    if (st.origin_wait_offset.size() != nl + 1 ||
        st.origin_wait_offset.back() != st.origin_wait_vehicles.size())
      bad("vehicles waiting at their origin");
    for (std::size_t l = 0; l < nl; ++l)
      if (st.origin_wait_offset[l] > st.origin_wait_offset[l + 1])
        bad("vehicles waiting at their origin");
    for (auto v : st.origin_wait_vehicles)
      if (v < 0 || static_cast<std::size_t>(v) >= nt) bad("vehicles waiting at their origin");
    for (auto v : st.queue_vehicles)
      if (v < 0 || static_cast<std::size_t>(v) >= nt) bad("link queues");
    for (auto l : st.active)
      if (l < 0 || static_cast<std::size_t>(l) >= nl) bad("active links");
    if (st.departure_step.size() != st.departure_trip.size() ||
        st.arrival_step.size() != st.arrival_trip.size())
      bad("scheduled departures");
    if (st.links.links != nl || st.links.intervals != o_.intervals) bad("link statistics");
    if (st.step > steps_) bad("the clock");
    if (st.planned_trips > nt) bad("the number of planned trips");

    if (transit_) {
      transit_->restore(std::move(st.transit));
    } else if (!st.transit.served_pos.empty()) {
      bad("public transport (the run has no lines)");
    }
    trips_ = std::move(st.trips);
    planned_ = st.planned_trips;
    route_links_ = std::move(st.route_links);
    veh_.assign(nt, Vehicle{});
    for (std::size_t k = 0; k < nt; ++k) {
      auto& V = veh_[k];
      V.route_begin = st.route_begin[k];
      V.route_len = st.route_len[k];
      V.pos = st.pos[k];
      V.exit_t = st.exit_t[k];
      V.enter_t = st.enter_t[k];
      V.blocked_since = st.blocked_since[k];
    }
    derive_per_trip();
    ready_t_ = std::move(st.ready_t);
    out_.trips = std::move(st.results);
    out_.links = std::move(st.links);
    out_.report = st.report;
    stuck_[0] = out_.report.stuck_events;
    moves_[0] = out_.report.link_traversals;
    out_.report.stuck_events = 0;
    out_.report.link_traversals = 0;
    links_.resize(nl);
    for (std::size_t l = 0; l < nl; ++l) {
      auto& L = links_[l];
      L.queue.clear();
      for (auto i = st.queue_offset[l]; i < st.queue_offset[l + 1]; ++i)
        L.queue.push_back(slot(st.queue_vehicles[i]));
      refresh(L);
      L.occ = st.occ[l];
      L.accum = st.accum[l];
      L.accum_t = st.accum_t[l];
      L.cap_step = st.cap_step[l];
      L.storage = st.storage[l];
      if (!L.queue.empty()) {
        // Looked at in the first step, whenever its vehicles may leave: as the day would.
        L.busy_from = st.step;
        active_flag_[l] = 1;
        ++busy_links_;
        if (st.step < steps_) {
          L.wake = static_cast<std::int64_t>(st.step);
          wake_buckets_[st.step].push_back(static_cast<net::LinkId>(l));
        }
      }
    }
    origin_wait_.assign(nl, {});
    waiting_pos_.assign(nl, -1);
    waiters_.assign(nl, {});
    for (std::size_t l = 0; l < nl; ++l) {
      for (auto i = st.origin_wait_offset[l]; i < st.origin_wait_offset[l + 1]; ++i)
        origin_wait_[l].push_back(st.origin_wait_vehicles[i]);
      if (!origin_wait_[l].empty()) add_waiting(static_cast<net::LinkId>(l));
    }
    recheck_waiting_ = true;
    closed_ = std::move(st.closed);
    closed_count_ = std::count(closed_.begin(), closed_.end(), std::uint8_t{1});
    ff_ = std::move(st.free_time);
    for (std::size_t i = 0; i < st.departure_step.size(); ++i) {
      if (st.departure_step[i] >= steps_ || st.departure_trip[i] < 0 ||
          static_cast<std::size_t>(st.departure_trip[i]) >= nt)
        bad("scheduled departures");
      buckets_[st.departure_step[i]].push_back(st.departure_trip[i]);
    }
    for (std::size_t i = 0; i < st.arrival_step.size(); ++i) {
      if (st.arrival_step[i] >= steps_ || st.arrival_trip[i] < 0 ||
          static_cast<std::size_t>(st.arrival_trip[i]) >= nt)
        bad("scheduled arrivals");
      arrival_buckets_[st.arrival_step[i]].push_back(st.arrival_trip[i]);
    }
    for (auto l : st.active)
      if (links_[l].queue.empty()) bad("active links");
    step_ = st.step;
    next_interval_ = st.next_interval;
  }

  DayState state() const {
    DayState st;
    st.step = step_;
    st.planned_trips = planned_;
    st.next_interval = next_interval_;
    st.trips = trips_;
    st.route_links = route_links_;
    for (const auto& V : veh_) {
      st.route_begin.push_back(V.route_begin);
      st.route_len.push_back(V.route_len);
      st.pos.push_back(V.pos);
      st.exit_t.push_back(V.exit_t);
      st.enter_t.push_back(V.enter_t);
      st.blocked_since.push_back(V.blocked_since);
    }
    st.ready_t = ready_t_;
    st.results = out_.trips;
    const std::size_t nl = links_.size();
    st.queue_offset.reserve(nl + 1);
    st.queue_offset.push_back(0);
    for (std::size_t l = 0; l < nl; ++l) {
      const auto& L = links_[l];
      // The accumulator as a day that topped it up every busy step would have it.
      LinkState acc;
      acc.accum = L.accum;
      acc.accum_t = L.accum_t;
      acc.cap_step = L.cap_step;
      acc.busy_from = L.busy_from;
      if (!L.queue.empty() && step_ > 0 && L.busy_from < step_) top_up(acc, step_ - 1);
      if (!L.queue.empty()) st.active.push_back(static_cast<net::LinkId>(l));
      for (const auto& q : L.queue) st.queue_vehicles.push_back(q.v);
      st.queue_offset.push_back(st.queue_vehicles.size());
      st.occ.push_back(L.occ);
      st.accum.push_back(acc.accum);
      st.accum_t.push_back(acc.accum_t);
      st.cap_step.push_back(L.cap_step);
      st.storage.push_back(L.storage);
    }
    st.origin_wait_offset.reserve(nl + 1);
    st.origin_wait_offset.push_back(0);
    for (const auto& w : origin_wait_) {
      st.origin_wait_vehicles.insert(st.origin_wait_vehicles.end(), w.begin(), w.end());
      st.origin_wait_offset.push_back(st.origin_wait_vehicles.size());
    }
    st.closed = closed_;
    st.free_time = ff_;
    for (std::size_t s = step_; s < steps_; ++s) {
      for (auto k : buckets_[s]) {
        st.departure_step.push_back(s);
        st.departure_trip.push_back(k);
      }
      for (auto k : arrival_buckets_[s]) {
        st.arrival_step.push_back(s);
        st.arrival_trip.push_back(k);
      }
    }
    if (transit_) st.transit = transit_->state();
    st.links = out_.links;
    st.report = out_.report;
    for (auto s : stuck_) st.report.stuck_events += s;
    for (auto m : moves_) st.report.link_traversals += m;
    return st;
  }

  double now() const { return static_cast<double>(step_) * o_.dt_s; }
  bool done() const { return finished_ || step_ >= steps_; }

  void advance_to(double target) {
    if (finished_) throw InternalError("DaySimulation: the day is finished");
    fit_threads();
    const auto until = std::min<std::size_t>(
        steps_, static_cast<std::size_t>(std::max(0.0, std::ceil(target / o_.dt_s - 1e-9))));
    while (step_ < until) {
      const double t = static_cast<double>(step_) * o_.dt_s;
      while (next_interval_ <= o_.intervals && t >= next_interval_ * o_.interval_s) {
        record_queues(next_interval_ - 1, t);
        ++next_interval_;
      }
      if (busy_links_ == 0 && waiting_links_.empty() && buckets_[step_].empty() &&
          arrival_buckets_[step_].empty() && !transit_busy()) {
        // Nothing on the network: jump to the next departure or arrival (or the target).
        std::size_t next = step_ + 1;
        while (next < steps_ && buckets_[next].empty() && arrival_buckets_[next].empty()) ++next;
        if (next >= steps_) {
          // Nothing more to come: the clock stops at the target (the rest is empty too).
          step_ = until;
          break;
        }
        step_ = std::min(next, until);
        continue;
      }
      ++out_.report.steps;
      step_nodes(t, step_);
      step_links(t, step_);
      step_transit(t, step_);
      depart(step_, t);
      after_step(step_);
      reschedule_links(step_);
      ++step_;
    }
  }

  SimulationOutput finish() {
    advance_to(o_.end_s + o_.dt_s);
    for (; next_interval_ <= o_.intervals; ++next_interval_)
      record_queues(next_interval_ - 1, o_.end_s);
    for (std::size_t k = 0; k < trips_.size(); ++k) {
      // On the road (a vehicle still waiting at its origin is counted apart).
      if (out_.trips.status[k] == TripStatus::EnRoute && out_.trips.depart_s[k] >= 0)
        ++out_.report.en_route;
    }
    for (auto l : waiting_links_) out_.report.waiting_at_origin += origin_wait_[l].size();
    for (auto s : stuck_) out_.report.stuck_events += s;
    for (auto m : moves_) out_.report.link_traversals += m;
    // Per-trip results of the planned trips; added ones (crowds) are in the links and the report.
    auto& r = out_.trips;
    if (transit_) {
      out_.transit = transit_->finish(planned_);
      record_runs(out_.transit);
    }
    for (auto* v :
         {&r.depart_s, &r.arrival_s, &r.route_length_m, &r.free_time_s, &r.departure_delay_s})
      v->resize(planned_);
    r.status.resize(planned_);
    r.stuck.resize(planned_);
    finished_ = true;
    return std::move(out_);
  }

  // The transit vehicles' runs as driven, for replay by other tools (results /transit/runs).
  void record_runs(TransitStats& st) const {
    const auto first = transit_->first_run_trip();
    const auto n = static_cast<std::int64_t>(transit_->runs());
    st.run_route_offset.assign(1, 0);
    for (auto k = first; k < first + n; ++k) {
      st.run_ready_s.push_back(ready_t_[k]);
      st.run_depart_s.push_back(out_.trips.depart_s[k]);
      st.run_arrival_s.push_back(out_.trips.arrival_s[k]);
      for (std::int32_t i = 0; i < route_len(static_cast<std::int32_t>(k)); ++i)
        st.run_route_links.push_back(route_link(static_cast<std::int32_t>(k), i));
      st.run_route_offset.push_back(static_cast<std::uint32_t>(st.run_route_links.size()));
    }
  }

  // --- events --------------------------------------------------------------------------------

  void close_links(const std::vector<net::LinkId>& links) {
    bool any = false;
    for (auto l : links) {
      check_link(l);
      if (!closed_[l]) {
        closed_[l] = 1;
        ++closed_count_;
        any = true;
      }
    }
    if (!any) return;
    const double t = now();
    // Vehicles on the road, in link then queue order: a new way from the end of their link.
    for (std::size_t l = 0; l < links_.size(); ++l) {
      for (auto& q : links_[l].queue) {
        if (uses_closed(q.v, veh_[q.v].pos + 1)) {
          replan_en_route(q.v, t);
          q = slot(q.v);
        }
      }
      refresh(links_[l]);
    }
    // Vehicles still at their origin: as a trip that is due now (a new way, or no trip).
    auto waiting = waiting_links_;
    std::sort(waiting.begin(), waiting.end());
    for (auto l : waiting) {
      auto& w = origin_wait_[l];
      std::deque<std::int32_t> keep;
      for (auto v : w) {
        if (!uses_closed(v, 0) || find_way_at_start(v, t)) {
          keep.push_back(v);
        } else {
          out_.trips.status[v] = TripStatus::Cancelled;
          ++out_.report.cancelled;
        }
      }
      w.swap(keep);
    }
    wake_all(static_cast<std::int64_t>(step_));
  }

  void reopen_links(const std::vector<net::LinkId>& links) {
    for (auto l : links) {
      check_link(l);
      if (closed_[l]) {
        closed_[l] = 0;
        --closed_count_;
      }
    }
    wake_all(static_cast<std::int64_t>(step_));
  }

  void set_capacity(const std::vector<net::LinkId>& links, double pcu_h) {
    if (!(pcu_h >= 0)) throw InputError("a link capacity must be >= 0 pcu/h");
    for (auto l : links) {
      check_link(l);
      auto& L = links_[l];
      // Topped up with the old capacity up to the last step, as a busy link has been.
      if (!L.queue.empty() && step_ > 0 && L.busy_from < step_) top_up(L, step_ - 1);
      L.cap_step = pcu_h / 3600.0 * o_.dt_s * o_.sample_rate;
      L.accum = std::min(L.accum, L.cap_step);
    }
    wake_all(static_cast<std::int64_t>(step_));
  }

  void set_free_speed(const std::vector<net::LinkId>& links, double mps) {
    if (!(mps > 0)) throw InputError("a link speed must be > 0 m/s");
    for (auto l : links) {
      check_link(l);
      for (int m = 0; m < kNetworkModes; ++m) set_ff(l, m, mps);
    }
  }

  std::int32_t add_trips(const TripTable& add, const Routes& routes) {
    if (routes.offset.size() != add.size() + 1)
      throw InternalError("add_trips: routes do not match trips");
    const auto first = static_cast<std::int32_t>(trips_.size());
    const std::int32_t max_person = trips_.size() ? trips_.person.back() : -1;
    for (std::size_t k = 0; k < add.size(); ++k) {
      if (add.person[k] <= max_person)
        throw InternalError("add_trips: person ids must follow every person's so far");
    }
    const std::size_t n = add.size();
    append_trips(trips_, add);
    veh_.resize(trips_.size(), Vehicle{});
    for (std::size_t k = 0; k < n; ++k) {
      auto& V = veh_[static_cast<std::size_t>(first) + k];
      V.route_begin = route_links_.size() + routes.offset[k];
      V.route_len = static_cast<std::int32_t>(routes.offset[k + 1] - routes.offset[k]);
    }
    route_links_.insert(route_links_.end(), routes.links.begin(), routes.links.end());
    derive_per_trip();
    auto& r = out_.trips;
    r.depart_s.resize(trips_.size(), -1);
    r.arrival_s.resize(trips_.size(), -1);
    r.status.resize(trips_.size(), TripStatus::NotStarted);
    r.stuck.resize(trips_.size(), 0);
    r.route_length_m.resize(trips_.size(), 0);
    r.free_time_s.resize(trips_.size(), 0);
    r.departure_delay_s.resize(trips_.size(), 0);
    ready_t_.resize(trips_.size(), -1);
    for (auto k = first; k < static_cast<std::int32_t>(trips_.size()); ++k) {
      measure_route(k);
      if (k == first || trips_.person[k] != trips_.person[k - 1])
        schedule(k, std::max(trips_.planned_depart_s[k], now()));
    }
    return first;
  }

  void reschedule(std::int32_t k, double depart) {
    if (k < 0 || static_cast<std::size_t>(k) >= trips_.size() ||
        out_.trips.status[k] != TripStatus::NotStarted)
      throw InternalError("reschedule: trip not waiting to start");
    for (std::size_t s = step_; s < steps_; ++s) {
      auto& b = buckets_[s];
      const auto it = std::find(b.begin(), b.end(), k);
      if (it != b.end()) {
        b.erase(it);
        break;
      }
    }
    schedule(k, std::max(depart, now()));
  }

  // --- reading -------------------------------------------------------------------------------

  const TripTable& trips() const { return trips_; }
  const SimulationOutput& out() const { return out_; }
  const LinkState& link(net::LinkId l) const {
    check_link(l);
    return links_[l];
  }
  double queue_pcu(net::LinkId l) const {
    double q = 0;
    const double t = now();
    for (const auto& s : link(l).queue)
      if (s.exit_t <= t) q += kinds_[s.kind];
    return q;
  }
  bool closed(net::LinkId l) const {
    check_link(l);
    return closed_[l] != 0;
  }
  double capacity_pcu_h(net::LinkId l) const {
    return link(l).cap_step * 3600.0 / (o_.dt_s * o_.sample_rate);
  }
  std::vector<net::LinkId> route(std::int32_t k) const {
    if (k < 0 || static_cast<std::size_t>(k) >= trips_.size())
      throw InputError("no trip " + std::to_string(k));
    const auto b = route_links_.begin() + static_cast<std::ptrdiff_t>(veh_[k].route_begin);
    return {b, b + veh_[k].route_len};
  }
  const TrafficOptions& options() const { return o_; }
  std::int64_t link_looks() const { return looks_; }

 private:
  void check_link(net::LinkId l) const {
    if (l < 0 || static_cast<std::size_t>(l) >= net_.num_links())
      throw InputError("no link " + std::to_string(l) + "; the network has " +
                       std::to_string(net_.num_links()) + " links");
  }
  void set_ff(net::LinkId l, int m, double speed_mps) {
    const double cap = pop::mode_info(network_mode(m)).max_speed_mps;
    ff_[static_cast<std::size_t>(m) * net_.num_links() + static_cast<std::size_t>(l)] =
        net_.length_m[l] / std::min(speed_mps, cap);
  }
  void derive_per_trip() {
    const std::size_t nt = trips_.size();
    veh_.resize(nt, Vehicle{});
    for (std::size_t k = 0; k < nt; ++k) {
      veh_[k].mode = static_cast<std::int8_t>(network_mode_index(trips_.mode[k]));
      const bool run = transit_ && transit_->is_run(static_cast<std::int32_t>(k));
      veh_[k].kind = kind_of(run ? transit_->run_pcu(static_cast<std::int32_t>(k))
                                 : pop::mode_info(trips_.mode[k]).pcu);
    }
  }
  std::uint8_t kind_of(double pcu) {
    for (std::size_t i = 0; i < kinds_.size(); ++i)
      if (kinds_[i] == pcu) return static_cast<std::uint8_t>(i);
    if (kinds_.size() > 255)
      throw InternalError("traffic: more than 256 vehicle sizes (pcu) in one day");
    kinds_.push_back(pcu);
    return static_cast<std::uint8_t>(kinds_.size() - 1);
  }
  // Length and free-flow time of trip k's current route (homes and destinations are mid-link).
  void measure_route(std::int32_t k) {
    double len = 0, free = 0;
    const std::int32_t n = veh_[k].route_len;
    for (std::int32_t i = 0; i < n; ++i) {
      const auto l = route_link(k, i);
      const double share = (i == 0 || i + 1 == n) ? 0.5 : 1.0;
      len += share * net_.length_m[l];
      if (veh_[k].mode >= 0) free += share * ff(l, veh_[k].mode);
    }
    out_.trips.route_length_m[k] = len;
    out_.trips.free_time_s[k] = n == 0 ? trips_.teleport_time_s[k] : free;
  }
  double ff(net::LinkId l, int m) const {
    return ff_[static_cast<std::size_t>(m) * net_.num_links() + static_cast<std::size_t>(l)];
  }
  std::size_t cell(double t, net::LinkId l) const {
    const int k = std::clamp(static_cast<int>(t / o_.interval_s), 0, o_.intervals - 1);
    return static_cast<std::size_t>(k) * net_.num_links() + static_cast<std::size_t>(l);
  }
  net::LinkId route_link(std::int32_t v, std::int32_t i) const {
    return route_links_[veh_[v].route_begin + static_cast<std::uint64_t>(i)];
  }
  std::int32_t route_len(std::int32_t v) const { return veh_[v].route_len; }
  double pcu(std::int32_t v) const { return kinds_[veh_[v].kind]; }
  bool is_moto(std::int32_t v) const { return veh_[v].mode == 0 || veh_[v].mode == 3; }
  // Vehicle v as its link's queue keeps it (on the link of its route position).
  Slot slot(std::int32_t v) const {
    const auto& V = veh_[v];
    return {V.exit_t, v, V.pos + 1 < V.route_len ? route_link(v, V.pos + 1) : net::LinkId{-1},
            static_cast<std::uint8_t>(is_moto(v) ? 1 : 0), V.kind};
  }

  bool uses_closed(std::int32_t v, std::int32_t from) const {
    if (closed_count_ == 0) return false;
    for (std::int32_t i = from; i < veh_[v].route_len; ++i)
      if (closed_[route_link(v, i)]) return true;
    return false;
  }

  // Replaces trip v's route from index `keep` on (links before it stay) by `tail`.
  void set_route(std::int32_t v, std::int32_t keep, const std::vector<net::LinkId>& tail) {
    const std::uint64_t begin = route_links_.size();
    for (std::int32_t i = 0; i < keep; ++i) route_links_.push_back(route_link(v, i));
    route_links_.insert(route_links_.end(), tail.begin(), tail.end());
    veh_[v].route_begin = begin;
    veh_[v].route_len = keep + static_cast<std::int32_t>(tail.size());
    measure_route(v);
  }

  std::vector<net::LinkId> open_way(net::NodeId from, net::LinkId dest, double t) const {
    if (!reroute_ || closed_[dest]) return {};
    auto way = reroute_(from, dest, t);
    for (auto l : way)
      if (closed_[l]) return {};
    if (!way.empty() && way.back() != dest) return {};
    return way;
  }

  // A vehicle on link route[pos] whose way ahead is closed: a new way from the link's end, or,
  // when there is none, its trip ends at the end of the link it is on.
  void replan_en_route(std::int32_t v, double t) {
    const net::LinkId cur = route_link(v, veh_[v].pos);
    const net::LinkId dest = route_link(v, veh_[v].route_len - 1);
    auto way = open_way(net_.to[cur], dest, t);
    if (way.empty()) {
      set_route(v, veh_[v].pos + 1, {});
      ++out_.report.stranded;
    } else {
      set_route(v, veh_[v].pos + 1, way);
    }
    ++out_.report.rerouted;
  }

  void schedule(std::int32_t trip, double depart) {
    const auto s = static_cast<std::size_t>(std::ceil(std::max(0.0, depart) / o_.dt_s));
    if (s >= steps_) return;  // after the end of the simulated period: never starts
    buckets_[s].push_back(trip);
  }

  // A vehicle enters a link (phase B or departure): it is on it until its exit time. Writes only
  // link l and vehicle v, so phase B may run it in parallel over links.
  void place(net::LinkId l, std::int32_t v, double t, std::size_t step) {
    auto& L = links_[l];
    if (L.queue.empty()) L.busy_from = step + 1;
    veh_[v].enter_t = t;
    const bool edge = veh_[v].pos == 0 || veh_[v].pos + 1 == route_len(v);
    veh_[v].exit_t = t + ff(l, veh_[v].mode) * (edge ? 0.5 : 1.0);
    L.queue.push_back(slot(v));
    if (L.queue.size() <= 1 + static_cast<std::size_t>(o_.seepage_lookahead)) refresh(L);
    L.occ += pcu(v);
    const auto c = cell(t, l);
    ++out_.links.volume_veh[c * kNetworkModes + static_cast<std::size_t>(veh_[v].mode)];
    out_.links.volume_pcu[c] += static_cast<float>(pcu(v));
  }

  // Moves at most one vehicle off in-link l (owned by its to-node). Returns true if it did.
  bool move_one(net::LinkId l, double t, std::size_t step, int tid) {
    auto& L = links_[l];
    L.blocked_on = -1;
    L.capped = 0;
    if (L.queue.empty()) return false;
    top_up(L, step);
    std::size_t pick = L.queue.size();
    if (L.queue.front().exit_t <= t) {
      pick = 0;
    } else {
      for (std::size_t p = 1, lim = seep_reach(L); p < lim; ++p) {
        const auto& q = L.queue[p];
        if (q.moto && q.exit_t <= t) {
          pick = p;
          break;
        }
      }
    }
    if (pick == L.queue.size()) return false;
    const std::int32_t v = L.queue[pick].v;
    const net::LinkId next = L.queue[pick].next;
    const double size = kinds_[L.queue[pick].kind];  // pcu
    if (transit_ && transit_->is_run(v) &&
        transit_->wants_stop(v, veh_[v].pos, l, veh_[v].pos + 1 == route_len(v))) {
      // A transit vehicle at a stop: served in the serial phase, it leaves after its dwell.
      stop_req_[tid].push_back(v);
      return false;
    }
    if (next < 0) {
      // Arrival at a mid-link destination: leaves the road without crossing the node.
      L.queue.erase_at(pick);
      refresh(L);
      L.left_pcu += size;
      out_.trips.arrival_s[v] = t;
      out_.trips.status[v] = TripStatus::Arrived;
      arrived_[tid].push_back(v);
      return true;
    }
    if (L.accum <= 0) {
      L.capped = 1;
      return false;
    }
    auto& N = links_[next];
    const bool room = N.occ + N.incoming_pcu + size <= N.storage;
    if (!room) {
      if (veh_[v].blocked_since < 0) veh_[v].blocked_since = t;
      if (t - veh_[v].blocked_since < o_.stuck_time_s) {
        L.blocked_on = next;
        L.blocked_since = veh_[v].blocked_since;
        return false;
      }
      ++stuck_[tid];
      out_.trips.stuck[v] = 1;
    }
    L.queue.erase_at(pick);
    refresh(L);
    L.accum -= size;
    L.left_pcu += size;
    const auto c = cell(t, l);
    out_.links.travel_time_sum_s[c] += t - veh_[v].enter_t;
    ++out_.links.exits[c];
    N.incoming.push_back(v);
    N.incoming_pcu += size;
    ++veh_[v].pos;
    veh_[v].blocked_since = -1;
    // The link after `next` is read when the vehicle is placed on it in phase B: a cache miss
    // in the route table, fetched now, while the other nodes are moved.
    __builtin_prefetch(
        &route_links_[veh_[v].route_begin + static_cast<std::uint64_t>(veh_[v].pos) + 1]);
    ++moves_[tid];
    touched_[tid].push_back(next);
    touched_[tid].push_back(l);
    return true;
  }

  void process_node(net::NodeId n, double t, std::size_t step, int tid) {
    const auto b = net_.in_offset[n], e = net_.in_offset[n + 1];
    const auto count = e - b;
    if (count == 0) return;
    // One approach with vehicles to move (the usual case): no turns to take, no draw needed.
    std::int32_t due = 0;
    net::LinkId only = -1;
    for (auto i = b; i < e; ++i) {
      if (due_stamp_[net_.in_links[i]] == due_round_) {
        ++due;
        only = net_.in_links[i];
      }
    }
    if (due == 1) {
      while (move_one(only, t, step, tid)) touched_[tid].push_back(only);
      return;
    }
    // Approaches take turns, starting from one drawn for this node and second: fair on average,
    // and the same whatever thread runs the node.
    Rng rng(o_.seed, StreamId::Traffic, (static_cast<std::uint64_t>(n) << 32) | step);
    const auto start = static_cast<std::int32_t>(rng.uniform() * count);
    bool progress = true;
    while (progress) {
      progress = false;
      for (std::int32_t i = 0; i < count; ++i) {
        const net::LinkId l = net_.in_links[b + (start + i) % count];
        if (due_stamp_[l] == due_round_ && move_one(l, t, step, tid)) {
          progress = true;
          touched_[tid].push_back(l);
        }
      }
    }
  }

  void step_nodes(double t, std::size_t step) {
    nodes_.clear();
    ++node_round_;
    // The links whose vehicles may leave in this step (the others are skipped: move_one would
    // find nothing to move on them).
    due_.clear();
    ++due_round_;
    for (auto l : wake_buckets_[step]) {
      auto& L = links_[l];
      if (L.wake != static_cast<std::int64_t>(step) || due_stamp_[l] == due_round_) continue;
      due_stamp_[l] = due_round_;
      due_.push_back(l);
    }
    std::vector<net::LinkId>().swap(wake_buckets_[step]);
    looks_ += static_cast<std::int64_t>(due_.size());
    for (auto l : due_) {
      const auto n = net_.to[l];
      if (node_stamp_[n] != node_round_) {
        node_stamp_[n] = node_round_;
        nodes_.push_back(n);
      }
      // The head's vehicle record and next link are cache misses; asking for all of them now
      // lets the memory fetch them side by side instead of one after another in move_one.
      const auto& L = links_[l];
      if (L.head_v < 0) continue;
      __builtin_prefetch(&veh_[static_cast<std::size_t>(L.head_v)]);
      if (L.head_next >= 0) __builtin_prefetch(&links_[static_cast<std::size_t>(L.head_next)]);
    }
    pool_->for_each(static_cast<std::int64_t>(nodes_.size()), chunk(),
                    [&](std::int64_t lo, std::int64_t hi, int tid) {
                      for (auto i = lo; i < hi; ++i) process_node(nodes_[i], t, step, tid);
                    });
  }

  void step_links(double t, std::size_t step) {
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
    pool_->for_each(static_cast<std::int64_t>(touched_all_.size()), chunk(),
                    [&](std::int64_t lo, std::int64_t hi, int) {
                      for (auto i = lo; i < hi; ++i) {
                        const auto l = touched_all_[i];
                        auto& L = links_[l];
                        L.freed = L.left_pcu > 0 ? 1 : 0;
                        L.occ -= L.left_pcu;
                        L.left_pcu = 0;
                        for (auto v : L.incoming) place(l, v, t, step);
                        L.incoming.clear();
                        L.incoming_pcu = 0;
                      }
                    });
  }

  void depart(std::size_t step, double t) {
    enter_waiting(t);
    auto& bucket = buckets_[step];
    std::sort(bucket.begin(), bucket.end());
    // A departing trip reads its records in a dozen per-trip arrays, each a cache miss: asked
    // for a few trips ahead, they arrive side by side.
    constexpr std::size_t kAhead = 8;
    const std::size_t n = bucket.size();
    for (std::size_t i = 0; i < std::min(n, kAhead); ++i) prefetch_trip(bucket[i]);
    for (std::size_t i = 0; i < n; ++i) {
      const auto k = bucket[i];
      if (i + kAhead < n) prefetch_trip(bucket[i + kAhead]);
      if (i + kAhead / 2 < n) {
        const auto& ahead = veh_[static_cast<std::size_t>(bucket[i + kAhead / 2])];
        __builtin_prefetch(&route_links_[ahead.route_begin]);
      }
      if (!trips_.cancelled.empty() && trips_.cancelled[k]) {
        // A closed origin or destination: the trip, and the rest of the person's day, is off.
        out_.trips.status[k] = TripStatus::Cancelled;
        ++out_.report.cancelled;
        continue;
      }
      if (transit_ && transit_->is_passenger(k)) {
        if (transit_->start_passenger(k, t)) {
          // Walks to its stop; the arrival is booked when it leaves the vehicle.
          out_.trips.depart_s[k] = t;
          out_.trips.status[k] = TripStatus::EnRoute;
          continue;
        }
        to_ojek(k);  // no vehicle of its line at this time of day
      }
      if (transit_ && transit_->is_run(k)) transit_->start_run(k);
      if (closed_count_ > 0 && route_len(k) > 0 && veh_[k].mode >= 0 && uses_closed(k, 0) &&
          !find_way_at_start(k, t)) {
        // Closed during the day: a trip from or to a closed link is not made; others find a way.
        out_.trips.status[k] = TripStatus::Cancelled;
        ++out_.report.cancelled;
        continue;
      }
      if (route_len(k) == 0 || veh_[k].mode < 0) {
        out_.trips.depart_s[k] = t;
        out_.trips.status[k] = TripStatus::Teleported;
        out_.trips.arrival_s[k] = t + trips_.teleport_time_s[k];
        ++out_.report.teleported;
        // The arrival is an event of its own step, so that facilities see visitors in time order.
        const auto s = static_cast<std::size_t>(std::ceil(out_.trips.arrival_s[k] / o_.dt_s));
        if (s < steps_) arrival_buckets_[std::max(s, step + 1)].push_back(k);
        continue;
      }
      // Ready to leave: onto the first link if it has room and nobody waits before it.
      out_.trips.status[k] = TripStatus::EnRoute;
      ready_t_[k] = t;
      veh_[k].pos = 0;
      const auto o = route_link(k, 0);
      if (origin_wait_[o].empty() && room_to_enter(o, k)) {
        enter_network(k, t);
      } else {
        if (origin_wait_[o].empty()) add_waiting(o);
        origin_wait_[o].push_back(k);
      }
    }
    bucket.clear();
    bucket.shrink_to_fit();
  }

  void prefetch_trip(std::int32_t k) const {
    const auto i = static_cast<std::size_t>(k);
    __builtin_prefetch(&veh_[i]);
    __builtin_prefetch(&out_.trips.status[i]);
    __builtin_prefetch(&out_.trips.depart_s[i]);
    __builtin_prefetch(&out_.trips.departure_delay_s[i]);
    __builtin_prefetch(&ready_t_[i]);
    if (!trips_.cancelled.empty()) __builtin_prefetch(&trips_.cancelled[i]);
  }

  // An empty link always takes one vehicle (a sampled link may store less than one car).
  bool room_to_enter(net::LinkId l, std::int32_t v) const {
    const auto& L = links_[l];
    return L.queue.empty() || L.occ + L.incoming_pcu + pcu(v) <= L.storage;
  }

  void enter_network(std::int32_t k, double t) {
    out_.trips.depart_s[k] = t;
    out_.trips.departure_delay_s[k] = t - ready_t_[k];
    ++out_.report.departed;
    place(route_link(k, 0), k, t, step_);
    entered_.push_back(route_link(k, 0));
  }

  // Vehicles waiting at their origin enter, in link order and first come first served on each
  // link, as far as the space left after this step's moves allows. Serial: it is cheap and
  // keeps the order independent of threads. Space on a link grows only when vehicles leave it,
  // so only the waiting links that vehicles left in this step are looked at.
  void enter_waiting(double t) {
    if (waiting_links_.empty()) return;
    check_waiting_.clear();
    if (recheck_waiting_) {
      check_waiting_ = waiting_links_;
      recheck_waiting_ = false;
    } else {
      for (auto l : touched_all_)
        if (waiting_pos_[l] >= 0 && links_[l].freed) check_waiting_.push_back(l);
    }
    std::sort(check_waiting_.begin(), check_waiting_.end());
    for (auto l : check_waiting_) {
      auto& q = origin_wait_[l];
      while (!q.empty() && room_to_enter(l, q.front())) {
        enter_network(q.front(), t);
        q.pop_front();
      }
      if (q.empty()) remove_waiting(l);
    }
  }

  void add_waiting(net::LinkId l) {
    waiting_pos_[l] = static_cast<std::int32_t>(waiting_links_.size());
    waiting_links_.push_back(l);
  }
  void remove_waiting(net::LinkId l) {
    const auto i = static_cast<std::size_t>(waiting_pos_[l]);
    waiting_links_[i] = waiting_links_.back();
    waiting_pos_[waiting_links_[i]] = static_cast<std::int32_t>(i);
    waiting_links_.pop_back();
    waiting_pos_[l] = -1;
  }

  // A trip due to leave whose route uses a closed link: a new way from the end of its first
  // link, unless that link or its destination is closed. False: no way, the trip is not made.
  bool find_way_at_start(std::int32_t k, double t) {
    const auto o = route_link(k, 0), d = route_link(k, route_len(k) - 1);
    auto way = closed_[o] ? std::vector<net::LinkId>{} : open_way(net_.to[o], d, t);
    if (way.empty()) return false;
    set_route(k, 1, way);
    ++out_.report.rerouted;
    return true;
  }

  void to_ojek(std::int32_t k) {
    trips_.mode[k] = pop::Mode::Ojek;
    veh_[k].kind = kind_of(pop::mode_info(pop::Mode::Ojek).pcu);
    veh_[k].mode = static_cast<std::int8_t>(network_mode_index(pop::Mode::Ojek));
    measure_route(k);
  }

  bool transit_busy() const { return transit_ && transit_->busy(); }

  // Serial phase of public transport, after the links took their arrivals: passengers reach
  // their stops, vehicles that asked serve their stop in trip order and stay for the dwell, and
  // passengers who left a vehicle (or gave up) arrive at their destination after their walk.
  void step_transit(double t, std::size_t step) {
    if (!transit_) return;
    transit_arrivals_.clear();
    transit_->walkers_arrive(t, trips_, out_.trips, transit_arrivals_);
    stops_.clear();
    for (auto& list : stop_req_) {
      stops_.insert(stops_.end(), list.begin(), list.end());
      list.clear();
    }
    std::sort(stops_.begin(), stops_.end());
    stops_.erase(std::unique(stops_.begin(), stops_.end()), stops_.end());
    for (auto v : stops_) {
      const double dwell = transit_->serve(v, veh_[v].pos, veh_[v].pos + 1 == route_len(v), t,
                                           trips_, transit_arrivals_);
      veh_[v].exit_t = std::max(veh_[v].exit_t, t + dwell);
      auto& L = links_[route_link(v, veh_[v].pos)];
      for (auto& q : L.queue)
        if (q.v == v) q.exit_t = veh_[v].exit_t;
      refresh(L);
    }
    for (const auto& [k, at] : transit_arrivals_) {
      out_.trips.arrival_s[k] = at;
      out_.trips.status[k] = TripStatus::Arrived;
      const auto s = static_cast<std::size_t>(std::ceil(at / o_.dt_s));
      if (s < steps_) arrival_buckets_[std::max(s, step + 1)].push_back(k);
    }
  }

  void next_trip(std::int32_t k, double arrival) {
    const auto n = static_cast<std::int32_t>(trips_.size());
    if (k + 1 < n && trips_.person[k + 1] == trips_.person[k]) {
      schedule(k + 1, std::max(trips_.planned_depart_s[k + 1], arrival + o_.min_activity_s));
    }
  }

  void after_step(std::size_t step) {
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
  }

  std::int64_t chunk() const { return o_.parallel_chunk; }
  // Queue positions [1, seep_reach) hold the motorcycles that may pass the head (none without
  // seepage).
  std::size_t seep_reach(const LinkState& L) const {
    if (!o_.seepage) return 0;
    return std::min<std::size_t>(L.queue.size(),
                                 1 + static_cast<std::size_t>(o_.seepage_lookahead));
  }
  double step_time(std::size_t step) const { return static_cast<double>(step) * o_.dt_s; }

  // Tops up link L's outflow accumulator to `step`, with the same floating-point operations as a
  // day that topped it up in every step of the busy spell, so that looking at a link only when
  // a vehicle may leave it changes no result. Once full, it stays full.
  void top_up(LinkState& L, std::size_t step) const {
    const double t = step_time(step);
    if (!(L.accum_t < t)) return;
    if (!(L.cap_step > 0)) {
      L.accum = std::min(L.accum, L.cap_step);
      L.accum_t = t;
      return;
    }
    std::size_t s = L.busy_from;
    if (L.accum_t >= step_time(s))
      s = static_cast<std::size_t>(std::llround(L.accum_t / o_.dt_s)) + 1;
    for (; s <= step; ++s) {
      const double ts = step_time(s);
      L.accum = std::min(L.accum + L.cap_step * (ts - L.accum_t) / o_.dt_s, L.cap_step);
      L.accum_t = ts;
      if (L.accum == L.cap_step) break;
    }
    L.accum_t = t;
  }

  // The first step at which one of link L's vehicles may leave: the head of its queue, or with
  // seepage a motorcycle within reach behind it; after `step` in any case.
  std::int64_t next_wake(const LinkState& L, std::size_t step) const {
    if (L.queue.empty()) return -1;
    return first_step_at(L.first_exit, step);
  }

  void refresh(LinkState& L) const {
    if (L.queue.empty()) {
      L.head_v = -1;
      L.head_next = -1;
      return;
    }
    L.head_v = L.queue.front().v;
    L.head_next = L.queue.front().next;
    L.first_exit = first_exit_after(L, -std::numeric_limits<double>::infinity());
  }

  // The first exit time after `after` among the vehicles that may leave next: the head, and
  // with seepage the motorcycles within reach behind it (+inf: none).
  double first_exit_after(const LinkState& L, double after) const {
    double e = std::numeric_limits<double>::infinity();
    if (L.queue.front().exit_t > after) e = L.queue.front().exit_t;
    for (std::size_t p = 1, lim = seep_reach(L); p < lim; ++p) {
      const auto& q = L.queue[p];
      if (q.moto && q.exit_t > after) e = std::min(e, q.exit_t);
    }
    return e;
  }

  // The first step after `step` whose time is at or after e (-1: none in the day).
  std::int64_t first_step_at(double e, std::size_t step) const {
    std::size_t s = step + 1;
    if (e > step_time(s)) {
      const double q = std::floor(e / o_.dt_s);
      if (!(q < static_cast<double>(steps_))) return -1;
      s = std::max(s, static_cast<std::size_t>(q));
      if (s > step + 1) --s;
      while (step_time(s) < e) ++s;
    }
    return s < steps_ ? static_cast<std::int64_t>(s) : -1;
  }

  // A link whose vehicle to move next waits for room ahead or for outflow capacity: looked at
  // again when one of its other vehicles may leave (if one of them becomes the one to move),
  // when the wait is long enough for the stuck rule, or when the accumulator is positive again
  // (or when the link ahead frees room: waiters_). Never later than a look every step would
  // first move something, so the day is the same; a step or so earlier where rounding could
  // differ, as a look that moves nothing changes nothing.
  std::int64_t blocked_wake(const LinkState& L, std::size_t step) const {
    if (L.queue.empty()) return -1;
    std::int64_t w = -1;
    auto take = [&](std::int64_t s) {
      if (s >= 0 && (w < 0 || s < w)) w = s;
    };
    const double e = first_exit_after(L, step_time(step));
    if (e < std::numeric_limits<double>::infinity()) take(first_step_at(e, step));
    if (L.blocked_on >= 0) {
      const auto s = first_step_at(L.blocked_since + o_.stuck_time_s, step);
      take(s < 0 ? s : std::max<std::int64_t>(s - 1, static_cast<std::int64_t>(step) + 1));
    }
    if (L.capped && L.cap_step > 0) {
      // Topped up by cap_step a step from accum_t on: positive after -accum / cap_step steps.
      const double need = std::floor(-L.accum / L.cap_step);
      const auto from = static_cast<std::int64_t>(std::llround(L.accum_t / o_.dt_s));
      const auto s = std::max(from + std::max<std::int64_t>(1, static_cast<std::int64_t>(need)),
                              static_cast<std::int64_t>(step) + 1);
      if (s < static_cast<std::int64_t>(steps_)) take(s);
    }
    return w;
  }

  // After a step: the links that changed in it (looked at, entered, left) are booked for the
  // next step at which a vehicle may leave them. Serial, in a fixed order of buckets' contents.
  void reschedule_links(std::size_t step) {
    ++resched_round_;
    auto book = [&](net::LinkId l) {
      if (resched_stamp_[l] == resched_round_) return;
      resched_stamp_[l] = resched_round_;
      auto& L = links_[l];
      if (L.wake >= 0 && static_cast<std::size_t>(L.wake) <= step) L.wake = -1;
      const std::uint8_t busy = L.queue.empty() ? 0 : 1;
      if (busy != active_flag_[l]) {
        active_flag_[l] = busy;
        busy_links_ += busy ? 1 : -1;
      }
      const bool waits = L.blocked_on >= 0 || L.capped;
      const auto w = waits ? blocked_wake(L, step) : next_wake(L, step);
      wake_at(l, w);
      // Waiting for room: woken when the link ahead loses a vehicle. Booked when looked at; a
      // sleeping link stays booked with the link ahead until that wakes it.
      if (L.blocked_on >= 0 && due_stamp_[l] == due_round_) waiters_[L.blocked_on].push_back(l);
    };
    for (auto l : due_) book(l);
    for (auto l : touched_all_) book(l);
    for (auto l : entered_) book(l);
    entered_.clear();
    for (auto l : touched_all_) {
      auto& ws = waiters_[l];
      if (ws.empty() || !links_[l].freed) continue;
      for (auto w : ws) wake_at(w, static_cast<std::int64_t>(step) + 1);
      ws.clear();
    }
    if (o_.look_every_step) wake_all(static_cast<std::int64_t>(step) + 1);
  }

  void wake_at(net::LinkId l, std::int64_t w) {
    auto& L = links_[l];
    if (w < 0 || w >= static_cast<std::int64_t>(steps_) || L.queue.empty()) return;
    if (L.wake < 0 || w < L.wake) {
      L.wake = w;
      wake_buckets_[static_cast<std::size_t>(w)].push_back(l);
    }
  }

  // Every link with vehicles, and every link with vehicles waiting to enter it, is looked at in
  // step `at`, as if it had been woken every step: after an event (closures change routes,
  // capacities the outflow), and in every step with TrafficOptions::look_every_step.
  void wake_all(std::int64_t at) {
    for (std::size_t l = 0; l < links_.size(); ++l) {
      auto& L = links_[l];
      L.blocked_on = -1;
      L.capped = 0;
      wake_at(static_cast<net::LinkId>(l), at);
    }
    recheck_waiting_ = true;
  }

  void record_queues(int k, double t) {
    for (std::size_t li = 0; li < links_.size(); ++li) {
      const auto l = static_cast<net::LinkId>(li);
      if (links_[l].queue.empty()) continue;
      double q = 0;
      for (const auto& s : links_[l].queue) {
        if (s.exit_t <= t) q += kinds_[s.kind];
      }
      out_.links
          .queue_pcu[static_cast<std::size_t>(k) * net_.num_links() + static_cast<std::size_t>(l)] =
          static_cast<float>(q);
    }
  }

  const net::Network& net_;
  TrafficOptions o_;
  ServiceHook hook_;
  Rerouter reroute_;
  TripTable trips_;
  SimulationOutput out_;
  std::vector<LinkState> links_;
  std::vector<std::uint8_t> closed_;
  std::int64_t closed_count_ = 0;
  std::vector<double> ff_;
  std::vector<net::LinkId> route_links_;
  // Per trip, what a step reads and writes of its vehicle, in one cache line.
  struct alignas(64) Vehicle {
    double exit_t = 0, enter_t = 0, blocked_since = -1;
    std::uint64_t route_begin = 0;  // trip k's route: route_links_[route_begin .. + route_len)
    std::int32_t route_len = 0;
    std::int32_t pos = 0;   // index in the route of the link it is on
    std::int8_t mode = 0;   // network mode index (-1: not a network mode)
    std::uint8_t kind = 0;  // its size: index in kinds_ (pcu)
  };
  std::vector<Vehicle> veh_;
  // The vehicles' sizes, a handful of values (the modes' and the transit lines'): a queue keeps
  // an index into them per vehicle, so that counting a queue's pcu or checking the room ahead of
  // its head does not reach into the vehicles' records. Only ever appended to.
  std::vector<double> kinds_;
  std::vector<double> ready_t_;
  std::vector<std::deque<std::int32_t>> origin_wait_;  // per link
  std::vector<net::LinkId> waiting_links_;             // links with vehicles waiting to enter
  std::vector<std::int32_t> waiting_pos_;              // per link: index in waiting_links_
  std::vector<net::LinkId> check_waiting_;             // waiting links to look at in a step
  bool recheck_waiting_ = false;
  std::int64_t looks_ = 0;  // look at every waiting link in the next step (after events)
  // Per link: links whose vehicle to move next waits for room on it (may hold stale entries).
  std::vector<std::vector<net::LinkId>> waiters_;
  std::size_t steps_ = 0;
  std::size_t step_ = 0;
  std::size_t planned_ = 0;
  int next_interval_ = 1;
  bool finished_ = false;
  std::vector<std::vector<std::int32_t>> buckets_;
  std::vector<std::vector<std::int32_t>> arrival_buckets_;
  std::vector<std::int32_t> ready_;
  std::vector<std::uint8_t> active_flag_;  // per link: its queue is not empty
  std::int64_t busy_links_ = 0;            // links whose queue is not empty
  // Per step: links to look at (entries whose step is no longer the link's wake are stale).
  std::vector<std::vector<net::LinkId>> wake_buckets_;
  std::vector<net::LinkId> due_;      // links looked at in this step
  std::vector<net::LinkId> entered_;  // first links of vehicles that entered in this step
  std::vector<std::uint32_t> due_stamp_, resched_stamp_;
  std::uint32_t due_round_ = 0, resched_round_ = 0;
  std::vector<net::NodeId> nodes_;
  std::vector<std::uint32_t> node_stamp_, link_stamp_;
  std::uint32_t node_round_ = 0, link_round_ = 0;
  std::vector<net::LinkId> touched_all_;
  std::vector<std::vector<net::LinkId>> touched_;
  std::vector<std::vector<std::int32_t>> arrived_;
  std::vector<std::int64_t> stuck_, moves_;
  std::unique_ptr<TransitDay> transit_;              // public transport, when there are lines
  std::unique_ptr<StepPool> pool_;                   // threads of the per-second loops
  std::vector<std::vector<std::int32_t>> stop_req_;  // per thread: vehicles at a stop
  std::vector<std::int32_t> stops_;
  std::vector<std::pair<std::int32_t, double>> transit_arrivals_;
};

DaySimulation::DaySimulation(const net::Network& net, TripTable trips, const Routes& routes,
                             const TrafficOptions& options, ServiceHook services, Rerouter reroute)
    : impl_(std::make_unique<Impl>(net, options, std::move(services), std::move(reroute))) {
  impl_->start(std::move(trips), routes);
}

DaySimulation::DaySimulation(const net::Network& net, DayState state, const TrafficOptions& options,
                             ServiceHook services, Rerouter reroute)
    : impl_(std::make_unique<Impl>(net, options, std::move(services), std::move(reroute))) {
  impl_->restore(std::move(state));
}

DaySimulation::~DaySimulation() = default;
DaySimulation::DaySimulation(DaySimulation&&) noexcept = default;
DaySimulation& DaySimulation::operator=(DaySimulation&&) noexcept = default;

double DaySimulation::now() const {
  return impl_->now();
}
double DaySimulation::end() const {
  return impl_->options().end_s;
}
bool DaySimulation::done() const {
  return impl_->done();
}
void DaySimulation::advance_to(double t) {
  impl_->advance_to(t);
}
SimulationOutput DaySimulation::finish() {
  return impl_->finish();
}
void DaySimulation::close_links(const std::vector<net::LinkId>& l) {
  impl_->close_links(l);
}
void DaySimulation::reopen_links(const std::vector<net::LinkId>& l) {
  impl_->reopen_links(l);
}
void DaySimulation::set_capacity(const std::vector<net::LinkId>& l, double c) {
  impl_->set_capacity(l, c);
}
void DaySimulation::set_free_speed(const std::vector<net::LinkId>& l, double s) {
  impl_->set_free_speed(l, s);
}
std::int32_t DaySimulation::add_trips(const TripTable& t, const Routes& r) {
  return impl_->add_trips(t, r);
}
void DaySimulation::reschedule(std::int32_t trip, double t) {
  impl_->reschedule(trip, t);
}
const TripTable& DaySimulation::trips() const {
  return impl_->trips();
}
const TripResult& DaySimulation::trip_results() const {
  return impl_->out().trips;
}
const LinkStats& DaySimulation::link_stats() const {
  return impl_->out().links;
}
const SimulationReport& DaySimulation::report() const {
  return impl_->out().report;
}
std::int32_t DaySimulation::vehicles_on(net::LinkId l) const {
  return static_cast<std::int32_t>(impl_->link(l).queue.size());
}
double DaySimulation::pcu_on(net::LinkId l) const {
  return impl_->link(l).occ;
}
double DaySimulation::queue_pcu(net::LinkId l) const {
  return impl_->queue_pcu(l);
}
bool DaySimulation::closed(net::LinkId l) const {
  return impl_->closed(l);
}
double DaySimulation::capacity_pcu_h(net::LinkId l) const {
  return impl_->capacity_pcu_h(l);
}
std::int64_t DaySimulation::rerouted() const {
  return impl_->out().report.rerouted;
}
std::int64_t DaySimulation::link_looks() const {
  return impl_->link_looks();
}
std::vector<net::LinkId> DaySimulation::route(std::int32_t trip) const {
  return impl_->route(trip);
}
DayState DaySimulation::state() const {
  return impl_->state();
}

}  // namespace ogan::traffic
