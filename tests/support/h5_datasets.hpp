#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace ogan::test {

// The absolute path of every dataset in an open HDF5 file, in name order.
inline std::vector<std::string> datasets_of(hid_t file) {
  std::vector<std::string> out;
  H5Ovisit(
      file, H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        if (info->type == H5O_TYPE_DATASET)
          static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
        return 0;
      },
      &out);
  return out;
}

}  // namespace ogan::test
