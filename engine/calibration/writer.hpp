#pragma once

#include <string>

namespace ogan::calib {

struct Summary;

// Adds /calibration to a results file (docs/results-format.md): the parameters with their
// prior, fitted value and standard error, the search's trace, the fit before and after for the
// fitted and held-out stations, and which stations were held out.
void write_calibration_group(const std::string& results_file, const Summary& s);

}  // namespace ogan::calib
