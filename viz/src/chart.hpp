#pragma once

#include <string>
#include <vector>

#include "results.hpp"

namespace viz {

struct ChartOptions {
  std::vector<std::string> inputs;
  std::string kind;               // speed_by_hour, facility_queue, trips_in_progress, kpis, kpi
  std::string facility;           // facility_queue: by name
  std::string type;               // facility_queue: summed over a type
  std::vector<std::string> kpis;  // kpi: one; kpis: the panels (default: a standard set)
  std::string paper = "A4";
  bool landscape = true;
  double dpi = 150;
  std::string output;
};

inline const std::vector<std::string> kChartKinds = {"speed_by_hour", "facility_queue",
                                                     "trips_in_progress", "kpis", "kpi"};

// InputError for an unknown kind, facility, type or KPI (with close matches) or a missing dataset,
// before any file is written.
void render_chart(const ChartOptions& options);

// Each file's name in keys, labels and file names: its scenario, or its file stem where scenarios
// repeat.
std::vector<std::string> file_labels(const std::vector<const Results*>& files);

// Names in `names` that look like `name` (edit distance or containment), closest first, at most 5.
std::vector<std::string> close_matches(const std::string& name,
                                       const std::vector<std::string>& names);

}  // namespace viz
