#include "engine/results/hdf5.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <numeric>

namespace ogan::results {

void H5Id::reset() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE:
      H5Fclose(id_);
      break;
    case H5I_GROUP:
      H5Gclose(id_);
      break;
    case H5I_DATASET:
      H5Dclose(id_);
      break;
    case H5I_DATASPACE:
      H5Sclose(id_);
      break;
    case H5I_DATATYPE:
      H5Tclose(id_);
      break;
    case H5I_ATTR:
      H5Aclose(id_);
      break;
    case H5I_GENPROP_LST:
      H5Pclose(id_);
      break;
    default:
      break;
  }
  id_ = H5I_INVALID_HID;
}

H5Id vlen_string_type() {
  H5Id t(H5Tcopy(H5T_C_S1));
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

namespace {

std::string file_name(hid_t obj) {
  const ssize_t n = H5Fget_name(obj, nullptr, 0);
  if (n <= 0) return "";
  std::string s(static_cast<std::size_t>(n) + 1, '\0');
  H5Fget_name(obj, s.data(), s.size());
  s.resize(static_cast<std::size_t>(n));
  return s;
}

[[noreturn]] void no_dataset(hid_t file, const std::string& path) {
  throw Error(
      Error::Kind::NoDataset,
      fmt::format("file '{}': no dataset {} (made by an older ogan?)", file_name(file), path));
}

void check_read(herr_t e, hid_t file, const std::string& path) {
  if (e < 0)
    throw Error(Error::Kind::Malformed,
                fmt::format("file '{}': cannot read {}: its data is damaged (a checksum that "
                            "does not match, a truncated file or undecodable chunks)",
                            file_name(file), path));
}

// A damaged header can claim any shape; no results dataset comes near this many values.
void check_size(hid_t file, const std::string& path, hsize_t total) {
  constexpr hsize_t kMaxValues = hsize_t{1} << 31;
  if (total > kMaxValues)
    throw Error(Error::Kind::Malformed,
                fmt::format("file '{}': {} claims {} values, more than the {} a results dataset "
                            "may hold (a damaged header?)",
                            file_name(file), path, total, kMaxValues));
}

}  // namespace

bool exists(hid_t file, const std::string& path) {
  std::string cur;
  std::size_t start = 0;
  while (start < path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) {
      cur += "/";
      cur.append(path, start, end - start);
      if (H5Lexists(file, cur.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    start = end + 1;
  }
  return true;
}

std::string attr_text(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) <= 0) return "";
  H5Id a(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  if (!a.valid()) return "";
  H5Id t(H5Aget_type(a.get()));
  std::string out;
  // Numbers (seed, sample_rate) are returned as text; integers in full, as a seed must be exact.
  switch (H5Tget_class(t.get())) {
    case H5T_INTEGER: {
      long long v = 0;
      H5Aread(a.get(), H5T_NATIVE_LLONG, &v);
      out = fmt::format("{}", v);
      break;
    }
    case H5T_FLOAT: {
      double v = 0;
      H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v);
      out = fmt::format("{:g}", v);
      break;
    }
    case H5T_STRING:
      if (H5Tis_variable_str(t.get()) > 0) {
        char* s = nullptr;
        H5Id mem = vlen_string_type();
        H5Aread(a.get(), mem.get(), &s);
        out = s ? s : "";
        H5free_memory(s);
      } else {
        out.assign(H5Tget_size(t.get()), '\0');
        H5Aread(a.get(), t.get(), out.data());
        out.resize(std::strlen(out.c_str()));
      }
      break;
    default:
      break;
  }
  return out;
}

std::string string_attr(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) <= 0) return "";
  H5Id a(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  if (!a.valid()) return "";
  H5Id t(H5Aget_type(a.get()));
  return H5Tget_class(t.get()) == H5T_STRING ? attr_text(obj, name) : "";
}

std::vector<std::int32_t> int_attr(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) <= 0) return {};
  H5Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  if (!attr.valid()) return {};
  H5Id space(H5Aget_space(attr.get()));
  const auto n = H5Sget_simple_extent_npoints(space.get());
  std::vector<std::int32_t> v(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  if (!v.empty() && H5Aread(attr.get(), H5T_NATIVE_INT32, v.data()) < 0) return {};
  return v;
}

std::optional<double> double_attr(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) <= 0) return std::nullopt;
  H5Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  double v = 0;
  if (!attr.valid() || H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v) < 0) return std::nullopt;
  return v;
}

template <typename T>
std::vector<T> read_vector(hid_t file, const std::string& path, std::vector<hsize_t>* dims) {
  if (!exists(file, path)) no_dataset(file, path);
  H5Id ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
  if (!ds.valid()) no_dataset(file, path);
  H5Id space(H5Dget_space(ds.get()));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> d(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
  const hsize_t total = std::accumulate(d.begin(), d.end(), hsize_t{1}, std::multiplies<>());
  check_size(file, path, total);
  std::vector<T> out(total);
  if (total > 0)
    check_read(H5Dread(ds.get(), h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), file,
               path);
  if (dims) *dims = d;
  return out;
}

template std::vector<double> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<float> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::int64_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::int32_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::uint32_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::uint64_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::int8_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::uint8_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);

std::vector<std::string> read_strings(hid_t file, const std::string& path) {
  if (!exists(file, path)) no_dataset(file, path);
  H5Id ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
  if (!ds.valid()) no_dataset(file, path);
  H5Id space(H5Dget_space(ds.get()));
  const auto n =
      static_cast<std::size_t>(std::max<hssize_t>(H5Sget_simple_extent_npoints(space.get()), 0));
  check_size(file, path, n);
  std::vector<char*> ptrs(n, nullptr);
  H5Id type = vlen_string_type();
  if (n > 0)
    check_read(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), file,
               path);
  std::vector<std::string> out;
  out.reserve(n);
  for (auto* p : ptrs) out.emplace_back(p ? p : "");
  if (n > 0) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

}  // namespace ogan::results
