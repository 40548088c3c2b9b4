#include "tests/data/demand_fixture.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/fixtures.hpp"

namespace ogan::test {

std::string oku_scenario_file() {
  static const std::string path = [] {
    // One file per process: ctest runs test processes in parallel.
    const std::string p =
        ogan::test::scratch_dir() / ("ogan-test-oku-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream out(p);
    out << "crs: EPSG:32748\n"
        << "network:\n  roads: {path: " << OGAN_TEST_GPKG << ", layer: roads}\n"
        << "world:\n"
        << "  zones: {path: " << OGAN_TEST_GPKG << ", layer: zones}\n"
        << "  controls: {path: " << OGAN_TEST_GPKG << ", layer: kecamatan_population}\n"
        << "  facilities: {path: " << OGAN_TEST_GPKG << ", layer: facilities}\n"
        << "  context:\n    kecamatan: {path: " << OGAN_TEST_GPKG << ", layer: kecamatan}\n"
        << "    river: {path: " << OGAN_TEST_GPKG << ", layer: river}\n"
        << "  urban: {levels: [kelurahan], parents: ['16.01.13', '16.01.14']}\n"
        << "population:\n  assumptions: " << OGAN_SOURCE_DIR
        << "/data/facts/population_assumptions.yaml\n"
        << "  disaggregation: {method: field, field: pop_weight}\n"
        << "traffic: {iterations: 1, stuck_time_s: 10}\n";
    return p;
  }();
  return path;
}

const OkuWorld& oku_world() {
  static const OkuWorld w = [] {
    auto cfg = scenario::load_world_config(oku_scenario_file());
    auto world = scenario::load_world(cfg);
    return OkuWorld{std::move(cfg), std::move(world)};
  }();
  return w;
}

scenario::Demand oku_demand(pop::PlanOptions options) {
  return scenario::build_demand(oku_world().world, oku_world().cfg, options);
}

std::unique_ptr<run::Run> oku_run(run::RunOptions options) {
  const bool shared = options.scenario.empty();
  if (shared) options.scenario = oku_scenario_file();
  auto setup = run::configure(options);
  auto r = shared ? std::make_unique<run::Run>(std::move(setup), oku_world().shared())
                  : std::make_unique<run::Run>(std::move(setup));
  r->assign();
  r->finish_day();
  return r;
}

}  // namespace ogan::test
