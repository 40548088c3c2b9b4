#include "engine/scenario/policies/policy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"

namespace ogan::scenario {

namespace {

std::map<std::string, PolicyType>& registry() {
  static std::map<std::string, PolicyType> types;
  return types;
}

std::vector<std::string> key_names(const PolicyType& t) {
  std::vector<std::string> out;
  for (const auto& k : t.keys) out.push_back(k.name);
  return out;
}

void check_value(const PolicyKey& k, const YAML::Node& v, const std::string& key,
                 const PolicyError& error) {
  switch (k.type) {
    case OptionType::Number:
    case OptionType::Integer: {
      double x = 0;
      try {
        x = v.as<double>();
      } catch (const YAML::Exception&) {
        error(v, key, fmt::format("expected a number, got '{}'", YAML::Dump(v)));
        return;
      }
      if (x < k.min || x > k.max)
        error(v, key, fmt::format("{} is out of range [{:g}, {:g}]", x, k.min, k.max));
      break;
    }
    case OptionType::Time: {
      const auto t = parse_hhmm(v.IsScalar() ? v.as<std::string>() : "", k.max_hour);
      if (!t) error(v, key, t.error);
      break;
    }
    case OptionType::Path:
      if (v.IsScalar() && !std::filesystem::exists(v.as<std::string>())) {
        error(v, key, fmt::format("file '{}' does not exist", v.as<std::string>()));
      }
      break;
    default:
      break;
  }
}

// The common keys at and until: times, until after at, and only on types (and entries) whose
// effect can start during a running day.
void check_timing(const PolicyType& spec, const YAML::Node& p, const std::string& key,
                  bool all_timed, const PolicyError& error) {
  const PolicyKey time{"at", OptionType::Time};
  bool times_ok = true;
  for (const char* k : {"at", "until"}) {
    if (!p[k]) continue;
    const auto t = parse_hhmm(p[k].IsScalar() ? p[k].as<std::string>() : "", kPolicyMaxHour);
    if (!t) {
      check_value(time, p[k], key + "." + k, error);
      times_ok = false;
    }
  }
  if (p["until"] && !p["at"]) {
    error(p["until"], key + ".until",
          "needs at: a timed policy starts at `at` and ends at `until`");
  } else if (times_ok && p["until"] && policy_clock(p["until"], 0) <= policy_clock(p["at"], 0)) {
    error(p["until"], key + ".until",
          fmt::format("expected a time after at ({}), got '{}'", p["at"].as<std::string>(),
                      p["until"].as<std::string>()));
  }
  if (!p["at"] && !all_timed) return;
  const auto at = p["at"] ? p["at"] : p["type"];
  const auto at_key = key + (p["at"] ? ".at" : ".type");
  if (!can_be_timed(spec)) {
    error(at, at_key,
          fmt::format("{} cannot be timed: it changes {} before the day starts", spec.name,
                      spec.changes_before_day));
    return;
  }
  if (spec.untimable) {
    if (const auto why = spec.untimable(p); !why.empty())
      error(at, at_key, fmt::format("{} cannot be timed {}", spec.name, why));
  }
  for (const char* k : {"from", "to"}) {
    if (p[k])
      error(p[k], key + "." + k,
            "a timed policy happens from `at` to `until`, unannounced; from/to plan a window "
            "that routes know of in advance and cannot be combined with it");
  }
}

}  // namespace

void register_policy(PolicyType type) {
  auto name = type.name;
  if (!registry().emplace(name, std::move(type)).second) {
    throw InternalError(fmt::format("policy type '{}' is registered twice", name));
  }
}

const std::map<std::string, PolicyType>& policy_types() {
  return registry();
}

std::vector<PolicyKey> service_parameter_keys() {
  std::vector<PolicyKey> out;
  for (const auto& name : facility_param_keys()) {
    const auto& spec = option_spec("services.*.*." + name);
    PolicyKey k{name, spec.type};
    if (spec.type == OptionType::Number || spec.type == OptionType::Integer) {
      k.min = spec.min;
      k.max = spec.max;
    }
    k.max_hour = kFacilityMaxHour;
    out.push_back(k);
  }
  return out;
}

std::vector<std::string> validate_policy(const YAML::Node& p, const std::string& key,
                                         const YamlReader& r, bool all_timed) {
  std::vector<std::string> errors;
  const PolicyError err = [&](const YAML::Node& n, const std::string& k, const std::string& what) {
    try {
      r.fail(n, k, what);
    } catch (const InputError& e) {
      errors.push_back(e.what());
    }
  };
  if (!p.IsMap()) {
    err(p, key, "expected a mapping with a 'type'");
    return errors;
  }
  std::vector<std::string> types;
  for (const auto& [t, s] : policy_types()) types.push_back(t);
  if (!p["type"]) {
    err(p, key + ".type", fmt::format("missing; one of: {}", fmt::join(types, ", ")));
    return errors;
  }
  const auto type = p["type"].as<std::string>();
  auto it = policy_types().find(type);
  if (it == policy_types().end()) {
    const auto guess = closest_match(type, types);
    err(p["type"], key + ".type",
        fmt::format("unknown policy '{}'{}; one of: {}", type,
                    guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                    fmt::join(types, ", ")));
    return errors;
  }
  const auto& spec = it->second;
  const auto names = key_names(spec);
  for (const auto& kv : p) {
    const auto k = kv.first.as<std::string>();
    if (k == "type" || k == "description" || k == "at" || k == "until") continue;
    if (std::find(names.begin(), names.end(), k) == names.end()) {
      const auto guess = closest_match(k, names);
      err(kv.first, key + "." + k,
          fmt::format("not a key of {}{}; it takes: {}", type,
                      guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                      fmt::join(names, ", ")));
    }
  }
  for (const auto& k : spec.keys) {
    if (k.required && !p[k.name])
      err(p, key + "." + k.name, fmt::format("missing: {} needs it", type));
  }
  const auto before = errors.size();
  for (const auto& k : spec.keys) {
    if (p[k.name]) check_value(k, p[k.name], key + "." + k.name, err);
  }
  // A window that ends before it starts would silently close nothing.
  if (errors.size() == before && p["from"] && p["to"] &&
      policy_clock(p["to"], 0) <= policy_clock(p["from"], 0)) {
    err(p["to"], key + ".to",
        fmt::format("must be after from ({}), got {}", p["from"].as<std::string>(),
                    p["to"].as<std::string>()));
  }
  if (spec.check) spec.check(p, key, err);
  check_timing(spec, p, key, all_timed, err);
  return errors;
}

std::string policies_markdown() {
  std::string out = "| type | keys (required in bold) | effect |\n|---|---|---|\n";
  for (const auto& [name, t] : policy_types()) {
    std::string keys;
    for (const auto& k : t.keys) {
      keys += (keys.empty() ? "" : ", ") + (k.required ? "**" + k.name + "**" : k.name) + k.doc;
    }
    if (can_be_timed(t)) keys += ", at, until";
    out += fmt::format("| `{}` | {} | {} |\n", name, keys, t.effect);
  }
  return out;
}

double policy_clock(const YAML::Node& n, double fallback) {
  if (!n) return fallback;
  return parse_hhmm(n.as<std::string>(), kPolicyMaxHour).seconds;
}

void to_utm(double& x, double& y) {
  gis::Reprojector(gis::parse_crs("EPSG:4326"), gis::parse_crs(gis::kDefaultCrs)).apply(x, y);
}

}  // namespace ogan::scenario
