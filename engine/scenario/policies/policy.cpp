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
                                         const YamlReader& r) {
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
    if (k == "type" || k == "description") continue;
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
  for (const auto& k : spec.keys) {
    if (p[k.name]) check_value(k, p[k.name], key + "." + k.name, err);
  }
  if (spec.check) spec.check(p, key, err);
  return errors;
}

std::string policies_markdown() {
  std::string out = "| type | keys (required in bold) | effect |\n|---|---|---|\n";
  for (const auto& [name, t] : policy_types()) {
    std::string keys;
    for (const auto& k : t.keys) {
      keys += (keys.empty() ? "" : ", ") + (k.required ? "**" + k.name + "**" : k.name) + k.doc;
    }
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
