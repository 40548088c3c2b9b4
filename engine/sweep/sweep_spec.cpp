#include "engine/sweep/sweep_spec.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/yaml_reader.hpp"
#include "engine/results/hdf5.hpp"
#include "engine/scenario/scenario_file.hpp"

namespace ogan::sweep {

namespace fs = std::filesystem;

namespace {

std::string yaml_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

Axis parse_axis(const YamlReader& r, const std::string& key, const YAML::Node& n) {
  const std::string where = "axes." + key;
  Axis a;
  a.key = key;
  if (n.IsSequence()) {
    for (const auto& v : n) a.values.push_back(yaml_text(v));
  } else if (n.IsMap()) {
    r.check_keys(n, where, {"values", "from", "to", "step", "min", "max"});
    if (n["values"]) {
      if (!n["values"].IsSequence())
        r.fail(n["values"], where + ".values", "expected a list of values");
      for (const auto& v : n["values"]) a.values.push_back(yaml_text(v));
    } else if (n["from"] || n["to"] || n["step"]) {
      for (const char* k : {"from", "to", "step"})
        if (!n[k]) r.fail(n, where + "." + k, "missing: a range needs from, to and step");
      const double from = r.number(n["from"], where + ".from"),
                   to = r.number(n["to"], where + ".to");
      const double step = r.positive(n["step"], where + ".step");
      if (to < from)
        r.fail(n["to"], where + ".to", fmt::format("must be >= from ({}), got {}", from, to));
      const auto count = static_cast<std::size_t>(std::floor((to - from) / step + 1e-9)) + 1;
      if (count > 10000)
        r.fail(n["step"], where + ".step", fmt::format("gives {} values; at most 10000", count));
      for (std::size_t i = 0; i < count; ++i)
        a.values.push_back(fmt::format("{:.10g}", from + static_cast<double>(i) * step));
    } else if (n["min"] || n["max"]) {
      for (const char* k : {"min", "max"})
        if (!n[k]) r.fail(n, where + "." + k, "missing: a continuous range needs min and max");
      const double lo = r.number(n["min"], where + ".min"), hi = r.number(n["max"], where + ".max");
      if (!(hi > lo))
        r.fail(n["max"], where + ".max", fmt::format("must be > min ({}), got {}", lo, hi));
      a.range = {lo, hi};
    } else {
      r.fail(n, where, "expected values, from/to/step or min/max");
    }
  } else {
    r.fail(n, where, "expected a list of values or a mapping (values, from/to/step, min/max)");
  }
  if (!a.range && a.values.empty()) r.fail(n, where, "has no values");
  return a;
}

// Keys sorted, file paths relative to `base`: the same scenario gives the same text on any
// machine and whatever order its files list the keys in.
void canonical(const YAML::Node& n, const fs::path& base, const std::string& indent,
               bool path_value, std::string& out) {
  if (n.IsMap()) {
    // Sort the keys, not (key, node) pairs: assigning a YAML::Node writes through to the tree.
    std::vector<std::string> keys;
    for (const auto& e : n) keys.push_back(e.first.as<std::string>());
    std::sort(keys.begin(), keys.end());
    for (const auto& k : keys) {
      out += indent + k + ":\n";
      canonical(n[k], base, indent + "  ", scenario::is_path_key(k), out);
    }
  } else if (n.IsSequence()) {
    for (const auto& v : n) {
      out += indent + "-\n";
      canonical(v, base, indent + "  ", false, out);
    }
  } else if (n.IsScalar()) {
    std::string s = n.Scalar();
    if (path_value && fs::path(s).is_absolute()) s = fs::path(s).lexically_relative(base).string();
    out += indent + "=" + s + "\n";
  } else {
    out += indent + "~\n";
  }
}

// What a sweep needs of a state file (ogan run --snapshot; engine/run/state_file.cpp writes it,
// and the sweep layer is below the run layer, so its names are repeated here). False when the
// file is not an ogan state.
bool read_state(const std::string& path, SweepSpec& s) {
  H5E_auto2_t func = nullptr;
  void* data = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &func, &data);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  bool ok = false;
  {
    const results::H5Id f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    if (f.valid()) {
      const results::H5Id root(H5Gopen2(f.get(), "/", H5P_DEFAULT));
      const auto seed = results::double_attr(root.get(), "seed");
      const auto rate = results::double_attr(root.get(), "sample_rate");
      const auto time = results::double_attr(root.get(), "time_s");
      ok = results::string_attr(root.get(), "filetype") == "ogan-state" && seed && rate && time;
      if (ok) {
        s.state_seed = static_cast<std::uint64_t>(*seed);
        s.state_sample_rate = *rate;
        s.state_time_s = *time;
      }
    }
  }
  H5Eset_auto2(H5E_DEFAULT, func, data);
  return ok;
}

// A fork sweep: the state, its policy files, and none of the options that only a run of a
// scenario has (the seed, sample rate and iterations are the state's).
void load_fork(const YamlReader& r, const YAML::Node& root, SweepSpec& s) {
  for (const char* k : {"base", "scenarios"})
    if (root[k])
      r.fail(root[k], k,
             "a fork sweep (state:) continues the saved state's scenario; give either state or "
             "base/scenarios, not both");
  s.state = fs::absolute(r.path(root["state"], "state")).lexically_normal().string();
  bool state = false;
  try {
    results::check_container(s.state, "state file");
    state = read_state(s.state, s);
  } catch (const results::Error& e) {
    if (e.kind() != results::Error::Kind::NotHdf5) r.fail(root["state"], "state", e.what());
  }
  if (!state)
    r.fail(root["state"], "state",
           fmt::format("'{}' is not an ogan state file (written by ogan run --snapshot)", s.state));
  const auto pol = root["policy"];
  if (!pol)
    r.fail(root, "policy",
           "missing: a fork sweep (state:) needs a policy file (a `policies:` list) for its axes "
           "to change");
  if (pol.IsSequence()) {
    if (pol.size() == 0) r.fail(pol, "policy", "expected a policy file or a list of them");
    for (std::size_t i = 0; i < pol.size(); ++i)
      s.policies.push_back(r.path(pol[i], fmt::format("policy[{}]", i)));
  } else {
    s.policies.push_back(r.path(pol, "policy"));
  }
  for (auto& p : s.policies) p = fs::absolute(p).lexically_normal().string();
  const auto not_for_forks = [&](const YAML::Node& n, const std::string& key,
                                 const std::string& why) {
    if (n) r.fail(n, key, "does not apply to a fork sweep (state:): " + why);
  };
  const auto streams =
      fmt::format("a fork continues the saved state's random streams (seed {})", s.state_seed);
  not_for_forks(root["seed"], "seed", streams);
  not_for_forks(root["seeds"], "seeds", streams);
  not_for_forks(root["replications"], "replications", streams);
  if (const auto run = root["run"]) {
    r.check_keys(run, "run", {"sample_rate", "iterations"});
    not_for_forks(run["sample_rate"], "run.sample_rate",
                  fmt::format("the sample rate is the saved state's ({:g})", s.state_sample_rate));
    not_for_forks(run["iterations"], "run.iterations",
                  "the assignment is the saved state's, with its iterations");
  }
  if (const auto ax = root["axes"]; ax && ax.IsMap()) {
    for (const auto& kv : ax) {
      const auto key = kv.first.as<std::string>();
      if (key.rfind("policies.", 0) != 0)
        r.fail(kv.first, "axes." + key,
               "a fork sweep changes its policy files only: axis keys are policies.N.key (as for "
               "ogan fork --set)");
    }
  }
  s.seeds = {s.state_seed};
  s.state_sha256 = sha256_file(s.state);
}

}  // namespace

