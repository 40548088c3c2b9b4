#pragma once

#include <functional>
#include <string>
#include <vector>

// A bounded Levenberg-Marquardt search, polished by a compass search, for the parameters that
// minimise half the sum of squared weighted residuals, with a normal prior on each parameter
// (docs/calibration.md). The model is a batch of runs: each iteration asks for the
// finite-difference Jacobian (one run per parameter) and for the steps of three damping factors at
// once, so a batch can run in parallel. With common random numbers (every run keeps the seed) the
// finite differences measure the parameters' effects, not the noise between seeds.
namespace ogan::calib {

using Point = std::vector<double>;
using Residuals = std::vector<double>;
// Evaluates every point of a batch; the residual vectors must all have the same length.
using BatchModel = std::function<std::vector<Residuals>(const std::vector<Point>&)>;

struct Bounds {
  std::vector<double> lower, upper;  // lower < upper
  std::vector<double> prior;         // centre of the prior, and the start
  std::vector<double> prior_sd;      // 0: no prior term for that parameter
};

struct LmOptions {
  int max_evaluations = 60;
  double max_wall_s = 0;          // 0: no limit
  double tolerance = 0.002;       // stop when an iteration lowers the objective by less (relative)
  double fd_step = 0.05;          // finite-difference step, share of each parameter's range
  double max_step = 0.5;          // a step moves no parameter more than this share of its range
  double lambda = 0.01;           // initial damping
  bool polish = true;             // a compass search after the Gauss-Newton steps (optimizer.cpp)
  std::function<double()> clock;  // seconds, for max_wall_s (default: steady clock)
};

struct TraceRow {
  int iteration = 0;
  int evaluations = 0;  // evaluations so far
  double objective = 0;
  double lambda = 0;
  Point point;
};

struct LmResult {
  Point start, best;
  double start_objective = 0, objective = 0;
  int evaluations = 0, iterations = 0;
  std::string stop_reason;
  std::vector<TraceRow> trace;  // the start, then every accepted step
  // Standard errors of the parameters at the end (from J'J, in parameter units, scaled by the
  // residual variance when it exceeds 1), and their correlation matrix (row-major P x P): what
  // says whether a parameter is identifiable from these observations.
  std::vector<double> std_error;
  std::vector<double> correlation;
};

// Half the sum of squares of the model residuals and of the prior terms (x - prior) / sd.
double objective(const Residuals& model, const Point& x, const Bounds& b);

LmResult levenberg_marquardt(const BatchModel& model, const Bounds& bounds,
                             const LmOptions& options);

}  // namespace ogan::calib
