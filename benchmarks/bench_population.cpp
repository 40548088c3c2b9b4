// Synthesising the full OKU population (~393,000 persons) with its daily plans, with 1 and 2
// threads. Run from the repository root after scripts/baseline (which makes the data):
//   ./build/benchmarks/bench_population
#include <benchmark/benchmark.h>
#include <omp.h>
#include <sys/resource.h>

#include "engine/scenario/demand.hpp"

namespace {

const char* scenario_path() {
  const char* env = std::getenv("OGAN_SCENARIO");
  return env ? env : OGAN_DEFAULT_SCENARIO;
}

void BM_PopulationAndPlans(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  static const auto cfg = ogan::scenario::load_world_config(scenario_path());
  static const auto world = ogan::scenario::load_world(cfg);
  std::size_t persons = 0, trips = 0;
  for (auto _ : state) {
    auto d = ogan::scenario::build_demand(world, cfg, cfg.plans);
    persons = d.population.num_persons();
    trips = d.plans.trips.size();
    benchmark::DoNotOptimize(d.plans.trips.depart_s.data());
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  state.counters["persons"] = static_cast<double>(persons);
  state.counters["trips"] = static_cast<double>(trips);
  state.counters["peak_rss_MiB"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
  state.counters["bytes_per_person"] =
      static_cast<double>(ru.ru_maxrss) * 1024.0 / static_cast<double>(persons);
}
BENCHMARK(BM_PopulationAndPlans)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
