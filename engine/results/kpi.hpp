#pragma once

#include <string>

namespace ogan::results {

// One row of /summary: a KPI's name, value (scaled to the full population) and unit.
struct Kpi {
  std::string name;
  double value = 0;
  std::string unit;
};

}  // namespace ogan::results
