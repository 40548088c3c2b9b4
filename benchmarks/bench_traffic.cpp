// Routing and traffic on the full OKU day. Run from the repository root after scripts/baseline:
//   ./build/benchmarks/bench_traffic
#include <benchmark/benchmark.h>
#include <omp.h>

#include <chrono>

#include "engine/core/rng.hpp"
#include "engine/network/alt_router.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/traffic/assignment.hpp"
#include "engine/traffic/simulation.hpp"

namespace {

struct Oku {
  ogan::scenario::WorldConfig cfg;
  ogan::scenario::World world;
  ogan::scenario::Demand demand;
};

const Oku& oku() {
  static const Oku o = [] {
    const char* env = std::getenv("OGAN_SCENARIO");
    auto cfg = ogan::scenario::load_world_config(env ? env : OGAN_DEFAULT_SCENARIO);
    auto world = ogan::scenario::load_world(cfg);
    auto demand = ogan::scenario::build_demand(world, cfg, cfg.plans);
    return Oku{std::move(cfg), std::move(world), std::move(demand)};
  }();
  return o;
}

// The assignment options of the day as `ogan run` simulates it (engine/run/pipeline.cpp): public
// transport lines and the service queues at the facilities.
ogan::traffic::AssignmentOptions run_options(const Oku& o, int iterations) {
  auto ao = o.cfg.assignment;
  ao.iterations = iterations;
  ao.traffic.sample_rate = o.cfg.plans.sample_rate;
  ao.traffic.seed = o.cfg.plans.seed;
  ao.traffic.transit = o.world.transit;
  ao.facilities = &o.world.facilities;
  ao.service_params = o.world.service_params;
  return ao;
}

// Arg: 2 the free-flow table's potentials, 1 landmarks only, 0 no potentials (Dijkstra).
void BM_AltQuery(benchmark::State& state) {
  const auto& net = oku().world.network;
  ogan::net::TravelTimes tt(net, 900, 96, 60 / 3.6);
  const std::vector<std::uint8_t> motor(net.motor.begin(), net.motor.end());
  const ogan::net::AltRouter router(net, tt.free_times(), 16, motor,
                                    state.range(0) == 2 ? ogan::net::AltRouter::kTableMaxNodes : 0);
  auto ws = router.workspace();
  ogan::Rng rng(1, ogan::StreamId::Traffic, 0);
  const bool alt = state.range(0) != 0;
  std::size_t settled = 0, queries = 0;
  for (auto _ : state) {
    const auto a =
        static_cast<ogan::net::NodeId>(rng.uniform() * static_cast<double>(net.num_nodes()));
    const auto b =
        static_cast<ogan::net::NodeId>(rng.uniform() * static_cast<double>(net.num_nodes()));
    benchmark::DoNotOptimize(router.route(a, b, 7 * 3600, tt, ws, alt));
    settled += ws.settled;
    ++queries;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(queries));
  state.counters["settled_per_query"] = static_cast<double>(settled) / static_cast<double>(queries);
  state.SetLabel(state.range(0) == 2 ? "A*, free-flow table"
                 : alt               ? "ALT, 16 landmarks"
                                     : "Dijkstra (reference)");
}
BENCHMARK(BM_AltQuery)->Arg(2)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// Building the router: the free-flow table (one reverse tree per node), or 16 landmarks.
void BM_RouterBuild(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const auto& net = oku().world.network;
  ogan::net::TravelTimes tt(net, 900, 96, 60 / 3.6);
  const std::vector<std::uint8_t> motor(net.motor.begin(), net.motor.end());
  const std::size_t table = state.range(1) ? ogan::net::AltRouter::kTableMaxNodes : 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(ogan::net::AltRouter(net, tt.free_times(), 16, motor, table));
  state.SetLabel(table ? "free-flow table" : "16 landmarks");
}
BENCHMARK(BM_RouterBuild)
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_OneIteration(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const auto& o = oku();
  // The first iteration routes on free flow; the second is a full re-planning iteration.
  const auto ao = run_options(o, 2);
  double routing = 0, simulation = 0, traversals = 0;
  for (auto _ : state) {
    const auto r = ogan::traffic::assign(o.world.network, o.demand.plans.trips, ao);
    routing = r.iterations.back().routing_s;
    simulation = r.iterations.back().simulation_s;
    traversals = r.iterations.back().link_traversals;
  }
  state.counters["routing_s"] = routing;
  state.counters["simulation_s"] = simulation;
  state.counters["iteration_s"] = routing + simulation;
  state.counters["link_traversals_per_s"] = traversals / simulation;
  state.counters["trips"] = static_cast<double>(o.demand.plans.trips.size());
}
BENCHMARK(BM_OneIteration)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// The warm-up as a run does it: 5 days, each followed by routing every trip under its travel
// times (the gap) and re-planning; with 2 threads the next day starts while the second core
// routes the trips that do not replan (traffic/assignment.cpp; all but the last of the 5 days).
// Time per iteration (day + routing); the initial free-flow routing and the router left out.
void BM_WarmUpIteration(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const auto& o = oku();
  auto ao = run_options(o, 6);
  ao.gap_tolerance = 0;
  ao.router = ogan::traffic::motor_router(o.world.network, ao.landmarks);
  double per_iteration = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ogan::traffic::Assignment a(o.world.network, o.demand.plans.trips, ao);
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    a.warm_up();
    per_iteration =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / 5;
  }
  state.counters["iteration_s"] = per_iteration;
}
BENCHMARK(BM_WarmUpIteration)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

