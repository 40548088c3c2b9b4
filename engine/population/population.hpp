#pragma once

#include <cstdint>
#include <vector>

#include "engine/population/assumptions.hpp"

namespace ogan::pop {

enum class Role : std::uint8_t {
  Child,       // below school age, or a school-age child not enrolled
  StudentSD,   // primary, 7-12
  StudentSMP,  // junior secondary, 13-15
  StudentSMA,  // senior secondary incl. SMK, 16-18
  StudentUni,  // university, 19-23
  Worker,
  Unemployed,
  Homemaker,
  Retired,
};
inline constexpr int kRoles = 9;
const char* role_name(Role r);

// Households and persons in struct-of-arrays. Person ids are dense and grouped by household:
// household h owns persons first_person[h] .. first_person[h] + size[h] - 1.
struct Population {
  // Households.
  std::vector<std::int32_t> hh_zone;
  std::vector<std::int32_t> hh_first_person;
  std::vector<std::uint8_t> hh_size;
  std::vector<std::uint8_t> hh_motorcycles;
  std::vector<std::uint8_t> hh_cars;
  std::vector<double> hh_x;  // home, on the network (see placement)
  std::vector<double> hh_y;
  std::vector<std::int32_t> hh_link;  // the link the home is on, -1 if not placed

  // Persons.
  std::vector<std::int32_t> household;
  std::vector<std::uint8_t> female;  // 0 male, 1 female
  std::vector<std::uint8_t> age;     // years
  std::vector<Role> role;
  std::vector<Sector> sector;  // None unless a worker
  std::vector<std::uint8_t> licence;
  std::vector<std::uint8_t> motorcycle_access;  // a licence and a household motorcycle to ride

  std::size_t num_households() const { return hh_zone.size(); }
  std::size_t num_persons() const { return household.size(); }
  std::int32_t zone_of(std::size_t person) const { return hh_zone[household[person]]; }
};

}  // namespace ogan::pop
