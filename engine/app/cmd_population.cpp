#include <fmt/format.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include <array>
#include <map>

#include "engine/app/commands.hpp"
#include "engine/population/population_writer.hpp"
#include "engine/run/pipeline.hpp"

namespace ogan::app {

namespace {

struct SynthArgs {
  std::string scenario;
  std::string output;
  std::int64_t seed = -1;
  double sample = -1;
  int threads = 0;
};

void print_summary(const scenario::World& w, const scenario::Demand& d) {
  const auto& p = d.population;
  const auto& plans = d.plans;
  fmt::print("population: {} persons in {} households (mean size {:.2f})\n", p.num_persons(),
             p.num_households(),
             static_cast<double>(p.num_persons()) / static_cast<double>(p.num_households()));
  std::array<std::int64_t, pop::kRoles> roles{};
  for (auto r : p.role) ++roles[static_cast<int>(r)];
  fmt::print("roles:");
  for (int r = 0; r < pop::kRoles; ++r)
    fmt::print(" {} {}", pop::role_name(static_cast<pop::Role>(r)), roles[r]);
  fmt::print("\n");
  double moto = 0;
  for (auto m : p.hh_motorcycles) moto += m;
  fmt::print("vehicles: {:.2f} motorcycles per household\n",
             moto / static_cast<double>(p.num_households()));
  // Density: kelurahan against desa.
  double kel_pop = 0, kel_area = 0, desa_pop = 0, desa_area = 0;
  for (std::size_t z = 0; z < w.zones.size(); ++z) {
    const double n = static_cast<double>(d.zone_totals.male[z] + d.zone_totals.female[z]);
    (w.zones.level[z] == "kelurahan" ? kel_pop : desa_pop) += n;
    (w.zones.level[z] == "kelurahan" ? kel_area : desa_area) += w.zones.area_km2[z];
  }
  fmt::print("density: kelurahan {:.0f} /km2, desa {:.0f} /km2\n", kel_pop / kel_area,
             desa_pop / desa_area);
  const auto& t = plans.trips;
  std::array<std::int64_t, pop::kModes> modes{};
  std::array<std::int64_t, pop::kActivities> purposes{};
  std::array<std::int64_t, 24> hours{};
  for (std::size_t k = 0; k < t.size(); ++k) {
    ++modes[static_cast<int>(t.mode[k])];
    ++purposes[static_cast<int>(t.purpose[k])];
    ++hours[std::clamp(static_cast<int>(t.depart_s[k] / 3600), 0, 23)];
  }
  fmt::print("trips: {} by {} sampled persons (sample rate {})\n", t.size(),
             plans.report.persons_sampled,
             d.plans.sampled.empty() ? 1.0
                                     : static_cast<double>(plans.report.households_sampled) /
                                           static_cast<double>(p.num_households()));
  fmt::print("modes:");
  for (int m = 0; m < pop::kModes; ++m) {
    fmt::print(" {} {:.1f}%", pop::mode_info(static_cast<pop::Mode>(m)).name,
               100.0 * static_cast<double>(modes[m]) /
                   static_cast<double>(std::max<std::size_t>(1, t.size())));
  }
  fmt::print("\npurposes:");
  for (int a = 0; a < pop::kActivities; ++a)
    fmt::print(" {} {}", pop::activity_name(static_cast<pop::Activity>(a)), purposes[a]);
  fmt::print("\ndepartures by hour:");
  for (int h = 4; h < 20; ++h) fmt::print(" {:02d}h {}", h, hours[h]);
  fmt::print(
      "\nservices: civil registry {} in person, {} online; escorted children {}; school overflow "
      "{}\n",
      plans.report.civil_registry_in_person, plans.report.civil_registry_online,
      plans.report.escorted_children, plans.report.school_overflow);
}

void run_synth(const SynthArgs& a) {
  if (a.threads > 0) omp_set_num_threads(a.threads);
  run::RunOptions o;
  o.scenario = a.scenario;
  if (a.seed >= 0) o.seed = static_cast<std::uint64_t>(a.seed);
  if (a.sample > 0) o.sample = a.sample;
  const run::Run r(run::configure(o));
  const auto& world = r.world();
  const auto& demand = r.demand();
  print_summary(world, demand);
  if (!a.output.empty()) {
    pop::write_population_gpkg(a.output, world.network.crs_wkt, demand.population, demand.plans,
                               world.zones, world.facilities);
    fmt::print("written: {} (layers households, persons, trips)\n", a.output);
  }
}

}  // namespace

void add_population_commands(CLI::App& app, Action& action) {
  auto* pop = app.add_subcommand("population", "Synthesise the population and its daily plans");
  pop->require_subcommand(1);
  auto* synth = pop->add_subcommand(
      "synth", "Households, persons and the day's trips for a scenario; prints a summary");
  static SynthArgs a;
  synth->add_option("SCENARIO", a.scenario, "Scenario .yaml")->required();
  synth
      ->add_option("-o,--output", a.output,
                   "Write households, persons and trips to this GeoPackage")
      ->check(kOutputFileCheck);
  synth->add_option("--seed", a.seed, "Random seed (default: the scenario's demand.seed)")
      ->check(kSeedCheck);
  synth->add_option("--sample", a.sample, "Share of households to simulate, (0, 1]")
      ->check(kShareCheck);
  synth->add_option("--threads", a.threads, "OpenMP threads (default: all cores)")
      ->check(kThreadsCheck);
  synth->callback([&action] { action = [] { run_synth(a); }; });
}

}  // namespace ogan::app
