// Loading the default OKU data and building the network from it.
// Run: ./build/benchmarks/bench_network [--benchmark_repetitions=5]
// The data file is data/baturaja/oku.gpkg (made by scripts/baseline) or $OGAN_GPKG.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

#include "engine/gis/crs.hpp"
#include "engine/network/builder.hpp"
#include "engine/network/spatial_index.hpp"

namespace {

std::string data_path() {
  const char* env = std::getenv("OGAN_GPKG");
  return env ? env : OGAN_DEFAULT_GPKG;
}

ogan::net::RoadLayerConfig roads_cfg() {
  ogan::net::RoadLayerConfig c;
  c.layer.path = data_path();
  c.layer.layer = "roads";
  return c;
}

void BM_ReadRoads(benchmark::State& state) {
  const auto utm = ogan::gis::parse_crs("EPSG:32748");
  std::size_t n = 0;
  for (auto _ : state) {
    auto roads = ogan::net::read_roads(roads_cfg(), utm);
    n = roads.size();
    benchmark::DoNotOptimize(roads.data());
  }
  state.counters["roads"] = static_cast<double>(n);
}
BENCHMARK(BM_ReadRoads)->Unit(benchmark::kMillisecond);

void BM_BuildNetwork(benchmark::State& state) {
  const auto utm = ogan::gis::parse_crs("EPSG:32748");
  const auto roads = ogan::net::read_roads(roads_cfg(), utm);
  ogan::net::Network net;
  for (auto _ : state) {
    net = ogan::net::build_network(roads, {});
    benchmark::DoNotOptimize(net.from.data());
  }
  state.counters["links"] = static_cast<double>(net.num_links());
  state.counters["nodes"] = static_cast<double>(net.num_nodes());
}
BENCHMARK(BM_BuildNetwork)->Unit(benchmark::kMillisecond);

void BM_SnapPoints(benchmark::State& state) {
  const auto utm = ogan::gis::parse_crs("EPSG:32748");
  const auto net = ogan::net::build_network(ogan::net::read_roads(roads_cfg(), utm), {});
  const ogan::net::LinkIndex index(net);
  double x0 = *std::min_element(net.node_x.begin(), net.node_x.end());
  double x1 = *std::max_element(net.node_x.begin(), net.node_x.end());
  double y0 = *std::min_element(net.node_y.begin(), net.node_y.end());
  double y1 = *std::max_element(net.node_y.begin(), net.node_y.end());
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> ux(x0, x1), uy(y0, y1);
  std::vector<std::pair<double, double>> pts(10000);
  for (auto& p : pts) p = {ux(rng), uy(rng)};
  for (auto _ : state) {
    for (auto [x, y] : pts) benchmark::DoNotOptimize(index.nearest(x, y, 20000.0));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 10000);
}
BENCHMARK(BM_SnapPoints)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
