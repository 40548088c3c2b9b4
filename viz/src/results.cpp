#include "results.hpp"

#include <fmt/format.h>

namespace viz {

Results open_results(const std::string& path, const std::string& filetype) {
  using ogan::results::Error;
  try {
    return Results(path, filetype);
  } catch (const Error& e) {
    if (e.kind() == Error::Kind::WrongFileType) {
      if (filetype == ogan::results::kSweepIndexFileType)
        throw InputError(
            fmt::format("file '{}': not an ogan sweep index (DIR/index.h5 of ogan sweep)", path));
      if (e.found() == ogan::results::kSweepIndexFileType)
        throw InputError(fmt::format(
            "file '{}': a sweep index, not a results file: use ogan-viz sweep, or its runs/*.h5",
            path));
      throw InputError(fmt::format("file '{}': not an ogan results file", path));
    }
    if (e.kind() == Error::Kind::UnsupportedVersion)
      throw InputError(fmt::format(
          "file '{}': results format {} is not supported (ogan-viz reads 1.x)", path, e.found()));
    throw;
  }
}

std::vector<std::unique_ptr<Results>> open_all(const std::vector<std::string>& paths) {
  std::vector<std::unique_ptr<Results>> files;
  for (const auto& p : paths) files.push_back(std::make_unique<Results>(open_results(p)));
  return files;
}

std::vector<const Results*> views(const std::vector<std::unique_ptr<Results>>& files) {
  std::vector<const Results*> refs;
  for (const auto& f : files) refs.push_back(f.get());
  return refs;
}

}  // namespace viz
