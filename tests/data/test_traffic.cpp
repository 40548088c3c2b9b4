// Routing and traffic on the OKU network and demand.
#include <gtest/gtest.h>
#include <omp.h>

#include "engine/core/rng.hpp"
#include "engine/network/alt_router.hpp"
#include "engine/network/dijkstra.hpp"
#include "engine/run/pipeline.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/traffic/assignment.hpp"
#include "tests/data/demand_fixture.hpp"

using namespace ogan;

namespace {

// The free-flow table's potentials and landmarks alone.
class OkuRouting : public ::testing::TestWithParam<std::size_t> {};

TEST_P(OkuRouting, AltPathCostsEqualDijkstraForThousandsOfRandomPairs) {
  const auto& net = test::oku_world().world.network;
  net::TravelTimes tt(net, 900, 96, pop::mode_info(pop::Mode::Motorcycle).max_speed_mps);
  const std::vector<std::uint8_t> motor(net.motor.begin(), net.motor.end());
  const net::AltRouter router(net, tt.free_times(), 16, motor, GetParam());
  ASSERT_EQ(router.exact_potentials(), GetParam() > 0);
  auto ws = router.workspace();
  Rng rng(11, StreamId::Traffic, 1);
  // Congest the morning: up to 4x free flow on a third of the links.
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    if (rng.uniform() < 0.33) {
      for (int k = 24; k < 36; ++k)
        tt.set(static_cast<net::LinkId>(l), k,
               tt.free(static_cast<net::LinkId>(l)) * (1 + 3 * rng.uniform()));
    }
  }
  std::size_t settled_alt = 0, settled_ref = 0;
  for (int q = 0; q < 3000; ++q) {
    const auto a = static_cast<net::NodeId>(rng.uniform() * static_cast<double>(net.num_nodes()));
    const auto b = static_cast<net::NodeId>(rng.uniform() * static_cast<double>(net.num_nodes()));
    const double t0 = q % 2 ? 3 * 3600.0 : 6.5 * 3600.0;  // free flow and congested
    const auto fast = router.route(a, b, t0, tt, ws, true);
    settled_alt += ws.settled;
    const auto ref = router.route(a, b, t0, tt, ws, false);
    settled_ref += ws.settled;
    ASSERT_TRUE(fast.found);
    ASSERT_NEAR(fast.arrival_s, ref.arrival_s, 1e-6) << a << " -> " << b;
  }
  // Free-flow cross-check with the plain static Dijkstra of engine/network.
  const auto tree = net::dijkstra(net, tt.free_times(), 0, motor);
  for (net::NodeId b = 0; b < static_cast<net::NodeId>(net.num_nodes()); b += 97) {
    EXPECT_NEAR(router.route(0, b, 0, tt, ws).arrival_s, tree.cost[b], 1e-6);
  }
  EXPECT_LT(settled_alt * 2, settled_ref);  // the potentials must actually prune the search
}

INSTANTIATE_TEST_SUITE_P(TableAndLandmarks, OkuRouting,
                         ::testing::Values(net::AltRouter::kTableMaxNodes, std::size_t{0}),
                         [](const auto& p) { return p.param ? "Table" : "Landmarks"; });