std::vector<std::string> RunSpec::sets() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params) out.push_back(k + "=" + v);
  return out;
}

std::string RunSpec::params_text() const {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : ", ") + k + "=" + v;
  return out;
}

SweepSpec load_sweep(const std::string& path) {
  const YamlReader r(path);
  const YAML::Node root = r.load();
  if (!root.IsMap())
    r.fail(root, "", "expected a mapping: a sweep file has base, scenarios, axes, ...");
  r.check_keys(root, "",
               {"name", "base", "scenarios", "state", "policy", "axes", "design", "samples",
                "design_seed", "replications", "seed", "seeds", "run"});
  SweepSpec s;
  s.file = fs::absolute(path).lexically_normal().string();
  s.name = root["name"] ? r.get<std::string>(root["name"], "name", "a name")
                        : fs::path(path).stem().string();
  {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    s.yaml = ss.str();
  }
  if (root["state"])
    load_fork(r, root, s);
  else if (root["policy"])
    r.fail(root["policy"], "policy",
           "only meaningful with state: (a fork sweep); a scenario's policies are in the scenario");
  if (root["base"]) s.scenarios.push_back(r.path(root["base"], "base"));
  if (const auto sc = root["scenarios"]) {
    if (!sc.IsSequence()) r.fail(sc, "scenarios", "expected a list of scenario files");
    for (std::size_t i = 0; i < sc.size(); ++i) {
      const auto p = r.path(sc[i], fmt::format("scenarios[{}]", i));
      if (std::find(s.scenarios.begin(), s.scenarios.end(), p) == s.scenarios.end())
        s.scenarios.push_back(p);
    }
  }
  if (s.scenarios.empty() && !s.fork())
    r.fail(root, "base", "missing: a sweep needs a base scenario or a list of scenarios");
  for (auto& p : s.scenarios) p = fs::absolute(p).lexically_normal().string();
  if (const auto ax = root["axes"]) {
    if (!ax.IsMap()) r.fail(ax, "axes", "expected a mapping of scenario keys to values");
    for (const auto& kv : ax)
      s.axes.push_back(parse_axis(r, kv.first.as<std::string>(), kv.second));
  }
  if (const auto d = root["design"]) {
    const auto v = r.get<std::string>(d, "design", "grid or lhs");
    if (v == "grid")
      s.design = Design::Grid;
    else if (v == "lhs")
      s.design = Design::LatinHypercube;
    else
      r.fail(d, "design", fmt::format("expected grid or lhs, got '{}'", v));
  }
  if (s.design == Design::LatinHypercube) {
    if (!root["samples"])
      r.fail(root, "samples", "missing: design lhs needs the number of samples");
    s.samples = static_cast<std::size_t>(r.in_range(root["samples"], "samples", 1, 100000));
  } else {
    if (root["samples"]) r.fail(root["samples"], "samples", "only meaningful with design: lhs");
    for (const auto& a : s.axes)
      if (a.range)
        r.fail(
            root["axes"][a.key], "axes." + a.key,
            "a continuous min/max range needs design: lhs; give values or from/to/step for a grid");
  }
  if (root["design_seed"])
    s.design_seed =
        r.get<std::uint64_t>(root["design_seed"], "design_seed", "a non-negative integer");
  if (!s.fork()) {  // a fork's seed and run options are the state's (load_fork)
    if (root["seeds"] && (root["replications"] || root["seed"]))
      r.fail(root["seeds"], "seeds", "give either seeds or replications (with seed), not both");
    if (const auto sd = root["seeds"]) {
      if (!sd.IsSequence() || sd.size() == 0)
        r.fail(sd, "seeds", "expected a non-empty list of seeds");
      for (const auto& x : sd)
        s.seeds.push_back(r.get<std::uint64_t>(x, "seeds", "a non-negative integer"));
    } else {
      const std::uint64_t first =
          root["seed"] ? r.get<std::uint64_t>(root["seed"], "seed", "a non-negative integer")
                       : 20250101;
      const auto reps =
          root["replications"]
              ? static_cast<std::size_t>(r.in_range(root["replications"], "replications", 1, 10000))
              : 1;
      for (std::size_t i = 0; i < reps; ++i) s.seeds.push_back(first + i);
    }
    if (const auto run = root["run"]) {
      r.check_keys(run, "run", {"sample_rate", "iterations"});
      if (run["sample_rate"])
        s.sample_rate = r.in_range(run["sample_rate"], "run.sample_rate", 1e-6, 1.0);
      if (run["iterations"])
        s.iterations = static_cast<int>(r.in_range(run["iterations"], "run.iterations", 1, 1000));
    }
  }
  return s;
}

