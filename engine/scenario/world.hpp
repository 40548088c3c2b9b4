#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/gis/zones.hpp"
#include "engine/network/network_config.hpp"
#include "engine/population/controls.hpp"
#include "engine/population/plans.hpp"
#include "engine/scenario/day_events.hpp"
#include "engine/scenario/policies.hpp"
#include "engine/scenario/scenario_file.hpp"
#include "engine/scenario/services_config.hpp"
#include "engine/scenario/transit_config.hpp"
#include "engine/traffic/assignment.hpp"

namespace ogan::scenario {

// The parts of a scenario that describe the world and the demand model: plain typed data, read
// from the scenario through the option registry (options.cpp), defaults included.
struct WorldConfig {
  std::string file;
  net::NetworkConfig network;
  gis::LayerSpec zones;
  gis::LayerSpec controls;
  gis::LayerSpec facilities;
  // Map context only (kecamatan boundaries, the river): copied into the results for the visualizer.
  std::optional<gis::LayerSpec> kecamatan;
  std::optional<gis::LayerSpec> river;
  std::vector<std::string> urban_levels = {"kelurahan"};
  std::vector<std::string> urban_parents;  // zones of these units count as urban too
  std::string assumptions;
  pop::AssumptionOverrides assumption_overrides;  // population.overrides
  pop::DisaggregationOptions disaggregation;
  std::string disaggregation_field;
  std::string density_raster;
  pop::PlanOptions plans;
  double population_factor = 1.0;
  traffic::AssignmentOptions assignment;
  ServicesConfig services;
  std::string transit_lines;             // transit.path: the lines file, empty for none
  std::optional<TransitConfig> transit;  // read from it when the scenario is loaded
  ScenarioRecord doc;
  Policies policies;
};

// Reads, validates (all problems at once) and interprets a scenario file with its overrides.
WorldConfig load_world_config(const std::string& yaml_path,
                              const std::vector<std::string>& sets = {});

// A WorldConfig holding every registry default: what a scenario that sets nothing gets.
WorldConfig registry_defaults();

// The `crs` and `network` sections of a scenario (or any YAML file), validated and read like a
// scenario's; other sections are ignored (`ogan network build`).
net::NetworkConfig load_network_config(const std::string& yaml_path);

// A layer: path (made absolute), layer, fields, assume_crs; InputError "file:line: key: ...".
gis::LayerSpec read_layer_spec(const YamlReader& r, const YAML::Node& n, const std::string& key);

// Everything loaded and built: the network, zones, controls, facilities on the network.
struct World {
  OGRSpatialReference crs;
  net::Network network;
  gis::Zones zones;
  pop::Controls controls;
  std::vector<gis::Facility> facility_list;
  pop::FacilitySites facilities;
  pop::ZoneLinks zone_links;
  std::vector<std::uint8_t> urban;
  std::unique_ptr<gis::Raster> density;
  std::vector<std::optional<svc::FacilityParams>>
      service_params;             // per facility, none for non-queues
  std::vector<Closure> closures;  // links closed by policies, with their time windows
  gis::Zones kecamatan;           // context polygons (id = code, name)
  gis::FeatureTable river;        // context lines (column "name")
  // What the timed policies (`at:`) do to the running day, by time (stable): not in the network,
  // closures or facilities above, which are the world the plans and routes are made on.
  std::vector<DayEvent> events;
  // Public transport lines routed on the network (transit.path), none without.
  std::shared_ptr<const traffic::TransitNetwork> transit;
  // The assignment's router (traffic::motor_router), when whoever shares this world between runs
  // (a sweep, a calibration) built it once for all of them; null: each run builds its own.
  std::shared_ptr<const net::AltRouter> router;
};

World load_world(const WorldConfig& cfg);

// Per link, 1 if a policy closes it at any time of the working day (07:00-16:00): the network on
// which access to services is measured (the rule that closes flooded facilities for the day).
std::vector<std::uint8_t> closed_in_working_day(const World& world);

}  // namespace ogan::scenario
