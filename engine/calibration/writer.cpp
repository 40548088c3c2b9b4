#include "engine/calibration/writer.hpp"

#include <fmt/format.h>

#include "engine/calibration/calibrate.hpp"
#include "engine/core/error.hpp"
#include "engine/io/h5.hpp"

namespace ogan::calib {

namespace {

std::vector<std::pair<std::string, double Fit::*>> fit_fields() {
  return {{"count_records", nullptr},
          {"count_share_geh_below_5", &Fit::share_geh_below_5},
          {"count_r2", &Fit::r2},
          {"count_slope", &Fit::slope},
          {"count_rmse_pct", &Fit::rmse_pct},
          {"facility_arrivals_rmse_pct", &Fit::arrivals_rmse_pct},
          {"facility_mean_wait_rmse_pct", &Fit::mean_wait_rmse_pct},
          {"objective", &Fit::objective}};
}

double value(const Fit& f, double Fit::*m) {
  return m ? f.*m : static_cast<double>(f.counts);
}

}  // namespace

void write_calibration_group(const std::string& path, const Summary& s) {
  io::H5Id f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
  if (!f.valid())
    throw InternalError(fmt::format("file '{}': cannot reopen to add /calibration", path));
  const hid_t h = f.get();
  auto g = io::ensure_group(h, "/calibration");
  io::set_attr(g.get(), "method",
               std::string("levenberg-marquardt, finite-difference Jacobian, "
                           "common random numbers"));
  io::set_attr(g.get(), "stop_reason", s.search.stop_reason);
  io::set_attr(g.get(), "evaluations", static_cast<std::int64_t>(s.search.evaluations));
  io::set_attr(g.get(), "cached_evaluations", static_cast<std::int64_t>(s.cached_evaluations));
  io::set_attr(g.get(), "wall_time_s", s.wall_s);
  io::set_attr(g.get(), "sample_rate", s.sample_rate);

  const auto P = s.parameters.size();
  std::vector<std::string> keys;
  std::vector<double> lo, hi, prior, sd, fitted, se;
  for (const auto& p : s.parameters) {
    keys.push_back(p.parameter.key);
    lo.push_back(p.parameter.min);
    hi.push_back(p.parameter.max);
    prior.push_back(p.parameter.prior);
    sd.push_back(p.parameter.prior_sd);
    fitted.push_back(p.fitted);
    se.push_back(p.std_error);
  }
  io::write_strings(h, "/calibration/parameters/key", keys, "--set key path of each parameter");
  io::write_vector(h, "/calibration/parameters/min", lo, "", "lower bound");
  io::write_vector(h, "/calibration/parameters/max", hi, "", "upper bound");
  io::write_vector(h, "/calibration/parameters/prior", prior, "",
                   "the scenario's value: centre of the prior and start of the search");
  io::write_vector(h, "/calibration/parameters/prior_sd", sd, "",
                   "standard deviation of the prior, 0 for none");
  io::write_vector(h, "/calibration/parameters/fitted", fitted, "", "the calibrated value");
  io::write_vector(h, "/calibration/parameters/std_error", se, "",
                   "standard error at the fit (NaN: not identifiable from the observations)");
  io::write_array(h, "/calibration/parameters/correlation", s.correlation,
                  {static_cast<hsize_t>(P), static_cast<hsize_t>(P)}, "1",
                  "correlation of the parameters' estimates");

  const auto& tr = s.search.trace;
  std::vector<std::int32_t> it, ev;
  std::vector<double> obj, lam, vals;
  for (const auto& t : tr) {
    it.push_back(t.iteration);
    ev.push_back(t.evaluations);
    obj.push_back(t.objective);
    lam.push_back(t.lambda);
    vals.insert(vals.end(), t.point.begin(), t.point.end());
  }
  io::write_vector(h, "/calibration/trace/iteration", it, "1", "iteration (0: the start)");
  io::write_vector(h, "/calibration/trace/evaluations", ev, "1", "evaluations so far");
  io::write_vector(h, "/calibration/trace/objective", obj, "1",
                   "half the sum of squared weighted residuals, prior terms included");
  io::write_vector(h, "/calibration/trace/lambda", lam, "1", "Levenberg-Marquardt damping");
  io::write_array(h, "/calibration/trace/values", vals,
                  {static_cast<hsize_t>(tr.size()), static_cast<hsize_t>(P)}, "",
                  "parameter values of each accepted step, in the order of parameters/key");

  std::vector<std::string> names;
  std::vector<double> bf, bh, af, ah;
  for (const auto& [name, m] : fit_fields()) {
    names.push_back(name);
    bf.push_back(value(s.before_fitted, m));
    bh.push_back(value(s.before_held_out, m));
    af.push_back(value(s.after_fitted, m));
    ah.push_back(value(s.after_held_out, m));
  }
  io::write_strings(h, "/calibration/fit/name", names, "fit statistic");
  io::write_vector(h, "/calibration/fit/before_fitted", bf, "", "at the start, fitted records");
  io::write_vector(h, "/calibration/fit/before_held_out", bh, "",
                   "at the start, held-out stations");
  io::write_vector(h, "/calibration/fit/after_fitted", af, "", "at the fit, fitted records");
  io::write_vector(h, "/calibration/fit/after_held_out", ah, "", "at the fit, held-out stations");

  std::vector<std::int8_t> held;
  for (bool b : s.held_out) held.push_back(b ? 1 : 0);
  io::write_strings(h, "/calibration/stations/station_id", s.station_ids, "counting station");
  io::write_vector(h, "/calibration/stations/held_out", held, "1",
                   "1: left out of the fit and reported separately");
  if (H5Fflush(h, H5F_SCOPE_GLOBAL) < 0)
    throw InternalError(fmt::format("file '{}': cannot flush /calibration", path));
}

}  // namespace ogan::calib
