#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "engine/population/mode_choice.hpp"

namespace YAML {
class Node;
}
namespace ogan {
class YamlReader;
}

namespace ogan::pop {

inline constexpr int kAgeBands = 16;  // 0-4, 5-9, ..., 70-74, 75+

enum class Sector : std::uint8_t {
  None,
  Agriculture,
  Industry,
  Trade,
  Services,
  Government,
  Transport
};
inline constexpr int kSectors = 7;
const char* sector_name(Sector s);

using SectorShares = std::array<double, kSectors>;  // indexed by Sector, None = 0

// The behaviour of the daily-plan model, read from the same file (blocks travel_times to
// departures); every number is explained there and in docs/demand-model.md. Times of day in
// hours after midnight, durations in the unit their name says.
struct TimeWindow {
  double start_h = 0, start_sd_h = 0;   // normal around start_h
  double earliest_h = 0, latest_h = 0;  // the draw is clamped to these
  double duration_h = 0;
};

struct WorkTiming {
  double start_h = 0, start_sd_h = 0, duration_h = 0;
};

// Jobs at a facility for workers of one sector: `jobs`, or the facility's stated capacity when
// `use_capacity` and it states one; times `share`.
struct JobSite {
  std::string type;  // facility type; a trailing '*' matches every type that starts with the rest
  double jobs = 0;
  bool use_capacity = false;
  double share = 1;
};

// Where workers of one sector work: zone attraction (per_resident x residents + per_km2 x area,
// times urban_factor in urban zones), jobs at facility sites, and the gravity decay.
struct SectorDestinations {
  double beta_per_min = 0;
  double per_resident = 0, per_km2 = 0, urban_factor = 1;
  std::vector<JobSite> sites;
};

struct DayPlanAssumptions {
  // travel_times: estimates the zone skims do not give.
  double intrazonal_speed_kmh = 0;        // short trips on local streets
  double intrazonal_distance_factor = 0;  // x sqrt(zone area): mean trip within a zone
  double intrazonal_detour = 0;           // network / straight-line distance within a zone
  double unreachable_detour = 0;          // the same between zones the skims do not connect
  double interzonal_min_detour = 0;       // zone skims never shorter than this x straight line
  double interzonal_max_speed_kmh = 0;    // nor faster than this on average
  double unknown_zone_time_min = 0;       // a place outside every zone
  double unreachable_time_h = 0;          // zones the skims do not connect
  // work_timing, by sector (None unused), and the window every start is clamped to.
  std::array<WorkTiming, kSectors> work_timing{};
  double work_earliest_start_h = 0, work_latest_start_h = 0;
  double work_start_shift_min = 0;  // every sector's mean start moved by this (calibration)
  // work_destinations, by sector (None unused).
  std::array<SectorDestinations, kSectors> work_destinations{};
  double share_of_jobs_at_sites = 0;
  // service_visits: daily needs from annual rates, visit times and the logit facility choice.
  double health_days_per_year = 0;          // puskesmas and hospital opening days
  double civil_registry_days_per_year = 0;  // Disdukcapil working days
  int civil_registry_adult_age = 0;
  double civil_registry_adult_factor = 0;  // the rate applies to adults only, x this
  double service_rate_factor = 1;          // every service's daily probability x this
  TimeWindow puskesmas_visit, hospital_visit, civil_registry_visit;
  double logit_travel_per_min = 0, logit_wait_per_min = 0;  // utility per minute
  // school_day
  double school_start_h = 0;
  double school_hours_sd = 0, school_hours_smp = 0, school_hours_sma = 0;
  double school_unknown_capacity_slack = 0;  // schools without capacity share demand x this
  double school_seat_growth = 0;             // all seats grow to this x demand when short
  // university and market trips: time windows and a gravity choice on (capacity + base) x
  // exp(-beta t).
  TimeWindow university;
  double university_base_capacity = 0, university_beta_per_min = 0;
  double market_homemaker = 0, market_retired = 0,
         market_unemployed = 0;     // daily probability, urban
  double market_rural_divisor = 0;  // rural probability = urban / this
  TimeWindow market;
  double market_base_stalls = 0, market_beta_per_min = 0;
  // escort
  int escort_max_children = 0;
  double escort_max_detour_min = 0;
  double escort_dropoff_before_school_min = 0;  // arrival at school before classes start
  double escort_stop_min = 0;                   // at school to drop off or pick up
  // departures
  double departure_buffer_min = 0;
  double earliest_departure_h = 0;
};

// The distributions population synthesis assumes, read from
// data/facts/population_assumptions.yaml; every block there carries its source.
struct Assumptions {
  std::array<double, kAgeBands> age_male{};
  std::array<double, kAgeBands> age_female{};
  std::vector<double> household_size;  // share of households with 1, 2, ..., 8+ persons
  double household_mean = 4.0;
  double enrol_sd = 0.99, enrol_smp = 0.9, enrol_sma = 0.7, enrol_university = 0.2;
  double participation_male = 0.8, participation_female = 0.5, unemployment = 0.04;
  int retirement_age = 60;
  double participation_after_retirement = 0.5;  // factor on participation from retirement_age
  SectorShares sectors_urban{};
  SectorShares sectors_rural{};
  std::array<double, 4> motorcycles_urban{};  // share of households with 0, 1, 2, 3+
  std::array<double, 4> motorcycles_rural{};
  double car_share_urban = 0.15, car_share_rural = 0.05;
  int licence_age_min = 17;
  // Share holding a licence from licence_age_min: below licence_older_age and from it.
  double licence_male = 0.85, licence_female = 0.65;
  double licence_male_older = 0.5, licence_female_older = 0.25;
  int licence_older_age = 60;
  double underage_riding = 0.4;  // share of 14-16 year olds who ride a household motorcycle
  int underage_riding_min_age = 14;
  double puskesmas_visits_per_year = 1.5;
  double hospital_outpatient_per_year = 0.3;
  double civil_registry_per_year = 0.3;
  DayPlanAssumptions plans;     // the behaviour of the daily-plan model (plans.cpp)
  ModeChoiceModel mode_choice;  // its coefficients, from the block mode_choice
};

// One value of the assumptions file replaced by a scenario (`population.overrides`, `--set`).
struct AssumptionOverride {
  std::string key;    // dotted path in the assumptions file: work_timing.government.start_h
  std::string value;  // the new value as YAML text: 7.75, [0.1, 0.9]
  std::string file;   // where it was set, for messages: a scenario file or "--set"
  int line = 0;
};
using AssumptionOverrides = std::vector<AssumptionOverride>;

// InputError "file:line: key: what is wrong" for a missing key, a wrong type, a value out of its
// range or shares that do not sum to 1 (within 1 %; they are renormalised). Overrides replace
// values of the file before it is read, so they pass the same checks; their errors name
// `population.overrides.<key>` where they were set, and a key the file does not have is an error.
Assumptions load_assumptions(const std::string& path, const AssumptionOverrides& overrides = {});

// The values of a scenario's `population.overrides` mapping, one per leaf (a map merges key by
// key, a list or a single value replaces), each with the file and line that set it.
AssumptionOverrides overrides_from_scenario(const YAML::Node& node, const YamlReader& scenario);

}  // namespace ogan::pop
