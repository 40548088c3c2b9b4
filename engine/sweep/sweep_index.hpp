#pragma once

#include <string>
#include <vector>

#include "engine/sweep/runner.hpp"
#include "engine/sweep/sweep_spec.hpp"

namespace ogan::sweep {

struct IndexSummary {
  std::size_t complete = 0, failed = 0, pending = 0;
};

// Writes DIR/index.h5 (format: docs/sweeps.md) from what DIR holds: one row per run of the sweep
// with its status, parameters, seed, wall time, file and KPIs, and an external link to each
// complete run's file. Written as .tmp and renamed.
IndexSummary write_index(const SweepSpec& spec, const std::vector<RunSpec>& runs,
                         const Layout& layout);

}  // namespace ogan::sweep
