#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/yaml_reader.hpp"

// The `calibration:` block of a scenario (docs/calibration.md): which parameters are fitted to
// observations, within which bounds and around which prior, and when the search stops.
namespace ogan::calib {

struct Parameter {
  std::string key;  // a --set key path: population.overrides.mode_choice.constants.motorcycle
  double min = 0, max = 0;
  double prior = 0;     // the scenario's value: where the search starts
  double prior_sd = 0;  // weight of the prior (a normal around `prior`); 0: none (uniform)
  YamlPlace at;         // where the entry was written, for messages
};

struct Spec {
  std::string scenario;  // the file that holds the block (after `extends`)
  std::vector<Parameter> parameters;
  double holdout_share = 0.2;         // of the counting stations, left out of the fit
  std::uint64_t holdout_seed = 1;     // which ones
  int max_evaluations = 60;           // budget: runs of the model
  double max_wall_min = 0;            // budget: minutes (0: none)
  double tolerance = 0.002;           // stop when an iteration lowers the objective less than this
  double fd_step = 0.05;              // finite-difference step, as a share of each range
  std::optional<double> sample_rate;  // of every evaluation (default: the scenario's)
  std::optional<int> iterations;      // of every evaluation (default: the scenario's)
};

// Reads the block from the resolved scenario (after `extends` and `--set`); InputError
// "file:line: calibration.key: what" for an unknown key, reversed bounds, a prior outside them,
// a parameter whose value is not a number or a key the scenario does not accept.
Spec load_spec(const std::string& scenario, const std::vector<std::string>& sets = {});

// "key=value" for --set, with the value written so that it reads back bit for bit.
std::string set_text(const std::string& key, double value);
std::string number_text(double value);

}  // namespace ogan::calib
