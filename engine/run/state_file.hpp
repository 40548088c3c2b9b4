#pragma once

#include <memory>
#include <string>

#include "engine/run/pipeline.hpp"

// State files (docs/twin.md, "State files"): a running day written at its clock, so that another
// process continues it bit for bit (restore) or with changes (fork).

namespace ogan::run {

inline constexpr const char* kStateFileType = "ogan-state";
inline constexpr int kStateVersionMajor = 2;
inline constexpr int kStateVersionMinor = 1;

// Writes the state of `run`'s day at its clock (written as .tmp, fsynced and renamed).
void write_state(const Run& run, const std::string& path);

// Continues the day saved in `path`: the world and the demand are rebuilt from the state's
// scenario and options (InputError if the scenario or its inputs changed since), the assignment
// and the day are put back as they were. The run records the state as its parent.
struct StateTimings {
  double rebuild_s = 0;  // the world and the demand, rebuilt from the scenario
  double read_s = 0;     // the saved arrays read and checked, the day put back
};
std::unique_ptr<Run> restore_state(const std::string& path, StateTimings* timings = nullptr);

}  // namespace ogan::run
