#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/population/assumptions.hpp"
#include "engine/population/population.hpp"

namespace ogan::pop {

struct ZoneInput {
  std::vector<std::int64_t> male;  // per zone, integer totals (from disaggregate())
  std::vector<std::int64_t> female;
  std::vector<std::uint8_t> urban;  // 1 if the zone is urban (kelurahan, or set by the scenario)
};

struct SynthesisReport {
  std::vector<double> ipf_max_error;  // per zone
  std::int64_t persons = 0;
  std::int64_t households = 0;
};

// Households and persons for every zone, deterministic for any thread count: zones are
// synthesised in parallel, each from random streams keyed by (seed, zone) and (seed, person),
// and concatenated in zone order.
Population synthesise(const ZoneInput& zones, const Assumptions& a, std::uint64_t seed,
                      SynthesisReport* report = nullptr);

}  // namespace ogan::pop
