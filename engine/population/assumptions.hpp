#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

namespace ogan::pop {

inline constexpr int kAgeBands = 16;  // 0-4, 5-9, ..., 70-74, 75+

enum class Sector : std::uint8_t { None, Agriculture, Industry, Trade, Services, Government, Transport };
inline constexpr int kSectors = 7;
const char* sector_name(Sector s);

using SectorShares = std::array<double, kSectors>;  // indexed by Sector, None = 0

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
  SectorShares sectors_urban{};
  SectorShares sectors_rural{};
  std::array<double, 4> motorcycles_urban{};  // share of households with 0, 1, 2, 3+
  std::array<double, 4> motorcycles_rural{};
  double car_share_urban = 0.15, car_share_rural = 0.05;
  int licence_age_min = 17;
  double underage_riding = 0.4;  // share of 14-16 year olds who ride a household motorcycle
  double puskesmas_visits_per_year = 1.5;
  double hospital_outpatient_per_year = 0.3;
  double civil_registry_per_year = 0.3;
};

// InputError "file:line: key: what is wrong" for a missing key, a wrong type or shares that
// do not sum to 1 (within 1 %; they are renormalised).
Assumptions load_assumptions(const std::string& path);

}  // namespace ogan::pop