std::vector<std::vector<std::pair<std::string, std::string>>> design_points(const SweepSpec& spec) {
  std::vector<std::vector<std::pair<std::string, std::string>>> points;
  if (spec.design == Design::Grid) {
    points.emplace_back();
    for (const auto& a : spec.axes) {  // the first axis varies slowest
      std::vector<std::vector<std::pair<std::string, std::string>>> next;
      for (const auto& p : points)
        for (const auto& v : a.values) {
          next.push_back(p);
          next.back().emplace_back(a.key, v);
        }
      points = std::move(next);
    }
    return points;
  }
  // Latin hypercube: each axis is cut into `samples` strata and every stratum is used once.
  const std::size_t n = spec.samples;
  points.assign(n, {});
  for (std::size_t ai = 0; ai < spec.axes.size(); ++ai) {
    const auto& a = spec.axes[ai];
    Rng rng(spec.design_seed, StreamId::SweepDesign, ai);
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    for (std::size_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng.next_u32() % i]);
    for (std::size_t i = 0; i < n; ++i) {
      const double q = (static_cast<double>(perm[i]) + rng.uniform()) / static_cast<double>(n);
      std::string v;
      if (a.range)
        v = fmt::format("{:.6g}", a.range->first + q * (a.range->second - a.range->first));
      else
        v = a.values[std::min(a.values.size() - 1,
                              static_cast<std::size_t>(q * static_cast<double>(a.values.size())))];
      points[i].emplace_back(a.key, v);
    }
  }
  return points;
}

