#include <fmt/format.h>
#include <hdf5_hl.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/version.hpp"
#include "engine/io/results.hpp"
#include "engine/io/results_geometry.hpp"
#include "engine/network/road_defaults.hpp"
#include "engine/results/durable_file.hpp"

namespace ogan::io {

namespace {

template <typename T, typename F>
std::vector<T> map_vec(std::size_t n, F f) {
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = f(i);
  return out;
}
}  // namespace

ResultsWriter::ResultsWriter(std::string path, const RunInfo& info)
    : path_(std::move(path)), tmp_(path_ + ".tmp"), info_(info) {
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
  file_ = results::create_checked_file(tmp_);
  if (!file_.valid())
    throw InputError(fmt::format("file '{}': cannot create the results file", tmp_));
  const hid_t f = file_.get();
  H5Id root(H5Gopen2(f, "/", H5P_DEFAULT));
  set_attr(root.get(), results::attr::kFileType, results::kFileType);
  set_attr(
      root.get(), results::attr::kFormatVersion,
      std::vector<std::int32_t>(results::kFormatVersion.begin(), results::kFormatVersion.end()));
  set_attr(root.get(), results::attr::kOganVersion, kVersion);
  set_attr(root.get(), results::attr::kGitSha, kGitSha);
  set_attr(root.get(), results::attr::kCreatedUtc, utc_now());
  set_attr(root.get(), results::attr::kScenarioName, info.scenario_name);
  set_attr(root.get(), results::attr::kSeed, static_cast<std::int64_t>(info.seed));
  set_attr(root.get(), results::attr::kThreads, static_cast<std::int64_t>(info.threads));
  set_attr(root.get(), results::attr::kSampleRate, info.sample_rate);
  set_attr(root.get(), results::attr::kCrs, info.crs_wkt);
  if (!info.run_id.empty()) set_attr(root.get(), results::attr::kRunId, info.run_id);

  write_strings(f, results::path::kScenarioYaml, {info.scenario_yaml},
                "the resolved scenario, as YAML");
  write_strings(f, results::path::kScenarioPolicies, info.policies,
                "interventions applied, one per entry");
  write_strings(f, results::path::kScenarioEvents, info.events,
                "events applied to the day as it ran (timed policies, observations, ogan serve), "
                "\"HH:MM description\"");
  if (!info.parent_state.empty()) {
    // A fork: the day before parent_time_s is its parent's, continued from this state file.
    set_attr(root.get(), results::attr::kParentState, info.parent_state);
    set_attr(root.get(), results::attr::kParentSha256, info.parent_sha256);
    set_attr(root.get(), results::attr::kParentTimeS, info.parent_time_s);
  }
  std::vector<std::string> hashes;
  for (const auto& p : info.inputs) hashes.push_back(sha256_file(p));
  write_strings(f, results::path::kScenarioInputsPath, info.inputs, "input files");
  write_strings(f, results::path::kScenarioInputsSha256, hashes, "SHA-256 of each input file");

  const auto intervals = static_cast<std::size_t>(86400 / info.interval_s);
  write_vector(f, results::path::kIntervalStartS,
               map_vec<std::int32_t>(intervals,
                                     [&](std::size_t i) {
                                       return static_cast<std::int32_t>(static_cast<double>(i) *
                                                                        info.interval_s);
                                     }),
               "s",
               "start of each statistics interval, seconds after midnight of the simulated day");
  H5Id ts(H5Dopen2(f, results::path::kIntervalStartS, H5P_DEFAULT));
  H5DSset_scale(ts.get(), "time");
  set_attr(ts.get(), results::attr::kIntervalS, info.interval_s);
}

ResultsWriter::~ResultsWriter() {
  if (finished_) return;
  file_.reset();
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
}

void ResultsWriter::write_world(const scenario::World& w) {
  const hid_t f = file_.get();
  const auto& n = w.network;
  write_vector(f, results::path::kNodesX, n.node_x, "m", "node easting in the run's CRS");
  write_vector(f, results::path::kNodesY, n.node_y, "m", "node northing in the run's CRS");
  write_vector(f, results::path::kLinksFromNode, n.from, "1", "index of the link's start node");
  write_vector(f, results::path::kLinksToNode, n.to, "1", "index of the link's end node");
  write_vector(f, results::path::kLinksLengthM, n.length_m, "m", "link length");
  write_vector(f, results::path::kLinksLanes, n.lanes, "1", "lanes in the link's direction");
  write_vector(f, results::path::kLinksCapacityPcuH, n.capacity_pcu_h, "pcu/h",
               "flow capacity (PKJI 2014), in the link's direction");
  write_vector(f, results::path::kLinksFreeSpeedMps, n.free_speed_mps, "m/s", "free-flow speed");
  write_vector(f, results::path::kLinksStoragePcu, n.storage_pcu, "pcu", "storage capacity");
  write_vector(f, results::path::kLinksRoadClass, n.road_class, "1",
               "road class index into the attribute 'classes'");
  {
    H5Id ds(H5Dopen2(f, results::path::kLinksRoadClass, H5P_DEFAULT));
    std::string classes;
    for (const auto& c : net::road_classes())
      classes += std::string(classes.empty() ? "" : ",") + std::string(c.name);
    set_attr(ds.get(), results::attr::kClasses, classes);
  }
  write_vector(f, results::path::kLinksOneway, n.oneway, "1", "1 if the road is one-way");
  write_vector(f, results::path::kLinksBridge, n.bridge, "1", "1 if the link is a bridge");
  write_strings(
      f, results::path::kLinksName,
      map_vec<std::string>(n.num_links(),
                           [&](std::size_t l) { return n.link_name(static_cast<net::LinkId>(l)); }),
      "road name, empty if unnamed");
  write_vector(f, results::path::kLinksGeometryOffset, n.geom_offset, "1",
               "link l's vertices are geometry_x/y[offset[l]:offset[l+1]]");
  write_vector(f, results::path::kLinksGeometryX, n.geom_x, "m",
               "link vertex eastings, in travel direction");
  write_vector(f, results::path::kLinksGeometryY, n.geom_y, "m",
               "link vertex northings, in travel direction");

  const auto& z = w.zones;
  write_strings(f, results::path::kZonesCode, z.id, "zone code (Kemendagri)");
  write_strings(f, results::path::kZonesName, z.name, "zone name");
  write_strings(f, results::path::kZonesParent, z.parent,
                "code of the zone's control unit (kecamatan)");
  write_strings(f, results::path::kZonesLevel, z.level, "desa or kelurahan");
  write_vector(f, results::path::kZonesAreaKm2, z.area_km2, "km2", "zone area in the run's CRS");
  write_vector(f, results::path::kZonesUrban, w.urban, "1", "1 if the zone counts as urban");
  write_polygons(f, results::path::kZonesGeometry, z.geometry);
  const auto [lx, ly] = label_points(z.geometry);
  write_vector(f, results::path::kZonesLabelX, lx, "m", "label point inside the zone polygon");
  write_vector(f, results::path::kZonesLabelY, ly, "m", "label point inside the zone polygon");

  const auto& fac = w.facilities;
  write_strings(f, results::path::kFacilitiesName, fac.name, "facility name");
  write_strings(f, results::path::kFacilitiesType, fac.type, "facility type");
  write_vector(f, results::path::kFacilitiesX, fac.x, "m", "easting");
  write_vector(f, results::path::kFacilitiesY, fac.y, "m", "northing");
  write_vector(f, results::path::kFacilitiesZone, fac.zone, "1",
               "index of the zone containing the facility, -1 if none");
  write_vector(f, results::path::kFacilitiesCapacity, fac.capacity, "1",
               "seats, stalls or jobs; 0 if unknown");
  write_vector(f, results::path::kFacilitiesServers, std::vector<std::int32_t>(fac.size(), 0), "1",
               "servers (counters, doctors, desks); 0 until the service model sets them");
}

void ResultsWriter::write_demand(const scenario::Demand& d, const metrics::PopulationMetrics& pm) {
  const hid_t f = file_.get();
  const auto& p = d.population;
  write_vector(f, results::path::kZonesPopulation, pm.zone_persons, "persons",
               "synthesised residents");
  write_vector(f, results::path::kPopZonesPersons, pm.zone_persons, "persons",
               "synthesised residents per zone");
  write_vector(f, results::path::kPopZonesHouseholds, pm.zone_households, "households",
               "synthesised households per zone");
  write_vector(f, results::path::kHouseholdsZone, p.hh_zone, "1", "zone index");
  write_vector(f, results::path::kHouseholdsSize, p.hh_size, "persons", "household size");
  write_vector(f, results::path::kHouseholdsMotorcycles, p.hh_motorcycles, "1",
               "motorcycles owned (3 = 3 or more)");
  write_vector(f, results::path::kHouseholdsCars, p.hh_cars, "1", "cars owned");
  write_vector(f, results::path::kHouseholdsX, p.hh_x, "m", "home easting (on the network)");
  write_vector(f, results::path::kHouseholdsY, p.hh_y, "m", "home northing (on the network)");
  write_vector(f, results::path::kHouseholdsSampled, d.plans.sampled, "1",
               "1 if simulated at this sample rate");

  std::vector<std::uint8_t> role(p.num_persons()), sector(p.num_persons());
  for (std::size_t i = 0; i < p.num_persons(); ++i) {
    role[i] = static_cast<std::uint8_t>(p.role[i]);
    sector[i] = static_cast<std::uint8_t>(p.sector[i]);
  }
  const auto& t = d.plans.trips;
  auto labels = [&](const std::string& path, const std::string& names) {
    H5Id ds(H5Dopen2(f, path.c_str(), H5P_DEFAULT));
    set_attr(ds.get(), results::attr::kLabels, names);
  };
  std::string role_names, mode_names, purpose_names, sector_names;
  for (int r = 0; r < pop::kRoles; ++r)
    role_names += std::string(r ? "," : "") + pop::role_name(static_cast<pop::Role>(r));
  for (int m = 0; m < pop::kModes; ++m)
    mode_names +=
        std::string(m ? "," : "") + std::string(pop::mode_info(static_cast<pop::Mode>(m)).name);
  for (int a = 0; a < pop::kActivities; ++a)
    purpose_names +=
        std::string(a ? "," : "") + std::string(pop::activity_name(static_cast<pop::Activity>(a)));
  for (int s = 0; s < pop::kSectors; ++s)
    sector_names += std::string(s ? "," : "") + pop::sector_name(static_cast<pop::Sector>(s));
  write_vector(f, results::path::kPersonsHousehold, p.household, "1", "household index");
  write_vector(f, results::path::kPersonsZone, pm.person_zone, "1", "home zone index");
  write_vector(f, results::path::kPersonsFemale, p.female, "1", "1 female, 0 male");
  write_vector(f, results::path::kPersonsAge, p.age, "years", "age");
  write_vector(f, results::path::kPersonsAgeBand, pm.person_age_band, "1",
               "5-year age band: 0 = 0-4, ..., 15 = 75+");
  write_vector(f, results::path::kPersonsRole, role, "1",
               "role, index into the attribute 'labels'");
  labels(results::path::kPersonsRole, role_names);
  write_vector(f, results::path::kPersonsSector, sector, "1",
               "sector of a worker, index into 'labels'");
  labels(results::path::kPersonsSector, sector_names);
  write_vector(f, results::path::kPersonsMotorcycleAccess, p.motorcycle_access, "1",
               "1 if the person can ride a household motorcycle");
  write_vector(f, results::path::kPersonsFirstTripMode, pm.person_first_trip_mode, "1",
               "mode of the day's first trip, index into 'labels'; -1 no trip");
  labels(results::path::kPersonsFirstTripMode, mode_names);

  // Plan summary: trips by purpose x mode x departure hour, scaled to the full population.
  write_array(
      f, results::path::kPlansTripsByPurposeModeHour, pm.trips_by_purpose_mode_hour,
      {pop::kActivities, pop::kModes, 24}, "trips",
      "planned trips by purpose at destination, mode and departure hour, scaled by 1/sample_rate");
  {
    H5Id ds(H5Dopen2(f, results::path::kPlansTripsByPurposeModeHour, H5P_DEFAULT));
    set_attr(ds.get(), results::attr::kPurposes, purpose_names);
    set_attr(ds.get(), results::attr::kModes, mode_names);
  }
  write_vector(f, results::path::kPlansTripPerson, t.person, "1", "person of each planned trip");
  write_vector(f, results::path::kPlansTripDepartS, t.depart_s, "s", "planned departure");
  write_vector(f, results::path::kPlansTripDistanceM, t.distance_m, "m", "network distance");
  std::vector<std::uint8_t> tm(t.size()), tp(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    tm[k] = static_cast<std::uint8_t>(t.mode[k]);
    tp[k] = static_cast<std::uint8_t>(t.purpose[k]);
  }
  write_vector(f, results::path::kPlansTripMode, tm, "1", "mode, index into 'labels'");
  labels(results::path::kPlansTripMode, mode_names);
  write_vector(f, results::path::kPlansTripPurpose, tp, "1",
               "purpose at destination, index into 'labels'");
  labels(results::path::kPlansTripPurpose, purpose_names);
}

void ResultsWriter::write_summary(const std::vector<results::Kpi>& kpis) {
  std::vector<std::string> names, units;
  std::vector<double> values;
  for (const auto& k : kpis) {
    names.push_back(k.name);
    values.push_back(k.value);
    units.push_back(k.unit);
  }
  write_strings(file_.get(), results::path::kKpiName, names, "KPI name");
  write_vector(file_.get(), results::path::kKpiValue, values, "see kpi_unit", "KPI value");
  write_strings(file_.get(), results::path::kKpiUnit, units, "unit of each KPI");
}

void ResultsWriter::finish() {
  if (info_.started_s >= 0) {
    const double now =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    H5Id root(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
    set_attr(root.get(), results::attr::kWallTimeS, now - info_.started_s);
  }
  H5Fflush(file_.get(), H5F_SCOPE_GLOBAL);
  file_.reset();
  const auto ec = files::durable_rename(tmp_, path_);
  if (ec)
    throw InputError(
        fmt::format("file '{}': cannot move the results into place: {}", path_, ec.message()));
  finished_ = true;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace ogan::io
