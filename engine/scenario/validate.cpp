#include "engine/scenario/validate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ogr_spatialref.h>

#include <filesystem>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/gis/dataset.hpp"
#include "engine/gis/gdal_env.hpp"
#include "engine/scenario/options.hpp"
#include "engine/scenario/policies.hpp"

namespace ogan::scenario {

namespace {

class Validator {
 public:
  Validator(const ScenarioDoc& doc, const std::vector<std::string>& sections)
      : doc_(doc), sections_(sections) {}

  std::vector<std::string> run() {
    walk(doc_.root, {});
    return errors_;
  }

 private:
  void error(const YAML::Node& n, const std::string& key, const std::string& what) {
    const std::string file = [&] {
      std::string k = key;
      while (!k.empty()) {
        if (auto it = doc_.origins.find(k); it != doc_.origins.end()) return it->second;
        const auto cut = k.find_last_of(".[");
        if (cut == std::string::npos) break;
        k = k.substr(0, cut);
      }
      return doc_.file;
    }();
    if (file == "--set") {
      errors_.push_back(fmt::format("--set {}: {}", key, what));
    } else {
      errors_.push_back(fmt::format("{}:{}: {}: {}", file, n.Mark().line + 1, key, what));
    }
  }

  const OptionSpec* spec(const std::vector<std::string>& key) const { return find_option(key); }

  std::vector<std::string> children(const std::vector<std::string>& parent) const {
    std::vector<std::string> out;
    for (const auto& o : option_registry()) {
      auto p = split_key(o.path);
      if (p.size() != parent.size() + 1) continue;
      p.pop_back();
      if (key_matches(p, parent)) {
        const auto last = split_key(o.path).back();
        if (last != "*" && std::find(out.begin(), out.end(), last) == out.end())
          out.push_back(last);
      }
    }
    return out;
  }

  static std::string join(const std::vector<std::string>& k) {
    std::string s;
    for (const auto& p : k) s += (s.empty() ? "" : ".") + p;
    return s;
  }

  void walk(const YAML::Node& n, const std::vector<std::string>& path) {
    for (const auto& kv : n) {
      auto key = path;
      key.push_back(kv.first.as<std::string>());
      const std::string name = join(key);
      if (path.empty() && !sections_.empty() &&
          std::find(sections_.begin(), sections_.end(), name) == sections_.end())
        continue;
      const OptionSpec* s = spec(key);
      if (!s) {
        const auto options = children(path);
        const auto guess = closest_match(key.back(), options);
        // Merged maps keep their values' positions but not always their keys'.
        error(kv.first.Mark().line >= 0 ? kv.first : kv.second, name,
              fmt::format("unknown key{}{}",
                          guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                          options.empty()
                              ? ""
                              : fmt::format("; expected one of: {}", fmt::join(options, ", "))));
        continue;
      }
      check(kv.second, name, *s);
      if (s->type == OptionType::Map && kv.second.IsMap() && !s->checked_elsewhere) {
        walk(kv.second, key);
        check_layer(kv.second, name);
      }
      if (name == "policies" && kv.second.IsSequence()) {
        for (std::size_t i = 0; i < kv.second.size(); ++i) {
          for (const auto& e :
               validate_policy(kv.second[i], fmt::format("policies[{}]", i), doc_.reader())) {
            errors_.push_back(e);
          }
        }
      }
    }
  }

  void check(const YAML::Node& v, const std::string& key, const OptionSpec& s) {
    auto number = [&](bool integer) {
      double x;
      try {
        x = v.as<double>();
      } catch (const YAML::Exception&) {
        error(v, key,
              fmt::format("expected {}, got '{}'", integer ? "a whole number" : "a number",
                          YAML::Dump(v)));
        return;
      }
      if (integer && x != std::floor(x))
        error(v, key, fmt::format("expected a whole number, got {}", x));
      if (const auto why = out_of_range(s, x); !why.empty()) error(v, key, why);
    };
    switch (s.type) {
      case OptionType::Number:
        number(false);
        break;
      case OptionType::Integer:
        number(true);
        break;
      case OptionType::Bool:
        try {
          v.as<bool>();
        } catch (const YAML::Exception&) {
          error(v, key, fmt::format("expected true or false, got '{}'", YAML::Dump(v)));
        }
        break;
      case OptionType::Path:
        if (!v.IsScalar()) {
          error(v, key, "expected a file path");
        } else if (!std::filesystem::exists(v.as<std::string>())) {
          error(v, key, fmt::format("file '{}' does not exist", v.as<std::string>()));
        }
        break;
      case OptionType::Time: {
        const auto t =
            parse_hhmm(v.IsScalar() ? v.as<std::string>() : YAML::Dump(v), kFacilityMaxHour);
        if (!t) error(v, key, t.error);
        break;
      }
      case OptionType::Choice: {
        const auto t = v.IsScalar() ? v.as<std::string>() : "";
        if (std::find(s.choices.begin(), s.choices.end(), t) == s.choices.end()) {
          const auto guess = closest_match(t, s.choices);
          error(v, key,
                fmt::format("'{}' is not one of {}{}", YAML::Dump(v), fmt::join(s.choices, ", "),
                            guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess)));
        }
        break;
      }
      case OptionType::Crs: {
        gis::ensure_gdal();
        OGRSpatialReference srs;
        if (!v.IsScalar() || srs.SetFromUserInput(v.as<std::string>().c_str()) != OGRERR_NONE) {
          error(v, key,
                fmt::format("'{}' is not a coordinate reference system GDAL knows", YAML::Dump(v)));
        } else if (key == "crs" && !gis::is_metric(srs)) {
          // Lengths, speeds and capacities are computed in the run's CRS units.
          error(v, key,
                fmt::format("'{}' is not a projected CRS in metres (the run measures lengths in "
                            "it); use a UTM zone such as EPSG:32748",
                            YAML::Dump(v)));
        }
        break;
      }
      case OptionType::String:
        if (!v.IsScalar()) error(v, key, "expected a text value");
        break;
      case OptionType::Map:
        if (!v.IsMap()) error(v, key, "expected a mapping of keys to values");
        break;
      case OptionType::List:
        if (!v.IsSequence()) error(v, key, "expected a list");
        break;
    }
  }

  // A `path` with a `layer` next to it: the layer must exist.
  void check_layer(const YAML::Node& m, const std::string& key) {
    if (!m["path"] || !m["layer"] || !m["path"].IsScalar() || !m["layer"].IsScalar()) return;
    const auto path = m["path"].as<std::string>();
    if (!std::filesystem::exists(path)) return;
    try {
      auto ds = gis::open_vector(path);
      gis::get_layer(*ds, path, m["layer"].as<std::string>());
    } catch (const InputError& e) {
      error(m["layer"], key + ".layer", e.what());
    }
  }

  const ScenarioDoc& doc_;
  const std::vector<std::string>& sections_;
  std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> validate(const ScenarioDoc& doc,
                                  const std::vector<std::string>& sections) {
  return Validator(doc, sections).run();
}

void require_valid(const ScenarioDoc& doc, const std::vector<std::string>& sections) {
  const auto errors = validate(doc, sections);
  if (errors.empty()) return;
  throw InputError(fmt::format("{} problem(s) in the scenario:\n  {}", errors.size(),
                               fmt::join(errors, "\n  ")));
}

}  // namespace ogan::scenario
