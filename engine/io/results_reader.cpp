#include <fmt/format.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/io/results.hpp"

namespace ogan::io {

ResultsFile::ResultsFile(const std::string& path) : path_(path) {
  if (!std::filesystem::exists(path)) throw InputError(fmt::format("file '{}': does not exist", path));
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(fmt::format("file '{}': not an HDF5 file", path));
  file_ = H5Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file_.valid()) throw InputError(fmt::format("file '{}': cannot open it", path));
  H5Id root(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
  if (get_string_attr(root.get(), "filetype") != kFileType) {
    throw InputError(fmt::format("file '{}': not an ogan results file (no filetype = '{}')", path, kFileType));
  }
  const auto v = get_int_attr(root.get(), "format_version");
  if (v.size() != 2) throw InputError(fmt::format("file '{}': format_version is missing or malformed", path));
  version_ = {v[0], v[1]};
  if (v[0] != kFormatVersion[0]) {
    throw InputError(fmt::format("file '{}': results format {}.{} is not supported by this ogan (it reads "
                                 "major version {}); use a matching ogan version",
                                 path, v[0], v[1], kFormatVersion[0]));
  }
}

std::string ResultsFile::attr(const std::string& name) const {
  H5Id root(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
  return get_string_attr(root.get(), name);
}

std::vector<Kpi> ResultsFile::kpis() const {
  const auto names = read_strings(file_.get(), "/summary/kpi_name");
  const auto values = read_vector<double>(file_.get(), "/summary/kpi_value");
  const auto units = read_strings(file_.get(), "/summary/kpi_unit");
  std::vector<Kpi> out;
  for (std::size_t i = 0; i < names.size() && i < values.size() && i < units.size(); ++i) {
    out.push_back({names[i], values[i], units[i]});
  }
  return out;
}

}  // namespace ogan::io
