#include <fmt/format.h>
#include <hdf5_hl.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/io/results.hpp"
#include "engine/io/results_geometry.hpp"
#include "engine/network/road_defaults.hpp"
#include "ogan/version.hpp"

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
  file_ = H5Id(H5Fcreate(tmp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  if (!file_.valid()) throw InputError(fmt::format("file '{}': cannot create the results file", tmp_));
  const hid_t f = file_.get();
  H5Id root(H5Gopen2(f, "/", H5P_DEFAULT));
  set_attr(root.get(), "filetype", kFileType);
  set_attr(root.get(), "format_version", std::vector<std::int32_t>(kFormatVersion.begin(), kFormatVersion.end()));
  set_attr(root.get(), "ogan_version", kVersion);
  set_attr(root.get(), "git_sha", kGitSha);
  set_attr(root.get(), "created_utc", utc_now());
  set_attr(root.get(), "scenario_name", info.scenario_name);
  set_attr(root.get(), "seed", static_cast<std::int64_t>(info.seed));
  set_attr(root.get(), "threads", static_cast<std::int64_t>(info.threads));
  set_attr(root.get(), "sample_rate", info.sample_rate);
  set_attr(root.get(), "crs", info.crs_wkt);
  if (!info.run_id.empty()) set_attr(root.get(), "run_id", info.run_id);

  write_strings(f, "scenario/yaml", {info.scenario_yaml}, "the resolved scenario, as YAML");
  write_strings(f, "scenario/policies", info.policies, "interventions applied, one per entry");
  std::vector<std::string> hashes;
  for (const auto& p : info.inputs) hashes.push_back(sha256_file(p));
  write_strings(f, "scenario/inputs/path", info.inputs, "input files");
  write_strings(f, "scenario/inputs/sha256", hashes, "SHA-256 of each input file");

  const auto intervals = static_cast<std::size_t>(86400 / info.interval_s);
  write_vector(f, "time/interval_start_s",
               map_vec<std::int32_t>(intervals, [&](std::size_t i) { return static_cast<std::int32_t>(static_cast<double>(i) * info.interval_s); }),
               "s", "start of each statistics interval, seconds after midnight of the simulated day");
  H5Id ts(H5Dopen2(f, "/time/interval_start_s", H5P_DEFAULT));
  H5DSset_scale(ts.get(), "time");
  set_attr(ts.get(), "interval_s", info.interval_s);
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
  write_vector(f, "network/nodes/x", n.node_x, "m", "node easting in the run's CRS");
  write_vector(f, "network/nodes/y", n.node_y, "m", "node northing in the run's CRS");
  write_vector(f, "network/links/from_node", n.from, "1", "index of the link's start node");
  write_vector(f, "network/links/to_node", n.to, "1", "index of the link's end node");
  write_vector(f, "network/links/length_m", n.length_m, "m", "link length");
  write_vector(f, "network/links/lanes", n.lanes, "1", "lanes in the link's direction");
  write_vector(f, "network/links/capacity_pcu_h", n.capacity_pcu_h, "pcu/h", "flow capacity (PKJI 2014), in the link's direction");
  write_vector(f, "network/links/free_speed_mps", n.free_speed_mps, "m/s", "free-flow speed");
  write_vector(f, "network/links/storage_pcu", n.storage_pcu, "pcu", "storage capacity");
  write_vector(f, "network/links/road_class", n.road_class, "1", "road class index into the attribute 'classes'");
  {
    H5Id ds(H5Dopen2(f, "/network/links/road_class", H5P_DEFAULT));
    std::string classes;
    for (const auto& c : net::road_classes()) classes += std::string(classes.empty() ? "" : ",") + std::string(c.name);
    set_attr(ds.get(), "classes", classes);
  }
  write_vector(f, "network/links/oneway", n.oneway, "1", "1 if the road is one-way");
  write_vector(f, "network/links/bridge", n.bridge, "1", "1 if the link is a bridge");
  write_strings(f, "network/links/name",
                map_vec<std::string>(n.num_links(), [&](std::size_t l) { return n.link_name(static_cast<net::LinkId>(l)); }),
                "road name, empty if unnamed");
  write_vector(f, "network/links/geometry_offset", n.geom_offset, "1",
               "link l's vertices are geometry_x/y[offset[l]:offset[l+1]]");
  write_vector(f, "network/links/geometry_x", n.geom_x, "m", "link vertex eastings, in travel direction");
  write_vector(f, "network/links/geometry_y", n.geom_y, "m", "link vertex northings, in travel direction");

  const auto& z = w.zones;
  write_strings(f, "zones/code", z.id, "zone code (Kemendagri)");
  write_strings(f, "zones/name", z.name, "zone name");
  write_strings(f, "zones/parent", z.parent, "code of the zone's control unit (kecamatan)");
  write_strings(f, "zones/level", z.level, "desa or kelurahan");
  write_vector(f, "zones/area_km2", z.area_km2, "km2", "zone area in the run's CRS");
  write_vector(f, "zones/urban", w.urban, "1", "1 if the zone counts as urban");
  write_polygons(f, "zones", z.geometry);
  const auto [lx, ly] = label_points(z.geometry);
  write_vector(f, "zones/label_x", lx, "m", "label point inside the zone polygon");
  write_vector(f, "zones/label_y", ly, "m", "label point inside the zone polygon");

  const auto& fac = w.facilities;
  write_strings(f, "facilities/name", fac.name, "facility name");
  write_strings(f, "facilities/type", fac.type, "facility type");
  write_vector(f, "facilities/x", fac.x, "m", "easting");
  write_vector(f, "facilities/y", fac.y, "m", "northing");
  write_vector(f, "facilities/zone", fac.zone, "1", "index of the zone containing the facility, -1 if none");
  write_vector(f, "facilities/capacity", fac.capacity, "1", "seats, stalls or jobs; 0 if unknown");
  write_vector(f, "facilities/servers", std::vector<std::int32_t>(fac.size(), 0), "1",
               "servers (counters, doctors, desks); 0 until the service model sets them");
}

void ResultsWriter::write_demand(const scenario::World& w, const scenario::Demand& d) {
  const hid_t f = file_.get();
  const auto& p = d.population;
  const auto nz = w.zones.size();
  std::vector<std::int64_t> persons(nz, 0), households(nz, 0);
  for (std::size_t h = 0; h < p.num_households(); ++h) {
    households[p.hh_zone[h]] += 1;
    persons[p.hh_zone[h]] += p.hh_size[h];
  }
  write_vector(f, "zones/population", persons, "persons", "synthesised residents");
  write_vector(f, "population/zones/persons", persons, "persons", "synthesised residents per zone");
  write_vector(f, "population/zones/households", households, "households", "synthesised households per zone");
  write_vector(f, "population/households/zone", p.hh_zone, "1", "zone index");
  write_vector(f, "population/households/size", p.hh_size, "persons", "household size");
  write_vector(f, "population/households/motorcycles", p.hh_motorcycles, "1", "motorcycles owned (3 = 3 or more)");
  write_vector(f, "population/households/cars", p.hh_cars, "1", "cars owned");
  write_vector(f, "population/households/x", p.hh_x, "m", "home easting (on the network)");
  write_vector(f, "population/households/y", p.hh_y, "m", "home northing (on the network)");
  write_vector(f, "population/households/sampled", d.plans.sampled, "1", "1 if simulated at this sample rate");

  std::vector<std::int32_t> zone(p.num_persons());
  std::vector<std::uint8_t> band(p.num_persons()), role(p.num_persons()), sector(p.num_persons());
  std::vector<std::int8_t> first_mode(p.num_persons(), -1);
  for (std::size_t i = 0; i < p.num_persons(); ++i) {
    zone[i] = p.zone_of(i);
    band[i] = static_cast<std::uint8_t>(std::min(p.age[i] / 5, pop::kAgeBands - 1));
    role[i] = static_cast<std::uint8_t>(p.role[i]);
    sector[i] = static_cast<std::uint8_t>(p.sector[i]);
  }
  const auto& t = d.plans.trips;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t.seq[k] == 0) first_mode[t.person[k]] = static_cast<std::int8_t>(t.mode[k]);
  }
  auto labels = [&](const std::string& path, const std::string& names) {
    H5Id ds(H5Dopen2(f, path.c_str(), H5P_DEFAULT));
    set_attr(ds.get(), "labels", names);
  };
  std::string role_names, mode_names, purpose_names, sector_names;
  for (int r = 0; r < pop::kRoles; ++r) role_names += std::string(r ? "," : "") + pop::role_name(static_cast<pop::Role>(r));
  for (int m = 0; m < pop::kModes; ++m) mode_names += std::string(m ? "," : "") + std::string(pop::mode_info(static_cast<pop::Mode>(m)).name);
  for (int a = 0; a < pop::kActivities; ++a) purpose_names += std::string(a ? "," : "") + std::string(pop::activity_name(static_cast<pop::Activity>(a)));
  for (int s = 0; s < pop::kSectors; ++s) sector_names += std::string(s ? "," : "") + pop::sector_name(static_cast<pop::Sector>(s));
  write_vector(f, "population/persons/household", p.household, "1", "household index");
  write_vector(f, "population/persons/zone", zone, "1", "home zone index");
  write_vector(f, "population/persons/female", p.female, "1", "1 female, 0 male");
  write_vector(f, "population/persons/age", p.age, "years", "age");
  write_vector(f, "population/persons/age_band", band, "1", "5-year age band: 0 = 0-4, ..., 15 = 75+");
  write_vector(f, "population/persons/role", role, "1", "role, index into the attribute 'labels'");
  labels("/population/persons/role", role_names);
  write_vector(f, "population/persons/sector", sector, "1", "sector of a worker, index into 'labels'");
  labels("/population/persons/sector", sector_names);
  write_vector(f, "population/persons/motorcycle_access", p.motorcycle_access, "1", "1 if the person can ride a household motorcycle");
  write_vector(f, "population/persons/first_trip_mode", first_mode, "1", "mode of the day's first trip, index into 'labels'; -1 no trip");
  labels("/population/persons/first_trip_mode", mode_names);

  // Plan summary: trips by purpose x mode x departure hour, scaled to the full population.
  std::vector<double> summary(static_cast<std::size_t>(pop::kActivities * pop::kModes * 24), 0.0);
  const double scale = 1.0 / info_.sample_rate;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const int hour = std::clamp(static_cast<int>(t.depart_s[k] / 3600), 0, 23);
    summary[(static_cast<std::size_t>(t.purpose[k]) * pop::kModes + static_cast<std::size_t>(t.mode[k])) * 24 + hour] += scale;
  }
  write_array(f, "population/plans/trips_by_purpose_mode_hour", summary,
              {pop::kActivities, pop::kModes, 24}, "trips",
              "planned trips by purpose at destination, mode and departure hour, scaled by 1/sample_rate");
  {
    H5Id ds(H5Dopen2(f, "/population/plans/trips_by_purpose_mode_hour", H5P_DEFAULT));
    set_attr(ds.get(), "purposes", purpose_names);
    set_attr(ds.get(), "modes", mode_names);
  }
  write_vector(f, "population/plans/trip_person", t.person, "1", "person of each planned trip");
  write_vector(f, "population/plans/trip_depart_s", t.depart_s, "s", "planned departure");
  write_vector(f, "population/plans/trip_distance_m", t.distance_m, "m", "network distance");
  std::vector<std::uint8_t> tm(t.size()), tp(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    tm[k] = static_cast<std::uint8_t>(t.mode[k]);
    tp[k] = static_cast<std::uint8_t>(t.purpose[k]);
  }
  write_vector(f, "population/plans/trip_mode", tm, "1", "mode, index into 'labels'");
  labels("/population/plans/trip_mode", mode_names);
  write_vector(f, "population/plans/trip_purpose", tp, "1", "purpose at destination, index into 'labels'");
  labels("/population/plans/trip_purpose", purpose_names);
}

void ResultsWriter::write_summary(const std::vector<Kpi>& kpis) {
  std::vector<std::string> names, units;
  std::vector<double> values;
  for (const auto& k : kpis) {
    names.push_back(k.name);
    values.push_back(k.value);
    units.push_back(k.unit);
  }
  write_strings(file_.get(), "summary/kpi_name", names, "KPI name");
  write_vector(file_.get(), "summary/kpi_value", values, "see kpi_unit", "KPI value");
  write_strings(file_.get(), "summary/kpi_unit", units, "unit of each KPI");
}

void ResultsWriter::finish() {
  if (info_.started_s >= 0) {
    const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    H5Id root(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
    set_attr(root.get(), "wall_time_s", now - info_.started_s);
  }
  H5Fflush(file_.get(), H5F_SCOPE_GLOBAL);
  file_.reset();
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) throw InputError(fmt::format("file '{}': cannot move the results into place: {}", path_, ec.message()));
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
