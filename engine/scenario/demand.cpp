#include "engine/scenario/demand.hpp"

#include <spdlog/spdlog.h>

#include "engine/core/error.hpp"
#include "engine/gis/feature_table.hpp"
#include "engine/services/erlang.hpp"

namespace ogan::scenario {

Demand build_demand(const World& w, const WorldConfig& cfg, const pop::PlanOptions& options) {
  Demand d;
  d.assumptions = pop::load_assumptions(cfg.assumptions, cfg.assumption_overrides);
  pop::DisaggregationOptions dis = cfg.disaggregation;
  dis.raster = w.density.get();
  if (dis.method == pop::Disaggregation::Field) {
    gis::LayerSpec spec = cfg.zones;
    spec.fields = {{"id", cfg.zones.fields.count("id") ? cfg.zones.fields.at("id") : "code"},
                   {"weight", cfg.disaggregation_field}};
    const auto t =
        gis::read_layer(spec, w.crs, {.required = {"id", "weight"}, .attributes_only = true});
    std::map<std::string, double> by_id;
    for (std::size_t i = 0; i < t.size(); ++i) {
      try {
        by_id[t.get("id", i).value_or("")] = std::stod(t.get("weight", i).value_or(""));
      } catch (const std::exception&) {
        throw_input({t.path, t.layer, t.fid[i], cfg.disaggregation_field},
                    "weight is not a number");
      }
    }
    for (const auto& id : w.zones.id) dis.field_weight.push_back(by_id[id]);
  }
  d.zone_totals = pop::disaggregate(w.controls, w.zones, dis);
  pop::ZoneInput in{d.zone_totals.male, d.zone_totals.female, w.urban};
  spdlog::info("synthesising the population");
  d.population = pop::synthesise(in, d.assumptions, options.seed, &d.synthesis_report);
  pop::place_homes(d.population, w.zone_links, w.network, options.seed, &d.placement_report);
  spdlog::info("{} persons in {} households; computing zone skims", d.population.num_persons(),
               d.population.num_households());
  d.skims = pop::compute_skims(w.network, w.zone_links.anchor,
                               pop::mode_info(pop::Mode::Motorcycle).max_speed_mps);
  spdlog::info("making daily plans");
  const pop::DemandWorld dw{d.population, w.zones, w.urban,      w.network,
                            w.zone_links, d.skims, w.facilities, d.assumptions};
  pop::PlanOptions opt = options;
  if (!opt.expected_wait) {
    // The logit choice of facilities weighs the wait an M/M/c queue would give with the load
    // the facility would have if everybody went to their nearest one.
    opt.expected_wait = [&w](std::int32_t f, double visits) {
      const auto& p = w.service_params[f];
      if (!p) return 0.0;
      const double open = p->close_s - p->open_s;
      return svc::mmc_mean_wait(p->servers, visits / open, p->service_mean_s, open / 2);
    };
  }
  d.plans = pop::make_plans(dw, opt);
  return d;
}

}  // namespace ogan::scenario
