#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "engine/core/yaml_reader.hpp"

namespace ogan::scenario {

struct WorldConfig;  // world.hpp

enum class OptionType { String, Number, Integer, Bool, Path, Time, Choice, Crs, Map, List };

// The latest hour of facility times (services.*.*.open/close): the day runs past midnight.
inline constexpr int kFacilityMaxHour = 30;

// Reads an option's value into the typed configuration. The value has been validated against the
// spec (type, range, choices) before; `key` is the option's path, for messages.
using OptionBinding = std::function<void(WorldConfig& c, const YamlReader& r,
                                         const YAML::Node& value, const std::string& key)>;

// One scenario option. Paths use dots; '*' matches any key (a facility name, a field name) and
// '[]' an element of a list. Every option the engine reads is registered here once: validation,
// `ogan validate`, docs/scenario-format.md and the reading of a scenario into WorldConfig all come
// from this table.
struct OptionSpec {
  std::string path;
  OptionType type;
  std::string unit;
  std::string default_value;
  std::string description;
  double min = -1e300;
  double max = 1e300;
  std::vector<std::string> choices;
  // How the value reaches WorldConfig; none for keys read by their parent (wildcards, layers).
  OptionBinding bind = {};
  // The default is YAML the binding reads when the scenario has no value (false: the text is
  // documentation, such as "by type", and the config's own initial value stands).
  bool default_applies = false;
  // If not empty, the key must be present and this is the message when it is not.
  std::string missing = {};
  // The subtree below is checked by the value's reader, not walked by the validator
  // (population.overrides: against the assumptions file).
  bool checked_elsewhere = false;
};

const std::vector<OptionSpec>& option_registry();
// A key path's segments ("a.b.c" -> a, b, c), and whether a registered path's segments match a
// key's ('*' matches any one segment).
std::vector<std::string> split_key(const std::string& path);
bool key_matches(const std::vector<std::string>& pattern, const std::vector<std::string>& key);
// The option a concrete key falls under: an exact path before a wildcard one; null if none.
const OptionSpec* find_option(const std::vector<std::string>& key);
// The spec registered with exactly this path; InternalError if there is none.
const OptionSpec& option_spec(const std::string& path);
std::string type_name(OptionType t);

// Why `x` is outside the option's range ("2 is out of range [0, 1]"), or "" if it is inside.
std::string out_of_range(const OptionSpec& s, double x);

// docs/scenario-format.md, generated from the registry.
std::string options_markdown();

}  // namespace ogan::scenario
