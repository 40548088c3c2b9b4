#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/h5.hpp"
#include "engine/metrics/observations.hpp"
#include "engine/metrics/population.hpp"
#include "engine/metrics/present_population.hpp"
#include "engine/metrics/services.hpp"
#include "engine/metrics/traffic.hpp"
#include "engine/metrics/transit.hpp"
#include "engine/results/kpi.hpp"
#include "engine/results/names.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/scenario/world.hpp"
#include "engine/services/accessibility.hpp"
#include "engine/traffic/assignment.hpp"

namespace ogan::io {

struct RunInfo {
  std::string scenario_name;
  std::string scenario_yaml;          // the resolved scenario
  std::vector<std::string> policies;  // one line per intervention applied
  std::vector<std::string> inputs;    // every input file (hashed into /scenario/inputs)
  std::uint64_t seed = 0;
  int threads = 1;
  double sample_rate = 1.0;
  std::string crs_wkt;
  double interval_s = 900;  // statistics interval
  std::string run_id;       // a sweep's id for the run ("" outside sweeps)
  // Events applied to the day as it ran ("HH:MM description"), and for a fork its parent state.
  std::vector<std::string> events;
  std::string parent_state, parent_sha256;
  double parent_time_s = -1;
  double started_s = -1;  // steady-clock seconds when the run began; finish() records the wall time
};

// ISO 8601 UTC time of now ("2026-11-28T03:04:05Z").
std::string utc_now();

// Writes one results file (format spec: docs/results-format.md, names: engine/results/names.hpp)
// under `path + ".tmp"`, renamed to `path` by finish(). A writer destroyed without finish() removes
// its temporary file, so a failed or killed run never leaves a file that looks complete.
// It writes what it is given: derived outputs come computed from engine/metrics.
class ResultsWriter {
 public:
  ResultsWriter(std::string path, const RunInfo& info);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  void write_world(const scenario::World& world);
  // /context (format 1.1): kecamatan polygons and names, river lines; only what the scenario has.
  void write_context(const scenario::World& world);
  void write_demand(const scenario::Demand& demand, const metrics::PopulationMetrics& population);
  void write_traffic(const scenario::Demand& demand, const traffic::AssignmentResult& assignment,
                     const metrics::LinkIntervalMetrics& links,
                     const std::vector<double>& mean_speed_by_hour_kmh);
  // /traffic/trips origin and destination links and positions (format 1.3): where each of the
  // planned trips starts and ends on the network, so other tools can replay them.
  // The ends are those of the trip's route when it has one (the street's direction is chosen).
  void write_trip_ends(const net::Network& network, const traffic::TripTable& trips,
                       const traffic::Routes& routes, std::size_t planned_trips);
  // /traffic/routes (format 1.3, on request): every planned trip's route of the last day as CSR.
  void write_routes(const traffic::Routes& routes);
  // /transit (format 1.3, with public transport lines): lines, stops, boardings, loads, waits.
  void write_transit(const metrics::TransitMetrics& transit);
  void write_services(const scenario::World& world, const metrics::FacilityMetrics& facilities,
                      const svc::Accessibility& access);
  // /grids: where people are per interval on a regular grid (CF conventions, GDAL-readable).
  void write_present_population(const metrics::PresentPopulation& present);
  void write_summary(const std::vector<results::Kpi>& kpis);
  // /observations: observed and simulated side by side, and their KPIs (docs/observations.md).
  void write_observations(const metrics::ObservationComparison& comparison);
  hid_t file() const { return file_.get(); }
  void finish();

 private:
  static void write_runs(hid_t f, const metrics::TransitMetrics& m);
  std::string path_;
  std::string tmp_;
  RunInfo info_;
  H5Id file_;
  bool finished_ = false;
};

}  // namespace ogan::io
