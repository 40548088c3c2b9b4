#include "engine/calibration/spec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "engine/scenario/options.hpp"
#include "engine/scenario/scenario_file.hpp"
#include "engine/scenario/world.hpp"

namespace ogan::calib {

namespace {

// A key that can be fitted: a number the scenario reads (a registered number option or a value
// of the assumptions file under population.overrides). Whether the value is accepted is then
// checked by reading the scenario with it.
std::string why_not_numeric(const std::string& key) {
  if (key.rfind("population.overrides.", 0) == 0) return "";
  const auto* o = scenario::find_option(scenario::split_key(key));
  if (!o) return "is not a scenario key (ogan scenario options lists them)";
  if (o->type == scenario::OptionType::Integer)
    return fmt::format("is a whole number ({}); calibration fits continuous parameters", o->path);
  if (o->type != scenario::OptionType::Number)
    return fmt::format("is not numeric ({} is {}); calibration fits numbers", o->path,
                       scenario::type_name(o->type));
  return "";
}

}  // namespace

std::string number_text(double value) {
  return fmt::format("{:.17g}", value);
}

std::string set_text(const std::string& key, double value) {
  return key + "=" + number_text(value);
}

Spec load_spec(const std::string& scenario_path, const std::vector<std::string>& sets) {
  const auto doc = scenario::load_scenario(scenario_path, sets);
  const auto r = doc.reader();
  Spec s;
  s.scenario = scenario_path;
  const auto c = doc.root["calibration"];
  if (!c) {
    throw InputError(fmt::format(
        "{}: calibration: missing; the scenario must declare what is fitted (a calibration: "
        "block with parameters, docs/calibration.md)",
        scenario_path));
  }
  r.check_keys(c, "calibration",
               {"parameters", "holdout_share", "holdout_seed", "max_evaluations", "max_wall_min",
                "tolerance", "fd_step", "sample_rate", "iterations"});
  if (c["holdout_share"])
    s.holdout_share = r.in_range(c["holdout_share"], "calibration.holdout_share", 0, 0.9);
  if (c["holdout_seed"])
    s.holdout_seed = static_cast<std::uint64_t>(
        r.in_range(c["holdout_seed"], "calibration.holdout_seed", 0, 1e15));
  if (c["max_evaluations"])
    s.max_evaluations = static_cast<int>(
        r.in_range(c["max_evaluations"], "calibration.max_evaluations", 1, 100000));
  if (c["max_wall_min"])
    s.max_wall_min = r.in_range(c["max_wall_min"], "calibration.max_wall_min", 0, 1e6);
  if (c["tolerance"]) s.tolerance = r.in_range(c["tolerance"], "calibration.tolerance", 0, 1);
  if (c["fd_step"]) s.fd_step = r.in_range(c["fd_step"], "calibration.fd_step", 0.001, 0.5);
  if (c["sample_rate"])
    s.sample_rate = r.in_range(c["sample_rate"], "calibration.sample_rate", 1e-6, 1);
  if (c["iterations"])
    s.iterations = static_cast<int>(r.in_range(c["iterations"], "calibration.iterations", 1, 1000));

  const auto ps = c["parameters"];
  if (!ps) r.fail(c, "calibration.parameters", "missing: list the parameters to fit");
  if (!ps.IsSequence() || ps.size() == 0)
    r.fail(ps, "calibration.parameters", "expected a list of parameters (key, min, max, prior)");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const auto n = ps[i];
    const std::string where = fmt::format("calibration.parameters.{}", i);
    r.check_keys(n, where, {"key", "min", "max", "prior", "prior_sd"});
    for (const char* k : {"key", "min", "max", "prior"})
      if (!n[k]) r.fail(n, where + "." + k, "missing: a parameter needs key, min, max and prior");
    Parameter p;
    p.at = r.place(n, where);
    p.key = r.get<std::string>(n["key"], where + ".key", "a key path");
    if (const auto why = why_not_numeric(p.key); !why.empty())
      r.fail(n["key"], where + ".key", fmt::format("'{}' {}", p.key, why));
    if (!seen.insert(p.key).second)
      r.fail(n["key"], where + ".key", fmt::format("'{}' is listed twice", p.key));
    p.min = r.number(n["min"], where + ".min");
    p.max = r.number(n["max"], where + ".max");
    if (!(p.max > p.min))
      r.fail(n["max"], where + ".max",
             fmt::format("must be greater than min ({}), got {}", number_text(p.min),
                         number_text(p.max)));
    p.prior = r.number(n["prior"], where + ".prior");
    if (!(p.prior >= p.min && p.prior <= p.max))
      r.fail(n["prior"], where + ".prior",
             fmt::format("{} is outside [min, max] = [{}, {}]", number_text(p.prior),
                         number_text(p.min), number_text(p.max)));
    if (n["prior_sd"]) p.prior_sd = r.positive(n["prior_sd"], where + ".prior_sd");
    // The scenario must accept the key at its bounds: a key it does not read, or a bound outside
    // the option's own range, is found now, not after an hour of runs.
    for (double v : {p.min, p.max}) {
      auto with = sets;
      with.push_back(set_text(p.key, v));
      try {
        (void)scenario::load_world_config(scenario_path, with);
      } catch (const InputError& e) {
        r.fail(n, where,
               fmt::format("the scenario does not accept {}: {}", set_text(p.key, v), e.what()));
      }
    }
    s.parameters.push_back(std::move(p));
  }
  return s;
}

}  // namespace ogan::calib
