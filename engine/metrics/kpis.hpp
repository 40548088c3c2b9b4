#pragma once

#include <string>
#include <vector>

#include "engine/results/kpi.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/scenario/world.hpp"
#include "engine/services/accessibility.hpp"
#include "engine/traffic/assignment.hpp"

namespace ogan::metrics {

using results::Kpi;

// Every input file a run read, for provenance (hashed into the results file).
std::vector<std::string> input_files(const scenario::WorldConfig& cfg);

// Summary KPIs of the population and plans, scaled to the full population.
std::vector<Kpi> demand_kpis(const scenario::World& world, const scenario::Demand& demand,
                             const pop::PlanOptions& options);

// Network KPIs of the last traffic iteration, scaled to the full population.
// Service KPIs: mean wait by type, unmet demand, accessibility to puskesmas.
std::vector<Kpi> service_kpis(const scenario::World& world, const scenario::Demand& demand,
                              const svc::ServiceStats& stats, const svc::Accessibility& access,
                              const pop::PlanOptions& options);

std::vector<Kpi> traffic_kpis(const scenario::World& world, const traffic::AssignmentResult& a,
                              const pop::PlanOptions& options);

}  // namespace ogan::metrics
