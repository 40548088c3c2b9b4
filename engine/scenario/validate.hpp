#pragma once

#include <string>
#include <vector>

#include "engine/scenario/scenario_file.hpp"

namespace ogan::scenario {

// Every problem of a scenario, each "file:line: key: what is wrong": unknown keys (with a "did you
// mean"), wrong types, out-of-range values, missing files and layers, bad policies. Empty if fine.
std::vector<std::string> validate(const ScenarioDoc& doc);

// Throws one InputError listing all problems, if there are any.
void require_valid(const ScenarioDoc& doc);

}  // namespace ogan::scenario
