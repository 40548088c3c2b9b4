#pragma once

#include <memory>

#include "engine/run/pipeline.hpp"
#include "engine/scenario/demand.hpp"

namespace ogan::test {

// The OKU world loaded once per test program from the generated test data.
struct OkuWorld {
  scenario::WorldConfig cfg;
  scenario::World world;
  // The same world for run::Run (never freed: it lives as long as the program).
  std::shared_ptr<const scenario::World> shared() const {
    return {&world, [](const scenario::World*) {}};
  }
};
const OkuWorld& oku_world();
std::string oku_scenario_file();
scenario::Demand oku_demand(pop::PlanOptions options);

// A run through the run library (engine/run/pipeline.hpp), assigned and with its day finished.
// `options.scenario` empty: the OKU scenario on the shared world above, so `options.sets` may
// only touch what is built after the world (demand.*, traffic.*, services.online_*); otherwise
// a scenario extending it (policies), whose own world is loaded.
std::unique_ptr<run::Run> oku_run(run::RunOptions options = {});

}  // namespace ogan::test
