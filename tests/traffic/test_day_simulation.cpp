// The day as an object with a clock: stepping, state out and back in, and events, on a congested
// hand-made grid, compared with the day run in one call.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"
#include "engine/network/alt_router.hpp"
#include "engine/traffic/assignment.hpp"
#include "engine/traffic/day_simulation.hpp"

using namespace ogan;
using namespace ogan::traffic;

namespace {

constexpr int kSide = 6;  // nodes per side

// A kSide x kSide grid of two-way streets, 300 m, 150 pcu/h, 5 pcu of storage: congested by
// the trips below.
net::Network grid() {
  net::Network n;
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      n.node_x.push_back(x * 300.0);
      n.node_y.push_back(y * 300.0);
    }
  }
  auto add = [&n](int a, int b) {
    n.from.push_back(a);
    n.to.push_back(b);
    n.length_m.push_back(300);
    n.lanes.push_back(1);
    n.free_speed_mps.push_back(10);
    n.capacity_pcu_h.push_back(150);
    n.storage_pcu.push_back(5);
    n.road_class.push_back(0);
    n.pkji_type.push_back(0);
    n.oneway.push_back(0);
    n.bridge.push_back(0);
    n.motor.push_back(1);
    n.name_id.push_back(-1);
    n.source_fid.push_back(-1);
    n.reverse.push_back(-1);
    for (int v : {a, b}) {
      n.geom_x.push_back(n.node_x[v]);
      n.geom_y.push_back(n.node_y[v]);
    }
    n.geom_offset.push_back(static_cast<std::uint32_t>(n.geom_x.size()));
  };
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      const int v = y * kSide + x;
      if (x + 1 < kSide) {
        add(v, v + 1);
        add(v + 1, v);
      }
      if (y + 1 < kSide) {
        add(v, v + kSide);
        add(v + kSide, v);
      }
    }
  }
  n.build_adjacency();
  return n;
}

// 4,000 persons with two car or motorcycle trips each (out between 07:00 and 08:00, back in the
// afternoon), between links drawn from a fixed stream.
TripTable trips(const net::Network& net) {
  TripTable t;
  const auto links = static_cast<double>(net.num_links());
  for (int p = 0; p < 4000; ++p) {
    Rng rng(7, StreamId::Plans, static_cast<std::uint64_t>(p));
    const auto home = static_cast<net::LinkId>(rng.uniform() * links);
    auto work = static_cast<net::LinkId>(rng.uniform() * links);
    if (work == home) work = (work + 7) % static_cast<net::LinkId>(links);
    const auto mode = rng.uniform() < 0.6 ? pop::Mode::Motorcycle : pop::Mode::Car;
    const double out = 7 * 3600 + rng.uniform() * 3600;
    const double back = 15 * 3600 + rng.uniform() * 2 * 3600;
    for (int k = 0; k < 2; ++k) {
      t.person.push_back(p);
      t.mode.push_back(mode);
      t.planned_depart_s.push_back(k == 0 ? out : back);
      t.teleport_time_s.push_back(600);
      t.distance_m.push_back(1000);
      t.origin_link.push_back(k == 0 ? home : work);
      t.dest_link.push_back(k == 0 ? work : home);
      t.service_facility.push_back(-1);
      t.cancelled.push_back(0);
    }
  }
  return t;
}

TrafficOptions options() {
  TrafficOptions o;
  o.end_s = 26 * 3600.0;
  o.stuck_time_s = 120;
  o.parallel_chunk = 4;  // the grid's nodes go to both threads
  return o;
}

struct Setup {
  net::Network net = grid();
  TripTable table = trips(net);
  net::TravelTimes tt{net, 900, 96, 100.0};
  net::AltRouter router{net, tt.free_times(), 4};
  Routes routes = route_all(net, router, table, tt, table.planned_depart_s);
};

Setup& setup() {
  static Setup s;
  return s;
}

// A rerouter as the run layer makes it: fastest path under free times, closed links a week.
struct FreeRerouter {
  const net::Network& net;
  net::TravelTimes tt;
  net::AltRouter::Workspace ws;
  FreeRerouter(const Setup& s) : net(s.net), tt(s.tt), ws(s.router.workspace()) {}
  void close(net::LinkId l) {
    for (int k = 0; k < tt.intervals(); ++k) tt.set(l, k, 7 * 86400.0);
  }
  Rerouter fn() {
    return [this](net::NodeId from, net::LinkId dest, double t) -> std::vector<net::LinkId> {
      if (net.from[dest] == from) return {dest};
      const auto r = setup().router.route(from, net.from[dest], t, tt, ws);
      if (!r.found || r.arrival_s - t > 86400) return {};
      auto way = r.links;
      way.push_back(dest);
      return way;
    };
  }
};

