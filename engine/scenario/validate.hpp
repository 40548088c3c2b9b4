#pragma once

#include <string>
#include <vector>

#include "engine/scenario/scenario_file.hpp"

namespace ogan::scenario {

// Every problem of a scenario, each "file:line: key: what is wrong": unknown keys (with a "did you
// mean"), wrong types, out-of-range values, missing files and layers, bad policies. Empty if fine.
// With `sections`, only those top-level keys are checked (`ogan network build` reads crs and
// network of any file).
std::vector<std::string> validate(const ScenarioDoc& doc,
                                  const std::vector<std::string>& sections = {});

// Throws one InputError listing all problems, if there are any.
void require_valid(const ScenarioDoc& doc, const std::vector<std::string>& sections = {});

}  // namespace ogan::scenario
