#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/network/network.hpp"
#include "engine/results/kpi.hpp"
#include "engine/scenario/day_events.hpp"
#include "engine/services/service_system.hpp"
#include "engine/traffic/simulation.hpp"

// Observations of the real town and their comparison with a simulated day (docs/observations.md):
// what a digital twin holds beside the simulation as the day advances. The folder format is read
// by engine/run/observations_reader.hpp; the comparison is written by io as /observations.
namespace ogan::metrics {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// The classes of a count: the four network modes of traffic::LinkStats::volume_veh, in their
// order, then all of them together.
enum class VehicleClass : std::uint8_t { Motorcycle, Car, Angkot, Ojek, All };
inline constexpr int kVehicleClasses = 5;
// "motorcycle", "car", "angkot", "ojek", "all".
std::string_view vehicle_class_name(VehicleClass c);
std::optional<VehicleClass> parse_vehicle_class(std::string_view name);
// "motorcycle,car,angkot,ojek,all": the `classes` attribute of the results.
std::string vehicle_class_labels();

// Every record keeps where it was read ("counts.csv:12", "stations.gpkg:feature 3"), for messages.

// A counting station on a link (one direction of a road).
struct Station {
  std::string id;
  net::LinkId link = -1;
  double snap_distance_m = 0;  // from the station's point to the link; 0 when given by link id
  std::string how;             // "link_id" (stations.csv) or "snapped" (stations.gpkg)
  std::string source;
};

// Vehicles of a class passing a station in [from_s, to_s) (seconds after midnight).
struct LinkCount {
  std::int32_t station = -1;  // index into Observations::stations
  double from_s = 0, to_s = 0;
  VehicleClass vehicle_class = VehicleClass::All;
  double count = 0;
  std::string source;
};

// The observed mean travel time along a route (consecutive links) of the vehicles that drove it
// in [from_s, to_s).
struct RouteTravelTime {
  std::string route_id;
  std::vector<net::LinkId> links;
  double from_s = 0, to_s = 0;
  double mean_s = 0;
  std::string source;
};

// What was seen at a facility in [from_s, to_s); NaN (kMissing) for what was not recorded.
struct FacilityRecord {
  std::int32_t facility = -1;  // index into the world's facility list
  double from_s = 0, to_s = 0;
  double arrivals = kMissing;     // visitors who arrived in the interval
  double served = kMissing;       // visitors (of those arrivals) who were served
  double queue = kMissing;        // waiting at the interval's end
  double mean_wait_s = kMissing;  // mean wait of the visitors served
  std::string source;
};

struct Observations {
  std::vector<Station> stations;
  std::vector<LinkCount> counts;
  std::vector<RouteTravelTime> travel_times;
  std::vector<FacilityRecord> facilities;
  // Reported closures: CloseLinks at `at_s`, and ReopenLinks at `until` when it was given.
  std::vector<scenario::DayEvent> closures;
  std::vector<std::string> closure_source;  // per event of `closures`
  bool empty() const {
    return stations.empty() && counts.empty() && travel_times.empty() && facilities.empty() &&
           closures.empty();
  }
};

struct CountComparison {
  std::int32_t station = -1;
  double from_s = 0, to_s = 0;
  VehicleClass vehicle_class = VehicleClass::All;
  double observed = 0;
  double simulated = 0;  // vehicles, scaled to the full population
  double geh = 0;        // on hourly-equivalent flows
  std::string source;
};

struct TravelTimeComparison {
  std::string route_id;
  std::vector<net::LinkId> links;
  double from_s = 0, to_s = 0;
  double observed_s = 0;
  double simulated_s = 0;
  std::string source;
};

// Observed (NaN where not recorded) and simulated (NaN where undefined: no visitor served, no
// mean wait) side by side; counts scaled to the full population.
struct FacilityComparison {
  std::int32_t facility = -1;
  double from_s = 0, to_s = 0;
  double observed_arrivals = kMissing, simulated_arrivals = kMissing;
  double observed_served = kMissing, simulated_served = kMissing;
  double observed_queue = kMissing, simulated_queue = kMissing;
  double observed_mean_wait_s = kMissing, simulated_mean_wait_s = kMissing;
  std::string source;
};

struct ObservationComparison {
  double until_s = 0;  // records whose interval ends at or before it were compared
  std::vector<Station> stations;
  std::vector<CountComparison> counts;
  std::vector<TravelTimeComparison> travel_times;
  std::vector<FacilityComparison> facilities;
  // obs_stations_compared, obs_count_records, obs_count_share_geh_below_5, obs_count_r2,
  // obs_count_slope, obs_travel_time_mape, obs_facility_arrivals_rmse_pct,
  // obs_facility_mean_wait_rmse_pct: always all of them, NaN when there is nothing to compute
  // them on (docs/observations.md).
  std::vector<results::Kpi> summary;
};

// GEH statistic of a modelled and an observed hourly flow (veh/h):
// sqrt(2 (m - c)^2 / (m + c)); 0 when both are 0.
double geh(double modelled_veh_h, double observed_veh_h);

// Observed and simulated side by side for every record whose interval ends at or before
// `until_s` (call it as the day advances). Simulated counts sum LinkStats::volume_veh over the
// statistics intervals (of `interval_s` seconds) that the record's interval covers, scaled by
// 1 / sample_rate; travel times sum the links' mean travel times in the interval (free-flow time
// of a link no vehicle left); facilities sum (counts), take the last interval (queue) or average
// over visitors served (wait). InputError (naming the record's source) for an interval that is
// not whole statistics intervals, lies past the statistics, or a link or facility out of range.
ObservationComparison compare_observations(const Observations& obs, const net::Network& net,
                                           const traffic::LinkStats& links,
                                           const svc::ServiceStats& services, double sample_rate,
                                           double until_s, double interval_s = 900.0);

// The summary KPIs of a comparison's records (what compare_observations puts in `summary`).
std::vector<results::Kpi> observation_kpis(const ObservationComparison& c);

}  // namespace ogan::metrics
