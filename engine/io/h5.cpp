#include "engine/io/h5.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>

#include "engine/core/error.hpp"

namespace ogan::io {

void H5Id::reset() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE: H5Fclose(id_); break;
    case H5I_GROUP: H5Gclose(id_); break;
    case H5I_DATASET: H5Dclose(id_); break;
    case H5I_DATASPACE: H5Sclose(id_); break;
    case H5I_DATATYPE: H5Tclose(id_); break;
    case H5I_ATTR: H5Aclose(id_); break;
    case H5I_GENPROP_LST: H5Pclose(id_); break;
    default: break;
  }
  id_ = H5I_INVALID_HID;
}

namespace {
void check(herr_t e, const std::string& what) {
  if (e < 0) throw InternalError("HDF5: " + what + " failed");
}
H5Id vlen_string_type() {
  H5Id t(H5Tcopy(H5T_C_S1));
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}
H5Id dataset_props(const std::vector<hsize_t>& dims, std::size_t elem_size) {
  H5Id plist(H5Pcreate(H5P_DATASET_CREATE));
  const hsize_t total = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  if (total == 0) return plist;
  // Chunks of about 256 KiB along the first axis, whole along the others.
  std::vector<hsize_t> chunk = dims;
  hsize_t inner = 1;
  for (std::size_t i = 1; i < dims.size(); ++i) inner *= dims[i];
  chunk[0] = std::clamp<hsize_t>((256 * 1024) / std::max<hsize_t>(1, inner * elem_size), 1, dims[0]);
  H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data());
  H5Pset_shuffle(plist.get());
  H5Pset_deflate(plist.get(), 4);
  return plist;
}
std::pair<std::string, std::string> split_path(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

// "/a/b/c" -> "/a", "/a/b", "/a/b/c" (empty segments skipped).
std::vector<std::string> prefixes(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  std::size_t start = 0;
  while (start < path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    cur += "/" + part;
    out.push_back(cur);
  }
  return out;
}
}  // namespace

