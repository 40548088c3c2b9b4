// The results reader, as ogan-viz and ogan compare use it: open, the KPIs, every dataset (numbers
// or strings), and every offsets dataset checked against what it indexes.
//
// The reader opens only HDF5 files with checksummed metadata (results format 1.5): HDF5 1.10.8
// itself loops forever or reads freed memory on some damaged files of the older format, as this
// target found within seconds (tests/fuzz/regressions/results, README there).
#include <hdf5.h>

#include <string>
#include <vector>

#include "engine/results/reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

std::vector<std::string> datasets(hid_t file) {
  std::vector<std::string> out;
  H5Ovisit(
      file, H5_INDEX_NAME, H5_ITER_INC,
      [](hid_t, const char* name, const H5O_info_t* info, void* d) -> herr_t {
        if (info->type == H5O_TYPE_DATASET &&
            static_cast<std::vector<std::string>*>(d)->size() < 200)
          static_cast<std::vector<std::string>*>(d)->push_back(std::string("/") + name);
        return 0;
      },
      &out);
  return out;
}

bool is_string(hid_t file, const std::string& path) {
  const hid_t ds = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  if (ds < 0) return false;
  const hid_t type = H5Dget_type(ds);
  const bool s = type >= 0 && H5Tget_class(type) == H5T_STRING;
  if (type >= 0) H5Tclose(type);
  H5Dclose(ds);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const auto path = ogan::fuzz::write_input(data, size, ".h5");
  ogan::fuzz::expect_only_input_errors([&] {
    const ogan::results::Reader r(path);
    ogan::fuzz::expect_only_input_errors([&] { r.kpis(); });
    for (const auto& d : datasets(r.id())) {
      if (is_string(r.id(), d)) {
        ogan::fuzz::expect_only_input_errors([&] { r.strings(d); });
        continue;
      }
      ogan::fuzz::expect_only_input_errors([&] {
        const auto v = r.doubles(d);
        if (d.size() > 7 && d.compare(d.size() - 7, 7, "_offset") == 0)
          r.offsets(d, ogan::results::Reader::kAnyCount,
                    v.empty() ? 0 : static_cast<std::size_t>(v.back() > 0 ? v.back() : 0));
      });
    }
  });
  return 0;
}
