#pragma once

// Every name in an ogan results file (docs/results-format.md) and in a sweep's index
// (docs/sweeps.md): file types, format versions, attributes, groups and datasets. The engine's
// writer, `ogan compare`, the sweep index and ogan-viz all spell them from here, so that a name
// cannot differ between the writer and a reader.

#include <array>
#include <cstdint>
#include <string>

namespace ogan::results {

inline constexpr const char* kFileType = "ogan-results";
inline constexpr std::array<std::int32_t, 2> kFormatVersion = {1, 1};
inline constexpr const char* kSweepIndexFileType = "ogan-sweep-index";
inline constexpr std::array<std::int32_t, 2> kSweepIndexFormatVersion = {1, 0};

// Attributes of the root group, of groups and of datasets.
namespace attr {
inline constexpr const char* kFileType = "filetype";
inline constexpr const char* kFormatVersion = "format_version";
inline constexpr const char* kOganVersion = "ogan_version";
inline constexpr const char* kGitSha = "git_sha";
inline constexpr const char* kCreatedUtc = "created_utc";
inline constexpr const char* kScenarioName = "scenario_name";
inline constexpr const char* kSeed = "seed";
inline constexpr const char* kThreads = "threads";
inline constexpr const char* kSampleRate = "sample_rate";
inline constexpr const char* kCrs = "crs";
inline constexpr const char* kRunId = "run_id";
inline constexpr const char* kWallTimeS = "wall_time_s";
// Sweep index root.
inline constexpr const char* kSweepName = "sweep_name";
inline constexpr const char* kSweepFile = "sweep_file";
// Every dataset.
inline constexpr const char* kUnits = "units";
inline constexpr const char* kDescription = "description";
// Names of categorical codes, comma-separated in code order.
inline constexpr const char* kLabels = "labels";
inline constexpr const char* kClasses = "classes";
inline constexpr const char* kModes = "modes";
inline constexpr const char* kPurposes = "purposes";
inline constexpr const char* kTypes = "types";
// /time/interval_start_s
inline constexpr const char* kIntervalS = "interval_s";
// /grids (CF-1.8)
inline constexpr const char* kConventions = "Conventions";
inline constexpr const char* kCellSizeM = "cell_size_m";
inline constexpr const char* kGeotransform = "geotransform";
inline constexpr const char* kGridMapping = "grid_mapping";
inline constexpr const char* kLongName = "long_name";
inline constexpr const char* kStandardName = "standard_name";
inline constexpr const char* kAxis = "axis";
inline constexpr const char* kGridMappingName = "grid_mapping_name";
inline constexpr const char* kSpatialRef = "spatial_ref";
inline constexpr const char* kCrsWkt = "crs_wkt";
}  // namespace attr

// Groups and datasets, as absolute paths.
namespace path {
// /scenario
inline constexpr const char* kScenarioYaml = "/scenario/yaml";
inline constexpr const char* kScenarioPolicies = "/scenario/policies";
inline constexpr const char* kScenarioInputsPath = "/scenario/inputs/path";
inline constexpr const char* kScenarioInputsSha256 = "/scenario/inputs/sha256";

// /time
inline constexpr const char* kIntervalStartS = "/time/interval_start_s";

// /network
inline constexpr const char* kNodesX = "/network/nodes/x";
inline constexpr const char* kNodesY = "/network/nodes/y";
inline constexpr const char* kLinksFromNode = "/network/links/from_node";
inline constexpr const char* kLinksToNode = "/network/links/to_node";
inline constexpr const char* kLinksLengthM = "/network/links/length_m";
inline constexpr const char* kLinksLanes = "/network/links/lanes";
inline constexpr const char* kLinksCapacityPcuH = "/network/links/capacity_pcu_h";
inline constexpr const char* kLinksFreeSpeedMps = "/network/links/free_speed_mps";
inline constexpr const char* kLinksStoragePcu = "/network/links/storage_pcu";
inline constexpr const char* kLinksRoadClass = "/network/links/road_class";
inline constexpr const char* kLinksOneway = "/network/links/oneway";
inline constexpr const char* kLinksBridge = "/network/links/bridge";
inline constexpr const char* kLinksName = "/network/links/name";
inline constexpr const char* kLinksGeometryOffset = "/network/links/geometry_offset";
inline constexpr const char* kLinksGeometryX = "/network/links/geometry_x";
inline constexpr const char* kLinksGeometryY = "/network/links/geometry_y";

// /zones
inline constexpr const char* kZonesCode = "/zones/code";
inline constexpr const char* kZonesName = "/zones/name";
inline constexpr const char* kZonesParent = "/zones/parent";
inline constexpr const char* kZonesLevel = "/zones/level";
inline constexpr const char* kZonesAreaKm2 = "/zones/area_km2";
inline constexpr const char* kZonesUrban = "/zones/urban";
inline constexpr const char* kZonesPopulation = "/zones/population";
inline constexpr const char* kZonesLabelX = "/zones/label_x";
inline constexpr const char* kZonesLabelY = "/zones/label_y";
inline constexpr const char* kZonesGeometry =
    "/zones/geometry";  // a polygons group (see `polygons`)

// /facilities
inline constexpr const char* kFacilitiesName = "/facilities/name";
inline constexpr const char* kFacilitiesType = "/facilities/type";
inline constexpr const char* kFacilitiesX = "/facilities/x";
inline constexpr const char* kFacilitiesY = "/facilities/y";
inline constexpr const char* kFacilitiesZone = "/facilities/zone";
inline constexpr const char* kFacilitiesCapacity = "/facilities/capacity";
inline constexpr const char* kFacilitiesServers = "/facilities/servers";

// /context (format 1.1)
inline constexpr const char* kContext = "/context";
inline constexpr const char* kKecamatan = "/context/kecamatan";
inline constexpr const char* kKecamatanCode = "/context/kecamatan/code";
inline constexpr const char* kKecamatanName = "/context/kecamatan/name";
inline constexpr const char* kKecamatanLabelX = "/context/kecamatan/label_x";
inline constexpr const char* kKecamatanLabelY = "/context/kecamatan/label_y";
inline constexpr const char* kKecamatanGeometry =
    "/context/kecamatan/geometry";  // a polygons group
inline constexpr const char* kRiver = "/context/river";
inline constexpr const char* kRiverName = "/context/river/name";
inline constexpr const char* kRiverGeometryOffset = "/context/river/geometry_offset";
inline constexpr const char* kRiverX = "/context/river/x";
inline constexpr const char* kRiverY = "/context/river/y";

// /population
inline constexpr const char* kPopZonesPersons = "/population/zones/persons";
inline constexpr const char* kPopZonesHouseholds = "/population/zones/households";
inline constexpr const char* kHouseholdsZone = "/population/households/zone";
inline constexpr const char* kHouseholdsSize = "/population/households/size";
inline constexpr const char* kHouseholdsMotorcycles = "/population/households/motorcycles";
inline constexpr const char* kHouseholdsCars = "/population/households/cars";
inline constexpr const char* kHouseholdsX = "/population/households/x";
inline constexpr const char* kHouseholdsY = "/population/households/y";
inline constexpr const char* kHouseholdsSampled = "/population/households/sampled";
inline constexpr const char* kPersonsHousehold = "/population/persons/household";
inline constexpr const char* kPersonsZone = "/population/persons/zone";
inline constexpr const char* kPersonsFemale = "/population/persons/female";
inline constexpr const char* kPersonsAge = "/population/persons/age";
inline constexpr const char* kPersonsAgeBand = "/population/persons/age_band";
inline constexpr const char* kPersonsRole = "/population/persons/role";
inline constexpr const char* kPersonsSector = "/population/persons/sector";
inline constexpr const char* kPersonsMotorcycleAccess = "/population/persons/motorcycle_access";
inline constexpr const char* kPersonsFirstTripMode = "/population/persons/first_trip_mode";
inline constexpr const char* kPlansTripsByPurposeModeHour =
    "/population/plans/trips_by_purpose_mode_hour";
inline constexpr const char* kPlansTripPerson = "/population/plans/trip_person";
inline constexpr const char* kPlansTripDepartS = "/population/plans/trip_depart_s";
inline constexpr const char* kPlansTripDistanceM = "/population/plans/trip_distance_m";
inline constexpr const char* kPlansTripMode = "/population/plans/trip_mode";
inline constexpr const char* kPlansTripPurpose = "/population/plans/trip_purpose";

// /traffic: [T, L] per link and interval
inline constexpr const char* kTrafficLinks = "/traffic/links";
inline constexpr const char* kLinkVolumeVeh = "/traffic/links/volume_veh";
inline constexpr const char* kLinkVolumePcu = "/traffic/links/volume_pcu";
inline constexpr const char* kLinkMeanSpeedMps = "/traffic/links/mean_speed_mps";
inline constexpr const char* kLinkMeanTravelTimeS = "/traffic/links/mean_travel_time_s";
inline constexpr const char* kLinkQueuePcu = "/traffic/links/queue_pcu";
inline constexpr const char* kLinkVolumeCapacity = "/traffic/links/volume_capacity";
// /traffic/trips
inline constexpr const char* kTripsPerson = "/traffic/trips/person";
inline constexpr const char* kTripsMode = "/traffic/trips/mode";
inline constexpr const char* kTripsPurpose = "/traffic/trips/purpose";
inline constexpr const char* kTripsDepartS = "/traffic/trips/depart_s";
inline constexpr const char* kTripsArrivalS = "/traffic/trips/arrival_s";
inline constexpr const char* kTripsDistanceM = "/traffic/trips/distance_m";
inline constexpr const char* kTripsPlannedDistanceM = "/traffic/trips/planned_distance_m";
inline constexpr const char* kTripsFreeTimeS = "/traffic/trips/free_time_s";
inline constexpr const char* kTripsStatus = "/traffic/trips/status";
inline constexpr const char* kTripsStuck = "/traffic/trips/stuck";
// /traffic/iterations
inline constexpr const char* kIterIteration = "/traffic/iterations/iteration";
inline constexpr const char* kIterMeanTravelTimeS = "/traffic/iterations/mean_travel_time_s";
inline constexpr const char* kIterTotalDelayH = "/traffic/iterations/total_delay_h";
inline constexpr const char* kIterRelativeGap = "/traffic/iterations/relative_gap";
inline constexpr const char* kIterVehicleKm = "/traffic/iterations/vehicle_km";
inline constexpr const char* kIterVehicleH = "/traffic/iterations/vehicle_h";
inline constexpr const char* kIterRoutingS = "/traffic/iterations/routing_s";
inline constexpr const char* kIterSimulationS = "/traffic/iterations/simulation_s";
// /traffic/network
inline constexpr const char* kNetworkMeanSpeedByHourKmh = "/traffic/network/mean_speed_by_hour_kmh";

// /services: [T, F] per facility and interval
inline constexpr const char* kFacArrivals = "/services/facilities/arrivals";
inline constexpr const char* kFacServed = "/services/facilities/served";
inline constexpr const char* kFacTurnedAway = "/services/facilities/turned_away";
inline constexpr const char* kFacQueue = "/services/facilities/queue";
inline constexpr const char* kFacMeanWaitS = "/services/facilities/mean_wait_s";
inline constexpr const char* kFacP95WaitS = "/services/facilities/p95_wait_s";
inline constexpr const char* kFacUtilisation = "/services/facilities/utilisation";
// /services/day: [F]
inline constexpr const char* kDayArrivals = "/services/day/arrivals";
inline constexpr const char* kDayServed = "/services/day/served";
inline constexpr const char* kDayTurnedAway = "/services/day/turned_away";
inline constexpr const char* kDayMeanWaitS = "/services/day/mean_wait_s";
inline constexpr const char* kDayWaitHistogram = "/services/day/wait_histogram";
// /services/accessibility: [Z, types] and [K, types]
inline constexpr const char* kAccMotorcycleTimeS = "/services/accessibility/motorcycle_time_s";
inline constexpr const char* kAccWalkTimeS = "/services/accessibility/walk_time_s";
inline constexpr const char* kAccShareWithin15min = "/services/accessibility/share_within_15min";
inline constexpr const char* kAccShareWithin30min = "/services/accessibility/share_within_30min";
inline constexpr const char* kAccWalkShareWithin30min =
    "/services/accessibility/walk_share_within_30min";
inline constexpr const char* kAccKecamatan = "/services/accessibility/kecamatan";
inline constexpr const char* kAccKecamatanShareWithin30min =
    "/services/accessibility/kecamatan_share_within_30min";
inline constexpr const char* kAccKecamatanMeanMotorcycleTimeS =
    "/services/accessibility/kecamatan_mean_motorcycle_time_s";

// /grids (CF-1.8)
inline constexpr const char* kGrids = "/grids";
inline constexpr const char* kGridsPresentPopulation = "/grids/present_population";
inline constexpr const char* kGridsX = "/grids/x";
inline constexpr const char* kGridsY = "/grids/y";
inline constexpr const char* kGridsTime = "/grids/time";
inline constexpr const char* kGridsCrs = "/grids/crs";

// /summary
inline constexpr const char* kKpiName = "/summary/kpi_name";
inline constexpr const char* kKpiValue = "/summary/kpi_value";
inline constexpr const char* kKpiUnit = "/summary/kpi_unit";

// A sweep's index.h5 (docs/sweeps.md)
inline constexpr const char* kSweepYaml = "/sweep/yaml";
inline constexpr const char* kRunsTask = "/runs/task";
inline constexpr const char* kRunsId = "/runs/id";
inline constexpr const char* kRunsScenario = "/runs/scenario";
inline constexpr const char* kRunsScenarioFile = "/runs/scenario_file";
inline constexpr const char* kRunsParameters = "/runs/parameters";
inline constexpr const char* kRunsSeed = "/runs/seed";
inline constexpr const char* kRunsStatus = "/runs/status";
inline constexpr const char* kRunsExitCode = "/runs/exit_code";
inline constexpr const char* kRunsError = "/runs/error";
inline constexpr const char* kRunsWallTimeS = "/runs/wall_time_s";
inline constexpr const char* kRunsFile = "/runs/file";
inline constexpr const char* kRunsKpiNames = "/runs/kpi_names";
inline constexpr const char* kRunsParam = "/runs/param";  // one dataset per axis: /runs/param/<key>
inline constexpr const char* kRunsKpi = "/runs/kpi";      // one dataset per KPI: /runs/kpi/<name>
inline constexpr const char* kFiles = "/files";           // external links: /files/<run id>
}  // namespace path

// Members of a polygons group (/zones/geometry, /context/kecamatan/geometry): polygon p owns
// rings ring_offset[p]..ring_offset[p+1], ring r owns vertices
// vertex_offset[r]..vertex_offset[r+1].
namespace polygons {
inline constexpr const char* kRingOffset = "ring_offset";
inline constexpr const char* kVertexOffset = "vertex_offset";
inline constexpr const char* kRingIsHole = "ring_is_hole";
inline constexpr const char* kX = "x";
inline constexpr const char* kY = "y";
}  // namespace polygons

// The [T, L] link datasets and the [T, F] facility datasets: each has /time/interval_start_s
// attached as the dimension scale of axis 0.
inline constexpr std::array<const char*, 6> kLinkIntervalDatasets = {
    path::kLinkVolumeVeh,       path::kLinkVolumePcu, path::kLinkMeanSpeedMps,
    path::kLinkMeanTravelTimeS, path::kLinkQueuePcu,  path::kLinkVolumeCapacity};
inline constexpr std::array<const char*, 7> kFacilityIntervalDatasets = {
    path::kFacArrivals,  path::kFacServed,   path::kFacTurnedAway, path::kFacQueue,
    path::kFacMeanWaitS, path::kFacP95WaitS, path::kFacUtilisation};
// The accessibility datasets, each with the attribute `types`.
inline constexpr std::array<const char*, 7> kAccessibilityDatasets = {
    path::kAccMotorcycleTimeS,
    path::kAccWalkTimeS,
    path::kAccShareWithin15min,
    path::kAccShareWithin30min,
    path::kAccWalkShareWithin30min,
    path::kAccKecamatanShareWithin30min,
    path::kAccKecamatanMeanMotorcycleTimeS};

// "/a/b" + "c" -> "/a/b/c"
inline std::string join(const std::string& group, const std::string& member) {
  return group + "/" + member;
}

}  // namespace ogan::results
