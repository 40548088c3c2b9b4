#pragma once

// The HDF5 layer under the results reader and the engine's writer: an owned identifier, the
// element types, and reads by path of attributes and datasets. Depends on HDF5 and fmt only.

#include <hdf5.h>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace ogan::results {

// A results file (or a sweep index) that cannot be read as asked: a problem with the input the
// user can fix (the engine and ogan-viz exit with code 2). kind() says which, so that a program
// can word it for its users; found() is the filetype found (WrongFileType) or "major.minor"
// (UnsupportedVersion).
class Error : public std::runtime_error {
 public:
  enum class Kind {
    NoFile,
    NotHdf5,
    CannotOpen,
    WrongFileType,
    UnsupportedVersion,
    NoDataset,
    Malformed
  };
  Error(Kind kind, const std::string& message, std::string found = "")
      : std::runtime_error(message), kind_(kind), found_(std::move(found)) {}
  Kind kind() const noexcept { return kind_; }
  const std::string& found() const noexcept { return found_; }

 private:
  Kind kind_;
  std::string found_;
};

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
  if constexpr (std::is_same_v<T, double>)
    return H5T_NATIVE_DOUBLE;
  else if constexpr (std::is_same_v<T, float>)
    return H5T_NATIVE_FLOAT;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return H5T_NATIVE_UINT32;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return H5T_NATIVE_INT8;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return H5T_NATIVE_UINT8;
  else
    static_assert(sizeof(T) == 0, "unsupported HDF5 element type");
}

// Creates (truncates) an HDF5 file in the format of HDF5 1.10, whose metadata (superblock, object
// headers, B-trees, heaps, chunk indexes) all carry checksums, so that HDF5 refuses damaged
// metadata instead of parsing it. Every file ogan writes is made here.
H5Id create_checked_file(const std::string& path);

// Before HDF5 parses a file: Error unless it starts with an HDF5 superblock of version 2 or later,
// the checksummed format create_checked_file writes. HDF5 1.10.8 loops forever or reads freed
// memory on some damaged files of the older format (tests/fuzz/regressions/results), so ogan does
// not open them. `what` names the kind of file in the message ("results file", "state file", ...).
void check_container(const std::string& path, const std::string& what);

// True if every group on the way to `path` and the object itself exist.
bool exists(hid_t file, const std::string& path);

// A string attribute; "" if absent or not a string.
std::string string_attr(hid_t obj, const std::string& name);
// An attribute as text: strings as they are, integers in full, floats as {:g}; "" if absent.
std::string attr_text(hid_t obj, const std::string& name);
// An integer attribute (scalar or array); empty if absent.
std::vector<std::int32_t> int_attr(hid_t obj, const std::string& name);
// A numeric attribute converted to double; nullopt if absent or not numeric.
std::optional<double> double_attr(hid_t obj, const std::string& name);

// A whole dataset converted to T; dims receives its shape. Error (NoDataset) if it is absent.
template <typename T>
std::vector<T> read_vector(hid_t file, const std::string& path,
                           std::vector<hsize_t>* dims = nullptr);
std::vector<std::string> read_strings(hid_t file, const std::string& path);

}  // namespace ogan::results