TEST(OkuTraffic, WholeTrafficOutputIsIdenticalForOneAndTwoThreads) {
  // The whole run (demand, warm-up iteration, the stepped last day) on each thread count.
  // Small chunks: the 10 % day's steps go to both threads (the default waits for 256 nodes).
  const run::RunOptions opt{
      .sets = {"traffic.parallel_chunk=8"}, .seed = 21, .sample = 0.1, .iterations = 2};
  omp_set_num_threads(1);
  const auto run1 = test::oku_run(opt);
  omp_set_num_threads(2);
  const auto run2 = test::oku_run(opt);
  const auto &one = run1->result(), &two = run2->result();
  EXPECT_EQ(one.routes.links, two.routes.links);
  EXPECT_EQ(one.last.trips.arrival_s, two.last.trips.arrival_s);
  EXPECT_EQ(one.last.links.volume_veh, two.last.links.volume_veh);
  EXPECT_EQ(one.last.links.volume_pcu, two.last.links.volume_pcu);
  EXPECT_EQ(one.last.links.travel_time_sum_s, two.last.links.travel_time_sum_s);
  EXPECT_EQ(one.last.links.queue_pcu, two.last.links.queue_pcu);
  EXPECT_EQ(one.iterations.back().relative_gap, two.iterations.back().relative_gap);
  EXPECT_EQ(one.services.visit_trip, two.services.visit_trip);
  EXPECT_EQ(one.services.visit_end_s, two.services.visit_end_s);
  EXPECT_EQ(one.services.queue, two.services.queue);
  // Conservation on the real network: everybody who departed arrived or is still driving.
  EXPECT_EQ(one.last.report.arrived + one.last.report.en_route, one.last.report.departed);
}

TEST(OkuTraffic, AConvergedRunsLastDayIsItsLastWarmUpDayWithoutSimulatingItAgain) {
  // Converged at the gap tolerance, a run keeps the warm-up's last day as its last day; asking
  // for the routes makes it simulate that day again instead. Both must give the same results.
  run::RunOptions opt{
      .sets = {"traffic.gap_tolerance=0.05"}, .seed = 23, .sample = 0.1, .iterations = 6};
  const auto kept = test::oku_run(opt);
  opt.routes = true;
  const auto again = test::oku_run(opt);
  const auto &k = kept->result(), &a = again->result();
  ASSERT_LT(k.iterations.size(), 6u);  // it did converge
  ASSERT_EQ(k.iterations.size(), a.iterations.size());
  for (std::size_t i = 0; i < k.iterations.size(); ++i) {
    EXPECT_EQ(k.iterations[i].relative_gap, a.iterations[i].relative_gap) << i;
    EXPECT_EQ(k.iterations[i].total_delay_h, a.iterations[i].total_delay_h) << i;
  }
  EXPECT_EQ(k.routes.links, a.routes.links);
  EXPECT_EQ(k.last.trips.arrival_s, a.last.trips.arrival_s);
  EXPECT_EQ(k.last.trips.status, a.last.trips.status);
  EXPECT_EQ(k.last.links.volume_veh, a.last.links.volume_veh);
  EXPECT_EQ(k.last.links.travel_time_sum_s, a.last.links.travel_time_sum_s);
  EXPECT_EQ(k.last.links.queue_pcu, a.last.links.queue_pcu);
  EXPECT_EQ(k.last.report.link_traversals, a.last.report.link_traversals);
  EXPECT_EQ(k.services.visit_trip, a.services.visit_trip);
  EXPECT_EQ(k.services.visit_end_s, a.services.visit_end_s);
  EXPECT_EQ(k.services.queue, a.services.queue);
  EXPECT_EQ(k.travel_times.values(), a.travel_times.values());
}

