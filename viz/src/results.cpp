#include "results.hpp"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <numeric>

namespace viz {

namespace {
std::string read_string_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return "";
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  const hid_t t = H5Aget_type(a);
  std::string out;
  // Numbers (seed, sample_rate) are returned as text; integers in full, as a seed must be exact.
  if (H5Tget_class(t) == H5T_INTEGER) {
    long long v = 0;
    H5Aread(a, H5T_NATIVE_LLONG, &v);
    out = fmt::format("{}", v);
  } else if (H5Tget_class(t) == H5T_FLOAT) {
    double v = 0;
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    out = fmt::format("{:g}", v);
  } else if (H5Tget_class(t) == H5T_STRING) {
    if (H5Tis_variable_str(t) > 0) {
      char* s = nullptr;
      H5Aread(a, t, &s);
      out = s ? s : "";
      H5free_memory(s);
    } else {
      out.resize(H5Tget_size(t));
      H5Aread(a, t, out.data());
      out.resize(std::strlen(out.c_str()));
    }
  }
  H5Tclose(t);
  H5Aclose(a);
  return out;
}
}  // namespace

Results::Results(const std::string& path, const std::string& filetype) : path_(path) {
  if (!std::filesystem::exists(path)) throw InputError(fmt::format("file '{}': does not exist", path));
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(fmt::format("file '{}': not an HDF5 file", path));
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw InputError(fmt::format("file '{}': cannot open it", path));
  if (attr("filetype") != filetype) {
    const bool index = attr("filetype") == "ogan-sweep-index";
    H5Fclose(file_);
    file_ = -1;
    if (filetype == "ogan-sweep-index") throw InputError(fmt::format("file '{}': not an ogan sweep index (DIR/index.h5 of ogan sweep)", path));
    throw InputError(index ? fmt::format("file '{}': a sweep index, not a results file: use ogan-viz sweep, or its runs/*.h5", path)
                           : fmt::format("file '{}': not an ogan results file", path));
  }
  const hid_t root = H5Gopen2(file_, "/", H5P_DEFAULT);
  if (H5Aexists(root, "format_version") > 0) {
    const hid_t a = H5Aopen(root, "format_version", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_INT, version_.data());
    H5Aclose(a);
  }
  H5Gclose(root);
  if (version_[0] != 1) {
    H5Fclose(file_);
    file_ = -1;
    throw InputError(fmt::format("file '{}': results format {}.{} is not supported (ogan-viz reads 1.x)", path,
                                 version_[0], version_[1]));
  }
}

Results::~Results() {
  if (file_ >= 0) H5Fclose(file_);
}

std::string Results::attr(const std::string& name) const {
  const hid_t root = H5Gopen2(file_, "/", H5P_DEFAULT);
  auto s = read_string_attr(root, name.c_str());
  H5Gclose(root);
  return s;
}

double Results::number_attr(const std::string& name, double fallback) const {
  const auto s = attr(name);
  try {
    return s.empty() ? fallback : std::stod(s);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::vector<std::string> Results::children(const std::string& group) const {
  std::vector<std::string> out;
  if (!has(group)) return out;
  const hid_t g = H5Gopen2(file_, group.c_str(), H5P_DEFAULT);
  if (g < 0) return out;
  H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
              [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
                static_cast<std::vector<std::string>*>(data)->push_back(name);
                return 0;
              },
              &out);
  H5Gclose(g);
  return out;
}

bool Results::has(const std::string& dataset) const {
  std::string cur;
  std::size_t start = 1;
  while (start <= dataset.size()) {
    auto end = dataset.find('/', start);
    if (end == std::string::npos) end = dataset.size();
    cur.push_back('/');
    cur.append(dataset, start, end - start);
    if (H5Lexists(file_, cur.c_str(), H5P_DEFAULT) <= 0) return false;
    start = end + 1;
  }
  return true;
}

namespace {
template <typename T>
std::vector<T> read(hid_t file, const std::string& path, hid_t type, std::vector<hsize_t>* dims, const std::string& fname) {
  const hid_t ds = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (ds < 0) throw InputError(fmt::format("file '{}': no dataset {} (made by an older ogan?)", fname, path));
  const hid_t space = H5Dget_space(ds);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> d(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space, d.data(), nullptr);
  const hsize_t n = std::accumulate(d.begin(), d.end(), hsize_t{1}, std::multiplies<>());
  std::vector<T> out(n);
  if (n > 0) H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  H5Sclose(space);
  H5Dclose(ds);
  if (dims) *dims = d;
  return out;
}
}  // namespace

std::vector<double> Results::doubles(const std::string& p, std::vector<hsize_t>* dims) const {
  return read<double>(file_, p, H5T_NATIVE_DOUBLE, dims, path_);
}

std::vector<std::int64_t> Results::ints(const std::string& p, std::vector<hsize_t>* dims) const {
  return read<std::int64_t>(file_, p, H5T_NATIVE_INT64, dims, path_);
}

std::vector<std::string> Results::strings(const std::string& p) const {
  const hid_t ds = H5Dopen2(file_, p.c_str(), H5P_DEFAULT);
  if (ds < 0) throw InputError(fmt::format("file '{}': no dataset {}", path_, p));
  const hid_t space = H5Dget_space(ds);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<char*> ptrs(n, nullptr);
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  if (n > 0) H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
  std::vector<std::string> out;
  for (auto* s : ptrs) out.emplace_back(s ? s : "");
  if (n > 0) H5Dvlen_reclaim(t, space, H5P_DEFAULT, ptrs.data());
  H5Tclose(t);
  H5Sclose(space);
  H5Dclose(ds);
  return out;
}

std::string Results::dataset_attr(const std::string& object, const std::string& name) const {
  if (!has(object)) return "";
  const hid_t obj = H5Oopen(file_, object.c_str(), H5P_DEFAULT);
  if (obj < 0) return "";
  auto s = read_string_attr(obj, name.c_str());
  H5Oclose(obj);
  return s;
}

double Results::number_attr_of(const std::string& object, const std::string& name, double fallback) const {
  const auto s = dataset_attr(object, name);
  try {
    return s.empty() ? fallback : std::stod(s);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::vector<std::unique_ptr<Results>> open_all(const std::vector<std::string>& paths) {
  std::vector<std::unique_ptr<Results>> files;
  for (const auto& p : paths) files.push_back(std::make_unique<Results>(p));
  return files;
}

std::vector<const Results*> views(const std::vector<std::unique_ptr<Results>>& files) {
  std::vector<const Results*> refs;
  for (const auto& f : files) refs.push_back(f.get());
  return refs;
}

}  // namespace viz
