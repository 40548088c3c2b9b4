// The observation readers (engine/run/observations_reader.hpp): a folder of CSV files read
// against a small hand-made world. The input is the folder: sections that start with a line
// "=== NAME" become the file NAME (one of the five CSV files the reader knows), so mutations
// reach every file and the combinations between them.
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "engine/gis/crs.hpp"
#include "engine/run/observations_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "tests/support/line_network.hpp"

namespace {

using namespace ogan;

// The line network of tests/run/test_observations.cpp and the facilities its reader tests name.
scenario::World make_world() {
  scenario::World w;
  w.crs = gis::parse_crs("EPSG:32748");
  w.network = test::line_network();
  w.network.crs_wkt = "EPSG:32748";
  for (const char* name : {"Puskesmas Baturaja", "RSUD Ibnu Sutowo", "Posyandu Mawar"}) {
    gis::Facility f;
    f.name = name;
    f.type = "puskesmas";
    w.facility_list.push_back(f);
  }
  return w;
}

bool known_file(std::string_view name) {
  for (const char* k :
       {"stations.csv", "counts.csv", "travel_times.csv", "facilities.csv", "closures.csv"})
    if (name == k) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const scenario::World world = make_world();
  const std::string dir = fuzz::write_input(data, size, ".txt") + ".d";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::ofstream out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(pos, end - pos);
    if (line.substr(0, 4) == "=== ") {
      out.close();
      const auto name = line.substr(4);
      if (known_file(name)) out.open(dir + "/" + std::string(name), std::ios::binary);
    } else if (out.is_open()) {
      out << line;
      if (end < text.size()) out << '\n';
    }
    pos = end + 1;
  }
  out.close();
  fuzz::expect_only_input_errors([&] { run::read_observations(dir, world); });
  return 0;
}