TEST(OkuTraffic, AnOverlappedWarmUpGivesTheSameResultsAsOneAfterTheOther) {
  // On two threads the warm-up simulates the next day while the gap is computed (and drops that
  // day when the gap stops the warm-up); on one thread it does one thing after the other.
  // Gaps on this data: 0.094, 0.057 after the third and fourth days; 0.06 stops after the fourth,
  // whose next day was started (days overlap while another warm-up day is to come).
  for (const char* tolerance : {"traffic.gap_tolerance=0", "traffic.gap_tolerance=0.06"}) {
    const run::RunOptions opt{.sets = {tolerance}, .seed = 24, .sample = 0.1, .iterations = 6};
    omp_set_num_threads(1);
    const auto run1 = test::oku_run(opt);
    omp_set_num_threads(2);
    const auto run2 = test::oku_run(opt);
    const auto &one = run1->result(), &two = run2->result();
    ASSERT_EQ(one.iterations.size(), two.iterations.size()) << tolerance;
    if (std::string(tolerance).ends_with("=0")) {
      EXPECT_EQ(one.iterations.size(), 6u);
    } else {
      EXPECT_EQ(one.iterations.size(), 4u);
    }
    for (std::size_t i = 0; i < one.iterations.size(); ++i) {
      EXPECT_EQ(one.iterations[i].relative_gap, two.iterations[i].relative_gap) << i;
      EXPECT_EQ(one.iterations[i].total_delay_h, two.iterations[i].total_delay_h) << i;
      EXPECT_EQ(one.iterations[i].vehicle_km, two.iterations[i].vehicle_km) << i;
    }
    EXPECT_EQ(one.routes.links, two.routes.links) << tolerance;
    EXPECT_EQ(one.trips.mode, two.trips.mode) << tolerance;
    EXPECT_EQ(one.trips.planned_depart_s, two.trips.planned_depart_s) << tolerance;
    EXPECT_EQ(one.last.trips.arrival_s, two.last.trips.arrival_s) << tolerance;
    EXPECT_EQ(one.last.links.volume_pcu, two.last.links.volume_pcu) << tolerance;
    EXPECT_EQ(one.last.links.travel_time_sum_s, two.last.links.travel_time_sum_s) << tolerance;
    EXPECT_EQ(one.services.visit_end_s, two.services.visit_end_s) << tolerance;
    EXPECT_EQ(one.travel_times.values(), two.travel_times.values()) << tolerance;
  }
}

TEST(OkuTraffic, ATenPercentSampleIsAsCongestedAsTheFullPopulation) {
  // The traffic layer by hand, not through run::Run: the unscaled case (capacities of the full
  // population for a 10 % sample) is something a run cannot express.
  auto run = [](double rate, bool scale = true) {
    const auto d = test::oku_demand({.seed = 22, .sample_rate = rate});
    traffic::AssignmentOptions o = test::oku_world().cfg.assignment;
    o.iterations = 1;
    o.traffic.sample_rate = scale ? rate : 1.0;
    return traffic::assign(test::oku_world().world.network, d.plans.trips, o).iterations.back();
  };
  const auto full = run(1.0);
  const auto tenth = run(0.1);
  // Scaled capacities keep much of the congestion: measured on this data (modelled desa
  // populations, every angkot rider driving, as this call has no lines), the 10 % run's mean
  // travel time is 0.68 and its delay 0.37 of the full run's (docs/traffic-model.md): a sample's
  // vehicles come in larger, rarer lumps. Without scaling its delay is 0.02 of the full run's.
  EXPECT_NEAR(tenth.mean_travel_time_s / full.mean_travel_time_s, 0.7, 0.15);
  EXPECT_NEAR(tenth.total_delay_h / full.total_delay_h, 0.45, 0.2);
  EXPECT_GT(tenth.total_delay_h, 0.25 * full.total_delay_h);
  const auto unscaled = run(0.1, false);
  // Unscaled, its delay (x10 for the sample) is a fraction of the real one.
  EXPECT_LT(10 * unscaled.total_delay_h, 0.1 * full.total_delay_h) << unscaled.mean_travel_time_s;
  EXPECT_NEAR(tenth.vehicle_km / full.vehicle_km, 1.0, 0.1);
}

}  // namespace

