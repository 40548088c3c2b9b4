#pragma once

#include <string>
#include <vector>

namespace ogan::scenario {

enum class OptionType { String, Number, Integer, Bool, Path, Time, Choice, Crs, Map, List };

// One scenario option. Paths use dots; '*' matches any key (a facility name, a field name) and
// '[]' an element of a list. Every option the engine reads is registered here once; validation,
// `ogan validate` and docs/scenario-format.md come from this table.
struct OptionSpec {
  std::string path;
  OptionType type;
  std::string unit;
  std::string default_value;
  std::string description;
  double min = -1e300;
  double max = 1e300;
  std::vector<std::string> choices;
};

const std::vector<OptionSpec>& option_registry();
std::string type_name(OptionType t);

// docs/scenario-format.md, generated from the registry.
std::string options_markdown();

}  // namespace ogan::scenario
