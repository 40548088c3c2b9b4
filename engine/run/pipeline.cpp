#include "engine/run/pipeline.hpp"

#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/metrics/kpis.hpp"
#include "engine/metrics/population.hpp"
#include "engine/metrics/present_population.hpp"
#include "engine/metrics/services.hpp"
#include "engine/metrics/traffic.hpp"
#include "engine/run/observations_reader.hpp"

namespace ogan::run {

double steady_now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Setup configure(const RunOptions& o) {
  Setup s{o, scenario::load_world_config(o.scenario, o.sets), {}};
  s.plans = s.cfg.plans;
  if (o.seed) s.plans.seed = *o.seed;
  if (o.sample) {
    if (!(*o.sample > 0 && *o.sample <= 1))
      throw InputError(fmt::format("--sample: expected a share in (0, 1], got {}", *o.sample));
    s.plans.sample_rate = *o.sample;
  }
  if (o.iterations && *o.iterations < 1)
    throw InputError(fmt::format("--iterations: expected at least 1, got {}", *o.iterations));
  return s;
}

bool changes_world(const std::string& key) {
  for (const char* p : {"crs", "network.", "world.", "services.", "transit.", "policies",
                        "population.disaggregation.raster"})
    if (key.rfind(p, 0) == 0) return true;
  return false;
}

std::shared_ptr<const scenario::World> shared_world(const scenario::WorldConfig& cfg) {
  auto world = std::make_shared<scenario::World>(scenario::load_world(cfg));
  world->router = traffic::motor_router(world->network, cfg.assignment.landmarks);
  return world;
}

Run::Run(Setup setup) : setup_(std::move(setup)) {
  started_s = steady_now_s();
  spdlog::info("[1/4] loading the world");
  world_ = std::make_shared<const scenario::World>(scenario::load_world(setup_.cfg));
  build_demand();
}

Run::Run(Setup setup, std::shared_ptr<const scenario::World> world)
    : setup_(std::move(setup)), world_(std::move(world)) {
  started_s = steady_now_s();
  if (!world_) throw InternalError("Run: no world given");
  build_demand();
}

void Run::build_demand() {
  spdlog::info("[2/4] population and plans");
  demand_ =
      std::make_unique<scenario::Demand>(scenario::build_demand(*world_, setup_.cfg, setup_.plans));
  ao_ = setup_.cfg.assignment;
  if (setup_.options.iterations) ao_.iterations = *setup_.options.iterations;
  ao_.traffic.sample_rate = setup_.plans.sample_rate;
  ao_.traffic.seed = setup_.plans.seed;
  ao_.traffic.transit = world_->transit;  // public transport lines, if the scenario has them
  // The scenario's mode choice, which a calibration may change, not the default one.
  ao_.angkot_wait_s = demand_->assumptions.mode_choice.angkot_wait_min * 60;
  ao_.beta_wait_per_min = demand_->assumptions.mode_choice.beta_walk_time;
  ao_.router = world_->router;  // used when built with the scenario's landmarks
  ao_.facilities = &world_->facilities;
  ao_.service_params = world_->service_params;
  for (const auto& c : world_->closures) ao_.closures.emplace_back(c.link, c.from_s, c.to_s);
}

Run::~Run() = default;

void Run::assign() {
  if (day_) throw InternalError("Run::assign called twice");
  spdlog::info("[3/4] routing and traffic");
  assignment_ = std::make_unique<traffic::Assignment>(world_->network, demand_->plans.trips, ao_);
  assignment_->warm_up();
  day_ = std::make_unique<Day>(*world_, *assignment_, ao_.traffic);
  day_started_s_ = steady_now_s();
  // Timed policies of the scenario happen to the running day (docs/policies.md).
  for (const auto& e : world_->events) day_->schedule(e);
  if (!setup_.options.observations.empty()) observe(setup_.options.observations);
}

void Run::observe(metrics::Observations o, bool schedule_closures) {
  auto& day = this->day();
  for (std::size_t i = 0; schedule_closures && i < o.closures.size(); ++i) {
    auto e = o.closures[i];
    if (e.at_s < day.now()) {
      // Reported late: it happens now.
      e.description += fmt::format(" (reported for {})", format_hhmm(e.at_s));
      e.at_s = day.now();
    }
    day.schedule(std::move(e));
  }
  auto& mine = observations_;
  const auto base = static_cast<std::int32_t>(mine.stations.size());
  mine.stations.insert(mine.stations.end(), o.stations.begin(), o.stations.end());
  for (auto c : o.counts) {
    c.station += base;
    mine.counts.push_back(std::move(c));
  }
  mine.travel_times.insert(mine.travel_times.end(), o.travel_times.begin(), o.travel_times.end());
  mine.facilities.insert(mine.facilities.end(), o.facilities.begin(), o.facilities.end());
  mine.closures.insert(mine.closures.end(), o.closures.begin(), o.closures.end());
  mine.closure_source.insert(mine.closure_source.end(), o.closure_source.begin(),
                             o.closure_source.end());
}

void Run::observe(const std::string& folder, bool schedule_closures) {
  const auto abs = std::filesystem::absolute(folder).string();
  observe(read_observations(abs, *world_), schedule_closures);
  observation_folders_.push_back(abs);
}

metrics::ObservationComparison Run::compare_observations() const {
  const auto& to = ao_.traffic;
  if (result_) {
    return metrics::compare_observations(observations_, world_->network, result_->last.links,
                                         result_->services, to.sample_rate, 1e300, to.interval_s);
  }
  const auto& day = this->day();
  return metrics::compare_observations(observations_, world_->network, day.traffic().link_stats(),
                                       day.service_stats(), to.sample_rate, day.now(),
                                       to.interval_s);
}

void Run::resume(std::unique_ptr<traffic::Assignment> assignment, std::unique_ptr<Day> day) {
  assignment_ = std::move(assignment);
  day_ = std::move(day);
  day_started_s_ = steady_now_s();
}

Day& Run::day() {
  if (!day_ || result_) throw InternalError("Run::day: no day running (assign() first)");
  return *day_;
}
const Day& Run::day() const {
  if (!day_) throw InternalError("Run::day: no day running (assign() first)");
  return *day_;
}
const traffic::Assignment& Run::assignment() const {
  if (!assignment_) throw InternalError("Run::assignment: not assigned yet");
  return *assignment_;
}

void Run::finish_day() {
  if (assignment_->has_converged_day() && day().now() == 0 && day().pending().empty() &&
      day().applied().empty() && !setup_.options.routes) {
    // Nothing will make this day differ from the warm-up's last: that day is the result.
    result_ = std::make_unique<traffic::AssignmentResult>(assignment_->finish_converged());
    return;
  }
  double routes_s = 0;  // copying the routes out is not simulating: kept out of sim_s
  if (setup_.options.routes) {
    // Before finish(), which spends the day: a closure may have re-routed vehicles during it.
    day().advance_to(day().end() + ao_.traffic.dt_s);  // as Day::finish does
    const double t0 = steady_now_s();
    const auto& sim = day().traffic();
    final_routes_ = {};
    const auto planned = demand_->plans.trips.size();
    for (std::size_t k = 0; k < planned; ++k) {
      const auto r = sim.route(static_cast<std::int32_t>(k));
      final_routes_.links.insert(final_routes_.links.end(), r.begin(), r.end());
      final_routes_.offset.push_back(static_cast<std::uint32_t>(final_routes_.links.size()));
    }
    routes_s = steady_now_s() - t0;
  }
  auto out = day().finish();
  const double sim_s = steady_now_s() - day_started_s_ - routes_s;
  result_ = std::make_unique<traffic::AssignmentResult>(
      assignment_->finish(std::move(out.traffic), std::move(out.services), sim_s));
}

const traffic::AssignmentResult& Run::result() const {
  if (!result_) throw InternalError("Run::result: the day has not finished");
  return *result_;
}

namespace {
svc::Accessibility access_of(const scenario::World& world, const scenario::Demand& demand) {
  return svc::accessibility(world.network, world.zones, world.zone_links, world.facilities,
                            demand.population,
                            {"puskesmas", "hospital", "civil_registry", "school_primary", "market"},
                            scenario::closed_in_working_day(world));
}

std::vector<results::Kpi> all_kpis(const scenario::World& world, const scenario::Demand& demand,
                                   const traffic::AssignmentResult& a,
                                   const svc::Accessibility& access, const pop::PlanOptions& opt) {
  auto kpis = metrics::demand_kpis(world, demand, opt);
  const auto traffic_kpis = metrics::traffic_kpis(world, a, opt);
  kpis.insert(kpis.end(), traffic_kpis.begin(), traffic_kpis.end());
  const auto service_kpis = metrics::service_kpis(world, demand, a.services, access, opt);
  kpis.insert(kpis.end(), service_kpis.begin(), service_kpis.end());
  return kpis;
}
}  // namespace

std::vector<results::Kpi> Run::kpis() const {
  return all_kpis(*world_, *demand_, result(), access_of(*world_, *demand_), setup_.plans);
}

std::vector<results::Kpi> Run::write(const std::string& out) const {
  const auto& world = *world_;
  const auto& demand = *demand_;
  const auto& assignment = result();
  const auto& opt = setup_.plans;
  spdlog::info("[4/4] writing {}", out);
  io::RunInfo info;
  info.scenario_name = setup_.cfg.doc.name;
  info.scenario_yaml = setup_.cfg.doc.resolved_yaml();
  info.policies = setup_.cfg.policies.descriptions();
  info.inputs = metrics::input_files(setup_.cfg);
  info.seed = opt.seed;
  info.threads = omp_get_max_threads();
  info.sample_rate = opt.sample_rate;
  info.crs_wkt = world.network.crs_wkt;
  info.run_id = setup_.options.run_id;
  info.started_s = started_s;
  for (const auto& e : day_->applied())
    info.events.push_back(fmt::format("{} {}", format_hhmm(e.at_s), e.description));
  if (parent) {
    info.parent_state = parent->state_file;
    info.parent_sha256 = parent->sha256;
    info.parent_time_s = parent->time_s;
  }
  const auto access = access_of(world, demand);
  auto kpis = all_kpis(world, demand, assignment, access, opt);
  const bool observed = !observations_.empty();
  metrics::ObservationComparison comparison;
  if (observed) {
    comparison = compare_observations();
    kpis.insert(kpis.end(), comparison.summary.begin(), comparison.summary.end());
  }
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
  writer.write_trip_ends(world.network, assignment.trips,
                         setup_.options.routes ? final_routes_ : assignment.routes,
                         demand.plans.trips.size());
  if (setup_.options.routes) writer.write_routes(final_routes_);
  if (world.transit)
    writer.write_transit(
        metrics::transit_metrics(*world.transit, assignment.last.transit, opt.sample_rate));
  writer.write_services(
      world, metrics::facility_metrics(assignment.services, world.service_params, opt.sample_rate),
      access);
  writer.write_present_population(metrics::present_population(
      metrics::grid_over(world.zones.geometry, 1000), demand, assignment, opt.sample_rate));
  if (observed) writer.write_observations(comparison);
  writer.write_summary(kpis);
  writer.finish();
  return kpis;
}

std::vector<results::Kpi> run_to_file(const RunOptions& options, const std::string& output) {
  const double started = steady_now_s();
  Run run(configure(options));
  run.started_s = started;
  run.assign();
  run.finish_day();
  return run.write(output);
}

}  // namespace ogan::run