void expect_same_day(const SimulationOutput& a, const SimulationOutput& b) {
  EXPECT_EQ(a.trips.depart_s, b.trips.depart_s);
  EXPECT_EQ(a.trips.arrival_s, b.trips.arrival_s);
  EXPECT_EQ(a.trips.status, b.trips.status);
  EXPECT_EQ(a.trips.stuck, b.trips.stuck);
  EXPECT_EQ(a.trips.departure_delay_s, b.trips.departure_delay_s);
  EXPECT_EQ(a.trips.route_length_m, b.trips.route_length_m);
  EXPECT_EQ(a.links.volume_veh, b.links.volume_veh);
  EXPECT_EQ(a.links.volume_pcu, b.links.volume_pcu);
  EXPECT_EQ(a.links.travel_time_sum_s, b.links.travel_time_sum_s);
  EXPECT_EQ(a.links.exits, b.links.exits);
  EXPECT_EQ(a.links.queue_pcu, b.links.queue_pcu);
  EXPECT_EQ(a.report.arrived, b.report.arrived);
  EXPECT_EQ(a.report.en_route, b.report.en_route);
  EXPECT_EQ(a.report.waiting_at_origin, b.report.waiting_at_origin);
  EXPECT_EQ(a.report.stuck_events, b.report.stuck_events);
  EXPECT_EQ(a.report.link_traversals, b.report.link_traversals);
  EXPECT_EQ(a.report.steps, b.report.steps);
}

SimulationOutput one_call(int threads) {
  omp_set_num_threads(threads);
  return simulate(setup().net, setup().table, setup().routes, options());
}

}  // namespace

TEST(DaySimulation, TheGridIsCongestedEnoughToTestAnything) {
  const auto day = one_call(1);
  double tt = 0, free = 0;
  for (std::size_t k = 0; k < day.trips.status.size(); ++k) {
    tt += day.trips.arrival_s[k] - day.trips.depart_s[k];
    free += day.trips.free_time_s[k];
  }
  EXPECT_GT(tt, 1.5 * free);
  EXPECT_GT(day.report.stuck_events, 0);
  EXPECT_EQ(day.report.arrived + day.report.en_route, day.report.departed);
  EXPECT_EQ(day.report.departed, 8000);
}

TEST(DaySimulation, LinksSleepWhileTheyWaitForRoomOrCapacityAndTheDayIsTheSame) {
  // A link whose next vehicle has no room ahead is looked at again when the link ahead loses a
  // vehicle or the stuck time is up; one whose outflow capacity is spent, when it is positive
  // again; a link with vehicles waiting to enter, when vehicles leave it. At a tenth sample
  // the grid's links let a vehicle out every 240 s, so most of a look-every-step day's looks
  // move nothing. The day must equal, dataset by dataset, the day that looks every step.
  for (double sample : {1.0, 0.1}) {
    omp_set_num_threads(1);
    auto o = options();
    o.sample_rate = sample;
    DaySimulation calendar(setup().net, setup().table, setup().routes, o);
    calendar.advance_to(o.end_s);
    const auto looks = calendar.link_looks();
    o.look_every_step = true;
    DaySimulation every(setup().net, setup().table, setup().routes, o);
    every.advance_to(o.end_s);
    const auto every_looks = every.link_looks();
    const auto a = calendar.finish(), b = every.finish();
    expect_same_day(a, b);
    EXPECT_GT(a.report.stuck_events, 0) << "sample " << sample;
    EXPECT_GT(a.report.link_traversals, 10000) << "sample " << sample;
    EXPECT_LT(3 * looks, every_looks) << "sample " << sample;
  }
}

TEST(DaySimulation, NinetySixStepsOfAQuarterHourEqualOneCall) {
  const auto whole = one_call(1);
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    DaySimulation day(setup().net, setup().table, setup().routes, options());
    for (int k = 1; k <= 96; ++k) {
      day.advance_to(k * 900.0);
      EXPECT_EQ(day.now(), k * 900.0);
    }
    expect_same_day(whole, day.finish());
  }
}

TEST(DaySimulation, AStateTakenMidDayContinuesBitForBitOnAnyThreadCount) {
  const auto whole = one_call(2);
  for (double t : {7.25 * 3600, 8 * 3600.0, 16.5 * 3600}) {
    omp_set_num_threads(2);
    DaySimulation first(setup().net, setup().table, setup().routes, options());
    first.advance_to(t);
    auto state = first.state();
    ASSERT_EQ(state.step, static_cast<std::uint64_t>(t));
    if (t == 7.25 * 3600) {
      EXPECT_GT(state.origin_wait_vehicles.size(), 0u) << "the state must hold waiting vehicles";
    }
    omp_set_num_threads(1);
    DaySimulation second(setup().net, std::move(state), options());
    EXPECT_EQ(second.now(), t);
    expect_same_day(whole, second.finish());
  }
}

TEST(DaySimulation, AStateThatDoesNotFitTheNetworkIsRefused) {
  DaySimulation day(setup().net, setup().table, setup().routes, options());
  day.advance_to(8 * 3600);
  auto state = day.state();
  state.occ.pop_back();
  EXPECT_THROW(DaySimulation(setup().net, std::move(state), options()), InputError);
  state = day.state();
  state.queue_vehicles.push_back(1 << 30);
  state.queue_offset.back() += 1;
  EXPECT_THROW(DaySimulation(setup().net, std::move(state), options()), InputError);
}