std::string run_id(const std::string& scenario, const std::vector<std::string>& sets,
                   std::uint64_t seed, const SweepSpec& spec, std::string* resolve_error) {
  const fs::path base = fs::path(spec.file).parent_path();
  std::string text;
  try {
    const auto doc = scenario::load_scenario(scenario, sets);
    canonical(doc.root, base, "", false, text);
  } catch (const Error& e) {
    // Still a stable id, so that the failure is recorded under the same name every time.
    text = "unresolved: " + fs::path(scenario).lexically_relative(base).string() + "\n";
    for (const auto& s : sets) text += "set: " + s + "\n";
    if (resolve_error) *resolve_error = e.what();
  }
  text += fmt::format("seed: {}\n", seed);
  text += spec.sample_rate ? fmt::format("sample_rate: {}\n", *spec.sample_rate)
                           : "sample_rate: scenario\n";
  text += spec.iterations ? fmt::format("iterations: {}\n", *spec.iterations)
                          : "iterations: scenario\n";
  return sha256_text(text).substr(0, 12);
}

std::string fork_run_id(const std::vector<std::string>& sets, const SweepSpec& spec,
                        std::string* resolve_error) {
  const fs::path base = fs::path(spec.file).parent_path();
  std::string text = "fork of the state with sha256: " + spec.state_sha256 + "\n";
  for (const auto& p : spec.policies) {
    text += "policy file:\n";
    try {
      const auto doc = scenario::load_scenario(p, sets);
      canonical(doc.root, base, "  ", false, text);
    } catch (const Error& e) {
      text += "  unresolved: " + fs::path(p).lexically_relative(base).string() + "\n";
      for (const auto& s : sets) text += "  set: " + s + "\n";
      if (resolve_error && resolve_error->empty()) *resolve_error = e.what();
    }
  }
  return sha256_text(text).substr(0, 12);
}

std::vector<RunSpec> expand(const SweepSpec& spec) {
  std::vector<RunSpec> runs;
  const auto points = design_points(spec);
  if (spec.fork()) {
    for (const auto& p : points) {
      RunSpec r;
      r.task = runs.size();
      r.scenario = spec.state;
      r.scenario_name = fs::path(spec.state).stem().string();
      r.params = p;
      r.seed = spec.state_seed;
      r.state = spec.state;
      r.policies = spec.policies;
      r.id = fork_run_id(r.sets(), spec, &r.resolve_error);
      runs.push_back(std::move(r));
    }
  }
  for (const auto& sc : spec.scenarios) {
    std::string name = fs::path(sc).stem().string();
    try {
      name = scenario::load_scenario(sc).name;
    } catch (const Error&) {
    }
    for (const auto& p : points)
      for (const auto seed : spec.seeds) {
        RunSpec r;
        r.task = runs.size();
        r.scenario = sc;
        r.scenario_name = name;
        r.params = p;
        r.seed = seed;
        r.id = run_id(sc, r.sets(), seed, spec, &r.resolve_error);
        runs.push_back(std::move(r));
      }
  }
  // Two runs with one id would overwrite each other's file: say so rather than lose one.
  std::vector<std::string> ids;
  for (const auto& r : runs) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  const auto dup = std::adjacent_find(ids.begin(), ids.end());
  if (dup != ids.end()) {
    std::string which;
    for (const auto& r : runs)
      if (r.id == *dup)
        which += fmt::format("\n  task {}: {} {} seed {}", r.task, r.scenario_name, r.params_text(),
                             r.seed);
    throw InputError(
        fmt::format("sweep '{}': these runs resolve to the same scenario and seed (id {}); remove "
                    "the duplicate values:{}",
                    spec.file, *dup, which));
  }
  return runs;
}

}  // namespace ogan::sweep
