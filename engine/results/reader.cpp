#include "engine/results/reader.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace ogan::results {

namespace {

// HDF5 prints its error stack on failures by default; a reader reports its own errors instead.
class QuietHdf5 {
 public:
  QuietHdf5() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  QuietHdf5(const QuietHdf5&) = delete;
  QuietHdf5& operator=(const QuietHdf5&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

double to_number(const std::string& s, double fallback) {
  try {
    return s.empty() ? fallback : std::stod(s);
  } catch (const std::exception&) {
    return fallback;
  }
}

}  // namespace

Reader::Reader(const std::string& path, const std::string& filetype) : path_(path) {
  using K = Error::Kind;
  if (!std::filesystem::exists(path))
    throw Error(K::NoFile, fmt::format("file '{}': does not exist", path));
  check_container(path, filetype == kSweepIndexFileType ? "sweep index" : "results file");
  const QuietHdf5 quiet;
  file_ = H5Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file_.valid())
    throw Error(K::CannotOpen,
                fmt::format("file '{}': HDF5 cannot open it (a truncated or damaged file?)", path));
  const std::string found = attr(attr::kFileType);
  if (found != filetype) {
    const bool index = filetype == kSweepIndexFileType;
    throw Error(K::WrongFileType,
                fmt::format("file '{}': not an ogan {} (no filetype = '{}')", path,
                            index ? "sweep index" : "results file", filetype),
                found);
  }
  H5Id root(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
  const auto v = int_attr(root.get(), attr::kFormatVersion);
  if (v.size() != 2)
    throw Error(K::Malformed,
                fmt::format("file '{}': format_version is missing or malformed", path));
  version_ = {v[0], v[1]};
  const std::int32_t major =
      filetype == kSweepIndexFileType ? kSweepIndexFormatVersion[0] : kFormatVersion[0];
  if (v[0] != major) {
    throw Error(K::UnsupportedVersion,
                fmt::format("file '{}': results format {}.{} is not supported by this ogan (it "
                            "reads major version {}); "
                            "use a matching ogan version",
                            path, v[0], v[1], major),
                fmt::format("{}.{}", v[0], v[1]));
  }
}

std::string Reader::attr(const std::string& name) const {
  H5Id root(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
  return string_attr(root.get(), name);
}

std::string Reader::attr_text(const std::string& name) const {
  H5Id root(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
  return results::attr_text(root.get(), name);
}

double Reader::number_attr(const std::string& name, double fallback) const {
  return to_number(attr_text(name), fallback);
}

std::string Reader::dataset_attr(const std::string& object, const std::string& name) const {
  if (!has(object)) return "";
  H5Id obj(H5Oopen(file_.get(), object.c_str(), H5P_DEFAULT));
  if (!obj.valid()) return "";
  // H5Oopen gives a group, dataset or datatype id; H5Id closes each by its kind.
  return results::attr_text(obj.get(), name);
}

double Reader::number_attr_of(const std::string& object, const std::string& name,
                              double fallback) const {
  return to_number(dataset_attr(object, name), fallback);
}

bool Reader::has(const std::string& object) const {
  return exists(file_.get(), object);
}

std::vector<std::string> Reader::children(const std::string& group) const {
  std::vector<std::string> out;
  if (!has(group)) return out;
  H5Id g(H5Gopen2(file_.get(), group.c_str(), H5P_DEFAULT));
  if (!g.valid()) return out;
  H5Literate(
      g.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->push_back(name);
        return 0;
      },
      &out);
  return out;
}

std::vector<double> Reader::doubles(const std::string& dataset, std::vector<hsize_t>* dims) const {
  return read<double>(dataset, dims);
}

std::vector<std::int64_t> Reader::ints(const std::string& dataset,
                                       std::vector<hsize_t>* dims) const {
  return read<std::int64_t>(dataset, dims);
}

std::vector<std::string> Reader::strings(const std::string& dataset) const {
  return read_strings(file_.get(), dataset);
}

std::vector<Kpi> Reader::kpis() const {
  const auto names = strings(path::kKpiName);
  const auto values = doubles(path::kKpiValue);
  const auto units = strings(path::kKpiUnit);
  std::vector<Kpi> out;
  for (std::size_t i = 0; i < names.size() && i < values.size() && i < units.size(); ++i) {
    out.push_back({names[i], values[i], units[i]});
  }
  return out;
}

std::vector<std::int64_t> Reader::offsets(const std::string& dataset, std::size_t items,
                                          std::size_t values) const {
  auto off = ints(dataset);
  auto bad = [&](const std::string& what) {
    return Error(Error::Kind::Malformed,
                 fmt::format("file '{}': {} is damaged: {}", path_, dataset, what));
  };
  if (items != kAnyCount && off.size() != items + 1)
    throw bad(fmt::format("{} offsets for {} items, expected {}", off.size(), items, items + 1));
  if (off.empty() || off.front() != 0) throw bad("the offsets do not start at 0");
  for (std::size_t i = 1; i < off.size(); ++i) {
    if (off[i] < off[i - 1] || off[i] > static_cast<std::int64_t>(values))
      throw bad(fmt::format("offset {} is {}, outside {}..{}", i, off[i], off[i - 1], values));
  }
  if (off.back() != static_cast<std::int64_t>(values))
    throw bad(fmt::format("the last offset is {}, expected {}", off.back(), values));
  return off;
}

}  // namespace ogan::results
