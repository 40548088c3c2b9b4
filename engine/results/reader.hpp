#pragma once

// The one reader of ogan results files (docs/results-format.md) and sweep indexes
// (docs/sweeps.md), shared by the engine (`ogan compare`, sweeps, tests) and ogan-viz.

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "engine/results/hdf5.hpp"
#include "engine/results/kpi.hpp"
#include "engine/results/names.hpp"

namespace ogan::results {

// An opened file whose filetype and major format version have been checked.
class Reader {
 public:
  // Error: missing file, not HDF5, another filetype than `filetype`, or a major version this
  // build does not know (kFormatVersion for results, kSweepIndexFormatVersion for an index).
  explicit Reader(const std::string& path, const std::string& filetype = kFileType);
  Reader(Reader&&) noexcept = default;
  Reader& operator=(Reader&&) noexcept = default;

  const std::string& path() const { return path_; }
  hid_t id() const { return file_.get(); }
  // (major, minor) of format_version.
  std::array<std::int32_t, 2> version() const { return version_; }

  // A string attribute of the root ("" if absent or not a string).
  std::string attr(const std::string& name) const;
  // A root attribute of any type as text ("" if absent; integers in full, as a seed must be exact).
  std::string attr_text(const std::string& name) const;
  double number_attr(const std::string& name, double fallback) const;
  // An attribute of a dataset or group, as text ("" if absent).
  std::string dataset_attr(const std::string& object, const std::string& name) const;
  double number_attr_of(const std::string& object, const std::string& name, double fallback) const;

  bool has(const std::string& object) const;
  // Names of the members of a group, sorted (none if the group is absent).
  std::vector<std::string> children(const std::string& group) const;

  // A whole dataset converted to T, with its shape in dims. Error (NoDataset) if absent.
  template <typename T>
  std::vector<T> read(const std::string& dataset, std::vector<hsize_t>* dims = nullptr) const {
    return read_vector<T>(file_.get(), dataset, dims);
  }
  std::vector<double> doubles(const std::string& dataset,
                              std::vector<hsize_t>* dims = nullptr) const;
  std::vector<std::int64_t> ints(const std::string& dataset,
                                 std::vector<hsize_t>* dims = nullptr) const;
  std::vector<std::string> strings(const std::string& dataset) const;
  // An offsets dataset (CSR: item i holds values [off[i], off[i+1])), checked before anyone
  // indexes with it: off[0] = 0, never decreasing, last = `values`, and `items` + 1 entries
  // unless items is kAnyCount. Error (Malformed) naming the dataset and the first bad entry.
  static constexpr std::size_t kAnyCount = static_cast<std::size_t>(-1);
  std::vector<std::int64_t> offsets(const std::string& dataset, std::size_t items,
                                    std::size_t values) const;

  // /summary, in file order.
  std::vector<Kpi> kpis() const;

  // True the first time `what` is asked for this file: one warning per file, however many uses.
  bool first_time(const std::string& what) const { return noted_.insert(what).second; }

 private:
  std::string path_;
  H5Id file_;
  std::array<std::int32_t, 2> version_{};
  mutable std::set<std::string> noted_;
};

}  // namespace ogan::results
