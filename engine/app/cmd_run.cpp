#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/app/commands.hpp"
#include "engine/io/results.hpp"
#include "engine/metrics/kpis.hpp"
#include "engine/metrics/population.hpp"
#include "engine/metrics/present_population.hpp"
#include "engine/metrics/services.hpp"
#include "engine/metrics/traffic.hpp"
#include "engine/scenario/demand.hpp"

namespace ogan::app {

namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
  std::int64_t seed = -1;
  double sample = -1;
  int threads = 0;
  int iterations = -1;
  std::vector<std::string> sets;
  std::string run_id;
};

void run(const RunArgs& a) {
  const double started =
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  if (a.threads > 0) omp_set_num_threads(a.threads);
  const auto cfg = scenario::load_world_config(a.scenario, a.sets);
  pop::PlanOptions opt = cfg.plans;
  if (a.seed >= 0) opt.seed = static_cast<std::uint64_t>(a.seed);
  if (a.sample > 0) opt.sample_rate = a.sample;
  const std::string name = cfg.doc.name;
  const std::string out = a.output.empty() ? name + ".h5" : a.output;

  spdlog::info("[1/4] loading the world");
  const auto world = scenario::load_world(cfg);
  spdlog::info("[2/4] population and plans");
  const auto demand = scenario::build_demand(world, cfg, opt);
  spdlog::info("[3/4] routing and traffic");
  traffic::AssignmentOptions ao = cfg.assignment;
  if (a.iterations > 0) ao.iterations = a.iterations;
  ao.traffic.sample_rate = opt.sample_rate;
  ao.traffic.seed = opt.seed;
  ao.facilities = &world.facilities;
  ao.service_params = world.service_params;
  for (const auto& c : world.closures) ao.closures.emplace_back(c.link, c.from_s, c.to_s);
  const auto assignment = traffic::assign(world.network, demand.plans.trips, ao);

  spdlog::info("[4/4] writing {}", out);
  io::RunInfo info;
  info.scenario_name = name;
  info.scenario_yaml = cfg.doc.resolved_yaml();
  info.policies = cfg.policies.descriptions();
  info.inputs = metrics::input_files(cfg);
  info.seed = opt.seed;
  info.threads = omp_get_max_threads();
  info.sample_rate = opt.sample_rate;
  info.crs_wkt = world.network.crs_wkt;
  info.run_id = a.run_id;
  info.started_s = started;
  auto kpis = metrics::demand_kpis(world, demand, opt);
  const auto traffic_kpis = metrics::traffic_kpis(world, assignment, opt);
  kpis.insert(kpis.end(), traffic_kpis.begin(), traffic_kpis.end());
  const auto access = svc::accessibility(
      world.network, world.zones, world.zone_links, world.facilities, demand.population,
      {"puskesmas", "hospital", "civil_registry", "school_primary", "market"},
      scenario::closed_in_working_day(world));
  const auto service_kpis = metrics::service_kpis(world, demand, assignment.services, access, opt);
  kpis.insert(kpis.end(), service_kpis.begin(), service_kpis.end());
  io::ResultsWriter writer(out, info);
  writer.write_world(world);
  writer.write_context(world);
  writer.write_demand(demand,
                      metrics::population_metrics(world.zones.size(), demand, opt.sample_rate));
  writer.write_traffic(
      demand, assignment,
      metrics::link_interval_metrics(assignment.last.links, world.network.length_m,
                                     world.network.capacity_pcu_h, opt.sample_rate),
      metrics::mean_speed_by_hour_kmh(assignment.last.links, world.network.length_m));
  writer.write_services(
      world, metrics::facility_metrics(assignment.services, world.service_params, opt.sample_rate),
      access);
  writer.write_present_population(metrics::present_population(
      metrics::grid_over(world.zones.geometry, 1000), demand, assignment, opt.sample_rate));
  writer.write_summary(kpis);
  writer.finish();

  fmt::print("{:<40} {:>14} {}\n", "KPI", "value", "unit");
  for (const auto& k : kpis) fmt::print("{:<40} {:>14.4g} {}\n", k.name, k.value, k.unit);
  fmt::print("results: {}\n", out);
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto* cmd =
      app.add_subcommand("run", "Run a scenario end to end and write the results file (HDF5)");
  static RunArgs a;
  cmd->add_option("SCENARIO", a.scenario, "Scenario .yaml")->required();
  cmd->add_option("-o,--output", a.output, "Results file (default: <scenario name>.h5)");
  cmd->add_option("--seed", a.seed, "Random seed (default: the scenario's demand.seed)");
  cmd->add_option("--sample", a.sample, "Share of households to simulate, (0, 1]")
      ->check(CLI::Range(1e-6, 1.0));
  cmd->add_option("--threads", a.threads, "OpenMP threads (default: all cores)");
  cmd->add_option("--run-id", a.run_id, "Id recorded in the results file (set by ogan sweep)");
  cmd->add_option("--set", a.sets, "Override a scenario value: key.path=value (repeatable)");
  cmd->add_option("--iterations", a.iterations,
                  "Routing + traffic iterations (default: the scenario's)")
      ->check(CLI::Range(1, 100));
  cmd->callback([&action] { action = [] { run(a); }; });
}

}  // namespace ogan::app