namespace {

TEST(OkuServices, EveryVisitorIsServedOrTurnedAwayAndEveryVisitIsCounted) {
  const auto run = test::oku_run({.seed = 31, .sample = 0.5, .iterations = 1});
  const auto& r = run->result();
  const auto& s = r.services;
  std::int64_t arrivals = 0, served = 0, away = 0;
  for (std::size_t c = 0; c < s.arrivals.size(); ++c) {
    arrivals += s.arrivals[c];
    served += s.served[c];
    away += s.turned_away[c];
  }
  EXPECT_GT(arrivals, 500);
  EXPECT_EQ(arrivals, served + away);
  // Every service trip that arrived is a visit, and nobody else is.
  std::int64_t service_trips = 0;
  for (std::size_t k = 0; k < r.trips.size(); ++k) {
    const bool arrived = r.last.trips.status[k] == traffic::TripStatus::Arrived ||
                         r.last.trips.status[k] == traffic::TripStatus::Teleported;
    service_trips +=
        r.trips.service_facility[k] >= 0 && arrived && r.last.trips.arrival_s[k] < 30 * 3600;
  }
  EXPECT_EQ(service_trips, arrivals);
  // The trip home leaves when the visit ends.
  for (std::size_t i = 0; i < s.visit_trip.size(); ++i) {
    const auto k = static_cast<std::size_t>(s.visit_trip[i]);
    if (k + 1 < r.trips.size() && r.trips.person[k + 1] == r.trips.person[k] &&
        r.last.trips.depart_s[k + 1] >= 0) {
      // Ready to leave then; a full first link may hold the vehicle at the door a little.
      const double ready = r.last.trips.depart_s[k + 1] - r.last.trips.departure_delay_s[k + 1];
      EXPECT_NEAR(ready, std::ceil(s.visit_end_s[i]), 1.0);
    }
  }
}

TEST(OkuServices, OnlineShareLowersCivilRegistryVisitsAndQueues) {
  auto civil = [](const traffic::AssignmentResult& r, double* queue) {
    std::int64_t n = 0;
    *queue = 0;
    const auto& f = test::oku_world().world.facilities;
    for (std::size_t c = 0; c < r.services.arrivals.size(); ++c) {
      const auto t = f.type[c % r.services.facilities];
      if (t == "civil_registry" || t == "public_service_mall") {
        n += r.services.arrivals[c];
        *queue += r.services.queue[c];
      }
    }
    return n;
  };
  auto with_online = [](const std::string& share) {
    return test::oku_run({.sets = {"demand.civil_registry_online=" + share},
                          .seed = 32,
                          .sample = 0.4,
                          .iterations = 1});
  };
  double q0, q5, q1;
  const auto none = civil(with_online("0")->result(), &q0);
  const auto half = civil(with_online("0.5")->result(), &q5);
  const auto all = civil(with_online("1")->result(), &q1);
  EXPECT_GT(none, 40);
  EXPECT_EQ(all, 0);
  EXPECT_LT(half, none);
  EXPECT_GT(half, 0);
  EXPECT_LT(q5, q0);
  EXPECT_EQ(q1, 0);
}

TEST(OkuServices, OnlineCapacityOverflowsInPerson) {
  const auto capped = test::oku_demand(
      {.seed = 33, .civil_registry_online = 1.0, .civil_registry_online_capacity = 50});
  EXPECT_EQ(capped.plans.report.civil_registry_online, 50);
  EXPECT_GT(capped.plans.report.civil_registry_in_person, 50);
  EXPECT_EQ(capped.plans.report.civil_registry_online_overflow,
            capped.plans.report.civil_registry_in_person);
}

}  // namespace

TEST(OkuTraffic, AngkotRidersWaitsAreMeasuredAgainstTheScenariosModeChoice) {
  // The feedback after an iteration (transit_feedback.hpp) compares a rider's wait with the wait
  // the mode choice assumed: the scenario's, which a calibration may change, not the default.
  run::RunOptions o{.scenario = test::oku_scenario_file(),
                    .sets = {"population.overrides.mode_choice.angkot_wait_min=15",
                             "population.overrides.mode_choice.beta_walk_time=-0.2"},
                    .sample = 0.01};
  const run::Run r(run::configure(o), test::oku_world().shared());
  EXPECT_EQ(r.assignment_options().angkot_wait_s, 15 * 60);
  EXPECT_EQ(r.assignment_options().beta_wait_per_min, -0.2);
}
