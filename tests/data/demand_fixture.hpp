#pragma once

#include "engine/scenario/demand.hpp"

namespace ogan::test {

// The OKU world loaded once per test program from the generated test data.
struct OkuWorld {
  scenario::WorldConfig cfg;
  scenario::World world;
};
const OkuWorld& oku_world();
std::string oku_scenario_file();
scenario::Demand oku_demand(pop::PlanOptions options);

}  // namespace ogan::test
