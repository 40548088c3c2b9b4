#pragma once

#include <string>
#include <vector>

#include "engine/io/results.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/scenario/world.hpp"

namespace ogan::scenario {

// Every input file a run read, for provenance (hashed into the results file).
std::vector<std::string> input_files(const WorldConfig& cfg);

// Summary KPIs of the population and plans, scaled to the full population.
std::vector<io::Kpi> demand_kpis(const World& world, const Demand& demand, const pop::PlanOptions& options);

// Network KPIs of the last traffic iteration, scaled to the full population.
// Service KPIs: mean wait by type, unmet demand, accessibility to puskesmas.
std::vector<io::Kpi> service_kpis(const World& world, const Demand& demand, const svc::ServiceStats& stats,
                                  const svc::Accessibility& access, const pop::PlanOptions& options);

std::vector<io::Kpi> traffic_kpis(const World& world, const traffic::AssignmentResult& a, const pop::PlanOptions& options);

}  // namespace ogan::scenario
