#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace ogan::io {

// An owned HDF5 identifier, closed with the right H5*close for its kind.
class H5Id {
 public:
  H5Id() = default;
  explicit H5Id(hid_t id) : id_(id) {}
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  H5Id(H5Id&& o) noexcept : id_(o.id_) { o.id_ = H5I_INVALID_HID; }
  H5Id& operator=(H5Id&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = o.id_;
      o.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  ~H5Id() { reset(); }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

template <typename T>
hid_t h5_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  else if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  else if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  else if constexpr (std::is_same_v<T, std::int8_t>) return H5T_NATIVE_INT8;
  else if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
  else static_assert(sizeof(T) == 0, "unsupported HDF5 element type");
}

// Groups are created with their parents ("a/b/c").
H5Id ensure_group(hid_t file, const std::string& path);

// A dataset, chunked and deflate-compressed, with `units` and `description` attributes.
// dims: the shape (row-major); data.size() must equal their product.
template <typename T>
void write_array(hid_t file, const std::string& path, const std::vector<T>& data,
                 const std::vector<hsize_t>& dims, const std::string& units,
                 const std::string& description);
template <typename T>
void write_vector(hid_t file, const std::string& path, const std::vector<T>& data,
                  const std::string& units, const std::string& description) {
  write_array(file, path, data, {static_cast<hsize_t>(data.size())}, units, description);
}
void write_strings(hid_t file, const std::string& path, const std::vector<std::string>& data,
                   const std::string& description);

void set_attr(hid_t obj, const std::string& name, const std::string& value);
void set_attr(hid_t obj, const std::string& name, double value);
void set_attr(hid_t obj, const std::string& name, std::int64_t value);
void set_attr(hid_t obj, const std::string& name, const std::vector<std::int32_t>& value);
void set_attr(hid_t obj, const std::string& name, const std::vector<double>& value);

bool has_attr(hid_t obj, const std::string& name);
std::string get_string_attr(hid_t obj, const std::string& name);
std::vector<std::int32_t> get_int_attr(hid_t obj, const std::string& name);
// A numeric attribute converted to double; nullopt if absent or not numeric.
std::optional<double> get_double_attr(hid_t obj, const std::string& name);

bool exists(hid_t file, const std::string& path);
template <typename T>
std::vector<T> read_vector(hid_t file, const std::string& path, std::vector<hsize_t>* dims = nullptr);
std::vector<std::string> read_strings(hid_t file, const std::string& path);

}  // namespace ogan::io
