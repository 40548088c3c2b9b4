// The twin loop on the full OKU day (docs/twin.md, docs/performance.md). Run from the repository
// root after scripts/baseline:
//   ./build/benchmarks/bench_twin
// It assigns once (one iteration: the day is the free-flow routed one) and then times the day in
// one call against the day in 96 quarter-hour steps, and a 10:00 snapshot written and read back.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <filesystem>

#include "engine/run/pipeline.hpp"
#include "engine/run/state_file.hpp"

namespace {

ogan::run::Run& oku() {
  static const std::unique_ptr<ogan::run::Run> r = [] {
    const char* env = std::getenv("OGAN_SCENARIO");
    ogan::run::RunOptions o;
    o.scenario = env ? env : OGAN_DEFAULT_SCENARIO;
    o.iterations = 1;
    auto run = std::make_unique<ogan::run::Run>(ogan::run::configure(o));
    run->assign();
    return run;
  }();
  return *r;
}

void BM_DayInOneCall(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  auto& r = oku();
  for (auto _ : state) {
    ogan::run::Day day(r.world(), r.assignment(), r.assignment_options().traffic);
    benchmark::DoNotOptimize(day.finish());
  }
}
BENCHMARK(BM_DayInOneCall)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(2);

void BM_DayIn96Steps(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  auto& r = oku();
  for (auto _ : state) {
    ogan::run::Day day(r.world(), r.assignment(), r.assignment_options().traffic);
    for (int k = 1; k <= 96; ++k) day.advance_to(k * 900.0);
    benchmark::DoNotOptimize(day.finish());
  }
}
BENCHMARK(BM_DayIn96Steps)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(2);

void BM_SnapshotAtTen(benchmark::State& state) {
  omp_set_num_threads(2);
  auto& r = oku();
  if (r.day().now() < 36000) r.day().advance_to(36000);
  const auto path = (std::filesystem::temp_directory_path() / "ogan-bench-state.h5").string();
  for (auto _ : state) ogan::run::write_state(r, path);
  state.counters["MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
}
BENCHMARK(BM_SnapshotAtTen)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(3);

void BM_RestoreAtTen(benchmark::State& state) {
  omp_set_num_threads(2);
  const auto path = (std::filesystem::temp_directory_path() / "ogan-bench-state.h5").string();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("run BM_SnapshotAtTen first");
    return;
  }
  ogan::run::StateTimings t;
  for (auto _ : state) benchmark::DoNotOptimize(ogan::run::restore_state(path, &t));
  state.counters["read_s"] = t.read_s;
  state.counters["rebuild_s"] = t.rebuild_s;
}
BENCHMARK(BM_RestoreAtTen)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
