#pragma once

#include <string>

namespace viz {

struct SweepChartOptions {
  std::string index;  // DIR/index.h5 of ogan sweep
  std::string kpi;
  std::string x;  // the axis along x (default: the sweep's first axis)
  std::string paper = "A4";
  bool landscape = true;
  double dpi = 150;
  std::string output;
  std::string csv;  // optional: the plotted numbers
};

// A KPI across a sweep: mean over seeds (line and markers) with the min-max spread (whiskers)
// against one axis, a line per scenario and combination of the other axes. Failed and pending runs
// are left out and counted in the subtitle. InputError for an unknown KPI or axis (close matches),
// a file that is not a sweep index, or a sweep without a complete run.
void render_sweep_chart(const SweepChartOptions& options);

}  // namespace viz
