#pragma once

#include <hdf5.h>

#include <cstdint>
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
  explicit Results(const std::string& path);
  ~Results();
  Results(const Results&) = delete;
  Results& operator=(const Results&) = delete;

  const std::string& path() const { return path_; }
  std::string attr(const std::string& name) const;
  bool has(const std::string& dataset) const;
  std::vector<double> doubles(const std::string& dataset, std::vector<hsize_t>* dims = nullptr) const;
  std::vector<std::int64_t> ints(const std::string& dataset, std::vector<hsize_t>* dims = nullptr) const;
  std::vector<std::string> strings(const std::string& dataset) const;
  std::string dataset_attr(const std::string& dataset, const std::string& name) const;

 private:
  std::string path_;
  hid_t file_ = -1;
};

}  // namespace viz
