#include "engine/results/hdf5.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
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

H5Id create_checked_file(const std::string& path) {
  H5Id fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_LATEST);
  return H5Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()));
}

void check_container(const std::string& path, const std::string& what) {
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  unsigned char head[9] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(head), sizeof head);
  if (!in || std::memcmp(head, kSignature, sizeof kSignature) != 0)
    throw Error(Error::Kind::NotHdf5,
                fmt::format("file '{}': not an HDF5 file{}", path,
                            in ? " (no HDF5 signature at its start)" : " (shorter than 9 bytes)"));
  const int version = head[8];
  if (version < 2)
    throw Error(Error::Kind::UnsupportedVersion,
                fmt::format("file '{}': an HDF5 file in the format without checksums (superblock "
                            "version {}), as ogan wrote before results format 1.5; this ogan "
                            "reads only {}s it can check for damage: run it again with this ogan",
                            path, version, what),
                fmt::format("superblock {}", version));
  if (version > 3)
    throw Error(Error::Kind::UnsupportedVersion,
                fmt::format("file '{}': HDF5 superblock version {} is newer than this ogan's "
                            "HDF5 library reads",
                            path, version),
                fmt::format("superblock {}", version));
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
      // A variable-length string lives in a heap that HDF5 cannot checksum: ogan writes none.
      if (H5Tis_variable_str(t.get()) == 0) {
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
  H5Id type(H5Dget_type(ds.get()));
  // Fixed-length strings only: variable-length ones live in a heap without checksums, where a
  // damaged length makes HDF5 1.10.8 loop forever (tests/fuzz/regressions/results).
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) != 0)
    throw Error(Error::Kind::Malformed,
                fmt::format("file '{}': {} is not a dataset of fixed-length strings",
                            file_name(file), path));
  const std::size_t width = H5Tget_size(type.get());
  constexpr std::size_t kMaxWidth = 1 << 16;
  if (width == 0 || width > kMaxWidth)
    throw Error(Error::Kind::Malformed,
                fmt::format("file '{}': {} holds strings of {} bytes each, expected 1 to {}",
                            file_name(file), path, width, kMaxWidth));
  check_size(file, path, n * width);
  H5Id mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.get(), width);
  H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
  H5Tset_cset(mem.get(), H5Tget_cset(type.get()));  // HDF5 converts no character set to another
  std::vector<char> bytes(n * width);
  if (n > 0)
    check_read(H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()), file,
               path);
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = bytes.data() + i * width;
    out.emplace_back(p, strnlen(p, width));
  }
  return out;
}

}  // namespace ogan::results
