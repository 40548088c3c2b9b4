#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "geometry.hpp"
#include "results.hpp"

// What `ogan calibrate` leaves in a results file (/calibration, and the calibrated day's
// /observations: docs/results-format.md), and the numbers behind each calibration figure, kept
// apart from the drawing so that tests can check them against the file.
namespace viz {

struct CalibrationParameter {
  std::string key;  // the --set key path
  double min = 0, max = 1, prior = 0, prior_sd = 0, fitted = 0, std_error = 0;
};

// One count record of /observations/counts, with its station's place in the calibration.
struct CountRecord {
  std::size_t station = 0;  // row of /observations/stations
  bool held_out = false;    // the station was left out of the fit
  double from_s = 0, to_s = 0;
  int vehicle_class = 0;
  double observed = 0, simulated = 0;  // vehicles in the record's interval
  double geh = 0;                      // as the engine computed it, on hourly-equivalent flows
  double hours() const { return (to_s - from_s) / 3600.0; }
};

struct Calibration {
  std::string path;
  std::string stop_reason;
  int evaluations = 0, cached_evaluations = 0;
  double sample_rate = 1;
  std::vector<CalibrationParameter> parameters;
  // The accepted steps: evaluations done by then, objective, damping (0: a compass step) and the
  // parameters' values [step][parameter].
  std::vector<double> trace_evaluations, trace_objective, trace_lambda;
  std::vector<std::vector<double>> trace_values;
  // /observations/stations, each with /calibration/stations/held_out matched by id.
  std::vector<std::string> station_id;
  std::vector<std::int64_t> station_link;  // row of /network/links
  std::vector<bool> station_held_out;
  std::vector<CountRecord> counts;
  std::vector<std::string> class_names;  // of CountRecord::vehicle_class
};

// InputError when the file has no /calibration (it was not written by ogan calibrate), when an
// observed station is not among /calibration/stations, or datasets disagree in length;
// ogan::results::Error for a missing dataset.
Calibration read_calibration(const Results& r);
// The message for a file without /calibration.
std::string not_calibrated_message(const std::string& path);

// The statistics of one group of count records, on hourly-equivalent flows (veh/h), as the
// engine computes them for /calibration/fit: the least-squares slope of simulated on observed
// through the origin, R² as the squared correlation, and the share with GEH below 5.
struct CountFit {
  std::size_t records = 0, stations = 0;
  double slope = 0, r2 = 0, share_geh_below_5 = 0;
};

// The scatter's points: hourly-equivalent observed (x) and simulated (y) flows of every record
// of the fitted and of the held-out stations, in file order.
struct ScatterGroup {
  std::vector<double> observed, simulated;
  CountFit fit;
};
struct Scatter {
  ScatterGroup fitted, held_out;
};
Scatter scatter_data(const Calibration& c);

// GEH per count record in bins [k, k+1) for k = 0..9 and [10, ∞).
inline constexpr std::size_t kGehBins = 11;
struct GehHistogram {
  std::array<std::size_t, kGehBins> fitted{}, held_out{};
  std::size_t fitted_below_5 = 0, held_out_below_5 = 0;
  std::size_t fitted_records = 0, held_out_records = 0;
};
std::size_t geh_bin(double geh);
GehHistogram geh_histogram(const Calibration& c);

// A station on the map: the middle of its link, its side of the road, and its GEH over its
// records.
struct StationGeh {
  std::string id;
  bool held_out = false;
  std::size_t records = 0;
  double mean_geh = 0, worst_geh = 0;
  Pt at{0, 0};
  Pt side{0, 0};  // unit vector to the left of the direction of travel (Indonesia drives left)
};
std::vector<StationGeh> station_geh(const Calibration& c, const Results& r);

// The search over evaluations: the objective of each accepted step, and each parameter as a
// share of its [min, max] range (0 at min, 1 at max). The last point repeats the last step at
// the total of evaluations, since later evaluations found nothing better.
struct Trace {
  std::vector<double> evaluations, objective;
  std::size_t accepted = 0;                   // points that are accepted steps (the rest: the end)
  std::vector<bool> compass;                  // the step came from the compass search
  std::vector<std::vector<double>> position;  // [parameter][point]
};
Trace trace_data(const Calibration& c);

}  // namespace viz
