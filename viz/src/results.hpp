#pragma once

#include <hdf5.h>

#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace viz {

// A problem with the input the user can fix: exit code 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A read-only view of an ogan results file (docs/results-format.md), version 1.x.
class Results {
 public:
  // `filetype`: ogan-results, or ogan-sweep-index for a sweep's index.h5 (docs/sweeps.md).
  explicit Results(const std::string& path, const std::string& filetype = "ogan-results");
  ~Results();
  Results(const Results&) = delete;
  Results& operator=(const Results&) = delete;

  const std::string& path() const { return path_; }
  // (major, minor) of format_version.
  std::array<int, 2> version() const { return version_; }
  std::string attr(const std::string& name) const;
  double number_attr(const std::string& name, double fallback) const;
  // True the first time `what` is asked for this file: one warning per file, however many figures.
  bool first_time(const std::string& what) const { return warned_.insert(what).second; }
  bool has(const std::string& dataset) const;
  // Names of the members of a group, sorted ("" if the group is absent).
  std::vector<std::string> children(const std::string& group) const;
  std::vector<double> doubles(const std::string& dataset, std::vector<hsize_t>* dims = nullptr) const;
  std::vector<std::int64_t> ints(const std::string& dataset, std::vector<hsize_t>* dims = nullptr) const;
  std::vector<std::string> strings(const std::string& dataset) const;
  // An attribute of a dataset or group, as text ("" if absent).
  std::string dataset_attr(const std::string& object, const std::string& name) const;
  double number_attr_of(const std::string& object, const std::string& name, double fallback) const;

 private:
  std::string path_;
  hid_t file_ = -1;
  std::array<int, 2> version_{0, 0};
  mutable std::set<std::string> warned_;
};

// Several results files, opened in order (figures comparing runs), and plain pointers to them.
std::vector<std::unique_ptr<Results>> open_all(const std::vector<std::string>& paths);
std::vector<const Results*> views(const std::vector<std::unique_ptr<Results>>& files);

}  // namespace viz
