#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/calibration/objective.hpp"
#include "engine/calibration/optimizer.hpp"
#include "engine/calibration/spec.hpp"

// `ogan calibrate`: fits the parameters a scenario's `calibration:` block declares to a folder
// of observations (docs/calibration.md). Every evaluation is a run of the scenario with the
// candidate values as --set overrides and the same seed (common random numbers), compared with
// the observations; evaluations are cached in a work folder, so an interrupted calibration
// resumes where it stopped (the search is deterministic and replays from the cache).
namespace ogan::calib {

struct Options {
  std::string scenario;
  std::string observations;  // folder (docs/observations.md)
  std::string output;        // the calibrated scenario (YAML); the report and results beside it
  std::string work_dir;      // default: OUTPUT without .yaml + ".work"
  int jobs = 1;              // evaluations side by side
  int threads = 0;           // OpenMP threads per evaluation (0: cores / jobs)
  std::optional<std::uint64_t> seed;
  std::optional<double> sample;
  std::optional<int> iterations;
  std::optional<int> max_evaluations;
  bool write_results = true;  // a results file of the calibrated scenario, with /calibration
  bool verbose = true;        // a line per evaluation on stdout
};

struct ParameterResult {
  Parameter parameter;
  double fitted = 0;
  double std_error = 0;  // NaN when the observations cannot tell (singular J'J)
};

struct Summary {
  Spec spec;
  std::vector<ParameterResult> parameters;
  std::vector<double> correlation;  // P x P, row-major
  LmResult search;
  std::vector<std::string> station_ids;
  std::vector<bool> held_out;
  Fit before_fitted, before_held_out, after_fitted, after_held_out;
  double sample_rate = 1;
  int cached_evaluations = 0;  // found in the work folder (a resumed calibration)
  double wall_s = 0;
  std::string output, report, results;
};

Summary calibrate(const Options& options);

// The report (Markdown) of a calibration.
std::string report_markdown(const Summary& s, const Options& o);

}  // namespace ogan::calib
