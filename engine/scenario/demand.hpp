#pragma once

#include "engine/population/plans.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/world.hpp"

namespace ogan::scenario {

struct Demand {
  pop::Assumptions assumptions;
  pop::ZoneTotals zone_totals;
  pop::Population population;
  pop::Skims skims;
  pop::Plans plans;
  pop::SynthesisReport synthesis_report;
  pop::PlacementReport placement_report;
};

// Synthesis, home placement, skims and plans for a loaded world.
Demand build_demand(const World& world, const WorldConfig& cfg, const pop::PlanOptions& options);

}  // namespace ogan::scenario