// Routing every vehicle trip of the day at free flow (route_all, as an iteration does under
// congested times): the routing part of an iteration without the simulation's noise.
void BM_RouteAll(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const auto& o = oku();
  const auto& net = o.world.network;
  static const auto trips = ogan::traffic::trip_table(o.demand.plans.trips);
  ogan::net::TravelTimes tt(net, 900, 96, 60 / 3.6);
  const std::vector<std::uint8_t> motor(net.motor.begin(), net.motor.end());
  static const ogan::net::AltRouter router(net, tt.free_times(), 16, motor);
  std::size_t links = 0;
  for (auto _ : state) {
    const auto r = ogan::traffic::route_all(net, router, trips, tt, trips.planned_depart_s);
    links = r.links.size();
  }
  state.counters["trips"] = static_cast<double>(trips.size());
  state.counters["route_links"] = static_cast<double>(links);
  state.counters["trips_per_s"] = benchmark::Counter(static_cast<double>(trips.size()),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RouteAll)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);

// Routing every vehicle trip under the congested travel times of a warm-up's second day (the
// routing of an iteration after the first), at its departures.
void BM_RouteAllCongested(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const auto& o = oku();
  const auto& net = o.world.network;
  static const auto prepared = [&] {
    auto ao = run_options(o, 2);
    ao.gap_tolerance = 0;
    auto a = std::make_unique<ogan::traffic::Assignment>(net, o.demand.plans.trips, ao);
    a->warm_up();
    return a;
  }();
  const auto& a = *prepared;
  std::size_t links = 0;
  for (auto _ : state) {
    const auto r =
        ogan::traffic::route_all(net, a.router(), a.trips(), a.travel_times(), a.departures());
    links = r.links.size();
  }
  state.counters["route_links"] = static_cast<double>(links);
  state.counters["trips_per_s"] = benchmark::Counter(static_cast<double>(a.trips().size()),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RouteAllCongested)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(2);

// The day alone (the simulation with the service queues) on the free-flow routes of the first
// iteration: the part that the SUMO cross-check times (benchmarks/crosscheck/sumo).
void BM_SimulateDay(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const auto& o = oku();
  static const auto prepared = [&] {
    auto ao = run_options(o, 1);
    auto a = std::make_unique<ogan::traffic::Assignment>(o.world.network, o.demand.plans.trips, ao);
    a->warm_up();
    return std::make_pair(std::move(a), ao);
  }();
  const auto& [a, ao] = prepared;
  double traversals = 0;
  for (auto _ : state) {
    auto system = a->service_system();
    const auto day = ogan::traffic::simulate(o.world.network, a->trips(), a->routes(), ao.traffic,
                                             a->service_hook(system));
    traversals = static_cast<double>(day.report.link_traversals);
  }
  state.counters["link_traversals"] = traversals;
  state.counters["link_traversals_per_s"] =
      benchmark::Counter(traversals, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SimulateDay)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