TEST(DaySimulation, AClosureChangesNothingBeforeItAndNobodyEntersTheLinkAfter) {
  omp_set_num_threads(2);
  const auto whole = one_call(2);
  // The busiest link of the morning peak.
  const auto& s = whole.links;
  std::vector<double> morning(s.links, 0);
  for (int k = 28; k < 36; ++k)
    for (std::size_t l = 0; l < s.links; ++l) morning[l] += s.volume_pcu[k * s.links + l];
  const auto busy =
      static_cast<net::LinkId>(std::max_element(morning.begin(), morning.end()) - morning.begin());
  const double at = 7.5 * 3600;  // an interval boundary (30 of 96)

  FreeRerouter rr(setup());
  DaySimulation day(setup().net, setup().table, setup().routes, options(), {}, rr.fn());
  day.advance_to(at);
  rr.close(busy);
  day.close_links({busy});
  EXPECT_TRUE(day.closed(busy));
  const auto out = day.finish();

  const std::size_t L = s.links, before = 30 * L;
  EXPECT_TRUE(std::equal(s.volume_veh.begin(), s.volume_veh.begin() + before * kNetworkModes,
                         out.links.volume_veh.begin()));
  EXPECT_TRUE(std::equal(s.exits.begin(), s.exits.begin() + before, out.links.exits.begin()));
  for (int k = 30; k < 96; ++k) {
    const std::size_t c = k * L + static_cast<std::size_t>(busy);
    for (int m = 0; m < kNetworkModes; ++m)
      EXPECT_EQ(out.links.volume_veh[c * kNetworkModes + m], 0u) << "interval " << k;
  }
  EXPECT_GT(out.report.rerouted, 0);
  // Conservation: every vehicle that left arrived or is still driving; trips from or to the
  // closed link are cancelled; nobody else is lost.
  EXPECT_EQ(out.report.arrived + out.report.en_route, out.report.departed);
  std::int64_t cancelled = 0;
  for (auto st : out.trips.status) cancelled += st == TripStatus::Cancelled;
  EXPECT_EQ(cancelled, out.report.cancelled);
  EXPECT_GT(cancelled, 0);
  // A trip not started is the later trip of a person whose earlier trip was cancelled.
  const auto& tr = setup().table;
  for (std::size_t k = 0; k < tr.size(); ++k) {
    if (out.trips.status[k] != TripStatus::NotStarted) continue;
    ASSERT_GT(k, 0u);
    EXPECT_EQ(tr.person[k - 1], tr.person[k]);
    EXPECT_EQ(out.trips.status[k - 1], TripStatus::Cancelled);
  }
  EXPECT_EQ(
      out.report.departed + out.report.cancelled + out.report.teleported +
          std::count(out.trips.status.begin(), out.trips.status.end(), TripStatus::NotStarted),
      static_cast<std::int64_t>(tr.size()));
}

TEST(DaySimulation, ACapacityDropSlowsTheLinkOnlyFromItsTime) {
  omp_set_num_threads(1);
  const auto whole = one_call(1);
  const double at = 7 * 3600.0;
  DaySimulation day(setup().net, setup().table, setup().routes, options());
  day.advance_to(at);
  std::vector<net::LinkId> all(setup().net.num_links());
  for (std::size_t l = 0; l < all.size(); ++l) all[l] = static_cast<net::LinkId>(l);
  day.set_capacity(all, 75);
  EXPECT_DOUBLE_EQ(day.capacity_pcu_h(0), 75);
  const auto out = day.finish();
  const std::size_t before = 28 * out.links.links;
  EXPECT_TRUE(std::equal(whole.links.exits.begin(), whole.links.exits.begin() + before,
                         out.links.exits.begin()));
  double tt_whole = 0, tt_slow = 0;
  for (std::size_t k = 0; k < whole.trips.arrival_s.size(); ++k) {
    if (whole.trips.depart_s[k] < at + 1800 || out.trips.status[k] != TripStatus::Arrived ||
        whole.trips.status[k] != TripStatus::Arrived)
      continue;
    tt_whole += whole.trips.arrival_s[k] - whole.trips.depart_s[k];
    tt_slow += out.trips.arrival_s[k] - out.trips.depart_s[k];
  }
  EXPECT_GT(tt_slow, 1.2 * tt_whole) << tt_slow << " vs " << tt_whole;
}

TEST(DaySimulation, TheThreadCountMayChangeBetweenSteps) {
  // Made on one thread, stepped on two (a library user or ogan serve may change it): same day,
  // and no thread writes past the buffers made for one.
  const auto whole = one_call(1);
  omp_set_num_threads(1);
  DaySimulation day(setup().net, setup().table, setup().routes, options());
  day.advance_to(7.5 * 3600);
  omp_set_num_threads(2);
  day.advance_to(12 * 3600);
  omp_set_num_threads(1);
  expect_same_day(whole, day.finish());
}
