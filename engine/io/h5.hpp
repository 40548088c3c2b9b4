#pragma once

#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/results/hdf5.hpp"

// Writing HDF5: groups, compressed datasets with units and descriptions, attributes. Reading is
// the results library's (engine/results).
namespace ogan::io {

// The owned identifier and element types of the results library, for the writer.
using results::h5_type;
using results::H5Id;

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

// Attaches the dimension scale `scale` to axis `axis` of each dataset.
template <typename Names>
void attach_scale(hid_t file, const Names& datasets, const char* scale, unsigned axis) {
  H5Id ts(H5Dopen2(file, scale, H5P_DEFAULT));
  for (const char* name : datasets) {
    H5Id ds(H5Dopen2(file, name, H5P_DEFAULT));
    H5DSattach_scale(ds.get(), ts.get(), axis);
  }
}

void set_attr(hid_t obj, const std::string& name, const std::string& value);
void set_attr(hid_t obj, const std::string& name, double value);
void set_attr(hid_t obj, const std::string& name, std::int64_t value);
void set_attr(hid_t obj, const std::string& name, const std::vector<std::int32_t>& value);
void set_attr(hid_t obj, const std::string& name, const std::vector<double>& value);

}  // namespace ogan::io
