#pragma once

// ogan-viz reads results files through the results library it shares with the engine
// (engine/results: the names of every dataset and one typed reader); it never links the engine.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/results/names.hpp"
#include "engine/results/reader.hpp"

namespace viz {

namespace ds = ogan::results::path;  // dataset and group paths
namespace attrs = ogan::results::attr;

// A read-only view of an ogan results file (docs/results-format.md), version 1.x, or of a sweep's
// index.h5 (docs/sweeps.md).
using Results = ogan::results::Reader;

// A problem with the input the user can fix: exit code 2 (as is ogan::results::Error, which the
// reader throws for a missing dataset).
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Opens a file of type `filetype` (ogan-results, or ogan-sweep-index for a sweep's index.h5),
// with the errors worded for ogan-viz's users (InputError, or ogan::results::Error).
Results open_results(const std::string& path,
                     const std::string& filetype = ogan::results::kFileType);

// Several results files, opened in order (figures comparing runs), and plain pointers to them.
std::vector<std::unique_ptr<Results>> open_all(const std::vector<std::string>& paths);
std::vector<const Results*> views(const std::vector<std::unique_ptr<Results>>& files);

}  // namespace viz
