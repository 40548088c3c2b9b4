#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/gis/facilities.hpp"
#include "engine/gis/zones.hpp"
#include "engine/network/network.hpp"
#include "engine/population/assumptions.hpp"
#include "engine/population/facility_sites.hpp"
#include "engine/population/modes.hpp"
#include "engine/population/placement.hpp"
#include "engine/population/population.hpp"
#include "engine/population/skims.hpp"

namespace ogan::pop {

// How a visitor picks a facility of a service type.
enum class FacilityChoice : std::uint8_t {
  Nearest,    // the nearest by travel time
  Catchment,  // the nearest in the home kecamatan (puskesmas serve their kecamatan)
  Logit,      // a logit on travel time and expected waiting time
};

struct PlanOptions {
  std::uint64_t seed = 1;
  double sample_rate = 1.0;            // share of households simulated
  double civil_registry_online = 0.0;  // share of civil-registry services done online
  bool school_zonasi = true;           // assign schools by distance priority (PPDB zonasi)
  double work_from_home = 0.0;         // share of government and services workers at home
  double school_start_shift_s = 0.0;   // staggered school hours: added to SMP/SMA start times
  double civil_registry_online_capacity = 0;  // online services per day, 0 = unlimited
  FacilityChoice puskesmas_choice = FacilityChoice::Catchment;
  FacilityChoice hospital_choice = FacilityChoice::Logit;
  FacilityChoice civil_registry_choice = FacilityChoice::Nearest;
  // Expected wait (s) at facility f if it received `daily_visits` visits (full population);
  // used by the logit choice. Empty: the logit sees travel time only.
  std::function<double(std::int32_t f, double daily_visits)> expected_wait;
};

// Every trip of the simulated day in struct-of-arrays, ordered by person, then by sequence.
struct Trips {
  std::vector<std::int32_t> person;
  std::vector<std::uint8_t> seq;
  std::vector<Activity> purpose;  // the activity at the destination
  std::vector<Mode> mode;
  std::vector<std::int32_t> origin_zone, dest_zone;
  std::vector<net::LinkId> origin_link, dest_link;
  std::vector<double> origin_x, origin_y, dest_x, dest_y;
  std::vector<std::int32_t> dest_facility;  // -1 if not a facility
  std::vector<double> depart_s;             // planned departure, seconds after midnight
  std::vector<double> duration_s;           // planned time at the destination before the next trip
  std::vector<double> distance_m;           // network distance (zone skims, intrazonal estimate)
  std::vector<double> free_time_s;          // free-flow time by the trip's mode

  std::size_t size() const { return person.size(); }
};

struct PlanReport {
  std::int64_t persons_sampled = 0;
  std::int64_t households_sampled = 0;
  std::int64_t civil_registry_online = 0;  // services done online: no trip
  std::int64_t civil_registry_in_person = 0;
  std::int64_t civil_registry_online_overflow = 0;  // wanted online, came in person (capacity)
  std::int64_t puskesmas_visits = 0;
  std::int64_t hospital_visits = 0;
  std::int64_t escorted_children = 0;
  std::int64_t school_overflow = 0;  // students placed beyond every school's capacity
  std::int64_t work_from_home = 0;
};

struct Plans {
  Trips trips;
  std::vector<std::uint8_t> sampled;    // per household
  std::vector<std::int32_t> school_of;  // per person, facility id or -1
  std::vector<std::int32_t> work_zone;  // per person, -1 if not working today
  PlanReport report;
};

struct DemandWorld {
  const Population& pop;
  const gis::Zones& zones;
  const std::vector<std::uint8_t>& urban;  // per zone
  const net::Network& net;
  const ZoneLinks& zone_links;
  const Skims& skims;
  const FacilitySites& facilities;
  const Assumptions& assumptions;
};

// Activity chains, destinations, modes and departure times for every sampled person.
// Deterministic for any thread count (random streams keyed by person and household ids).
Plans make_plans(const DemandWorld& world, const PlanOptions& options);

}  // namespace ogan::pop