H5Id ensure_group(hid_t file, const std::string& path) {
  H5Id g(H5Gopen2(file, "/", H5P_DEFAULT));
  for (const auto& cur : prefixes(path)) {
    if (H5Lexists(file, cur.c_str(), H5P_DEFAULT) > 0) {
      g = H5Id(H5Gopen2(file, cur.c_str(), H5P_DEFAULT));
    } else {
      g = H5Id(H5Gcreate2(file, cur.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    }
    if (!g.valid()) throw InternalError("HDF5: cannot create group " + cur);
  }
  return g;
}

template <typename T>
void write_array(hid_t file, const std::string& path, const std::vector<T>& data,
                 const std::vector<hsize_t>& dims, const std::string& units,
                 const std::string& description) {
  const auto [parent, name] = split_path(path);
  H5Id g = ensure_group(file, parent);
  const hsize_t total = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  if (total != data.size()) throw InternalError(fmt::format("HDF5: {} has {} values for shape {}", path, data.size(), total));
  H5Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  H5Id plist = dataset_props(dims, sizeof(T));
  H5Id ds(H5Dcreate2(g.get(), name.c_str(), h5_type<T>(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT));
  if (!ds.valid()) throw InternalError("HDF5: cannot create dataset " + path);
  if (total > 0) check(H5Dwrite(ds.get(), h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write " + path);
  set_attr(ds.get(), "units", units);
  set_attr(ds.get(), "description", description);
}

template void write_array(hid_t, const std::string&, const std::vector<double>&, const std::vector<hsize_t>&, const std::string&, const std::string&);
template void write_array(hid_t, const std::string&, const std::vector<float>&, const std::vector<hsize_t>&, const std::string&, const std::string&);
template void write_array(hid_t, const std::string&, const std::vector<std::int64_t>&, const std::vector<hsize_t>&, const std::string&, const std::string&);
template void write_array(hid_t, const std::string&, const std::vector<std::int32_t>&, const std::vector<hsize_t>&, const std::string&, const std::string&);
template void write_array(hid_t, const std::string&, const std::vector<std::uint32_t>&, const std::vector<hsize_t>&, const std::string&, const std::string&);
template void write_array(hid_t, const std::string&, const std::vector<std::int8_t>&, const std::vector<hsize_t>&, const std::string&, const std::string&);
template void write_array(hid_t, const std::string&, const std::vector<std::uint8_t>&, const std::vector<hsize_t>&, const std::string&, const std::string&);

void write_strings(hid_t file, const std::string& path, const std::vector<std::string>& data,
                   const std::string& description) {
  const auto [parent, name] = split_path(path);
  H5Id g = ensure_group(file, parent);
  H5Id type = vlen_string_type();
  const hsize_t n = data.size();
  H5Id space(H5Screate_simple(1, &n, nullptr));
  H5Id plist = dataset_props({n}, sizeof(char*));
  H5Id ds(H5Dcreate2(g.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT));
  if (!ds.valid()) throw InternalError("HDF5: cannot create dataset " + path);
  std::vector<const char*> ptrs;
  for (const auto& s : data) ptrs.push_back(s.c_str());
  if (n > 0) check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "write " + path);
  set_attr(ds.get(), "units", "");
  set_attr(ds.get(), "description", description);
}

void set_attr(hid_t obj, const std::string& name, const std::string& value) {
  H5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), std::max<std::size_t>(1, value.size()));
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Id space(H5Screate(H5S_SCALAR));
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  H5Id attr(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  check(H5Awrite(attr.get(), type.get(), value.empty() ? "" : value.data()), "attribute " + name);
}

namespace {
template <typename T>
void set_attr_array(hid_t obj, const std::string& name, const T* data, hsize_t n) {
  H5Id space(n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr));
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  H5Id attr(H5Acreate2(obj, name.c_str(), h5_type<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  check(H5Awrite(attr.get(), h5_type<T>(), data), "attribute " + name);
}
}  // namespace

void set_attr(hid_t obj, const std::string& name, double value) { set_attr_array(obj, name, &value, 1); }
void set_attr(hid_t obj, const std::string& name, std::int64_t value) { set_attr_array(obj, name, &value, 1); }
void set_attr(hid_t obj, const std::string& name, const std::vector<std::int32_t>& v) {
  set_attr_array(obj, name, v.data(), v.size());
}
void set_attr(hid_t obj, const std::string& name, const std::vector<double>& v) {
  set_attr_array(obj, name, v.data(), v.size());
}

bool has_attr(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

std::string get_string_attr(hid_t obj, const std::string& name) {
  H5Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  if (!attr.valid()) return "";
  H5Id type(H5Aget_type(attr.get()));
  if (H5Tget_class(type.get()) != H5T_STRING) return "";
  if (H5Tis_variable_str(type.get()) > 0) {
    char* s = nullptr;
    H5Id mem = vlen_string_type();
    H5Aread(attr.get(), mem.get(), &s);
    std::string out = s ? s : "";
    H5free_memory(s);
    return out;
  }
  const std::size_t size = H5Tget_size(type.get());
  std::string out(size, '\0');
  H5Aread(attr.get(), type.get(), out.data());
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::vector<std::int32_t> get_int_attr(hid_t obj, const std::string& name) {
  H5Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  if (!attr.valid()) return {};
  H5Id space(H5Aget_space(attr.get()));
  const auto n = H5Sget_simple_extent_npoints(space.get());
  std::vector<std::int32_t> v(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  H5Aread(attr.get(), H5T_NATIVE_INT32, v.data());
  return v;
}

std::optional<double> get_double_attr(hid_t obj, const std::string& name) {
  if (H5Aexists(obj, name.c_str()) <= 0) return std::nullopt;
  H5Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  double v = 0;
  if (!attr.valid() || H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v) < 0) return std::nullopt;
  return v;
}

bool exists(hid_t file, const std::string& path) {
  for (const auto& cur : prefixes(path)) {
    if (H5Lexists(file, cur.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return true;
}

template <typename T>
std::vector<T> read_vector(hid_t file, const std::string& path, std::vector<hsize_t>* dims) {
  H5Id ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
  if (!ds.valid()) throw InputError("results file has no dataset " + path);
  H5Id space(H5Dget_space(ds.get()));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> d(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
  const hsize_t total = std::accumulate(d.begin(), d.end(), hsize_t{1}, std::multiplies<>());
  std::vector<T> out(total);
  if (total > 0) check(H5Dread(ds.get(), h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + path);
  if (dims) *dims = d;
  return out;
}

template std::vector<double> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<float> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::int64_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::int32_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::uint32_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::int8_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);
template std::vector<std::uint8_t> read_vector(hid_t, const std::string&, std::vector<hsize_t>*);

std::vector<std::string> read_strings(hid_t file, const std::string& path) {
  H5Id ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
  if (!ds.valid()) throw InputError("results file has no dataset " + path);
  H5Id space(H5Dget_space(ds.get()));
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  std::vector<char*> ptrs(n, nullptr);
  H5Id type = vlen_string_type();
  if (n > 0) check(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "read " + path);
  std::vector<std::string> out;
  for (auto* p : ptrs) out.emplace_back(p ? p : "");
  if (n > 0) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

}  // namespace ogan::io
