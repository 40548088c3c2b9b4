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

namespace {

using namespace ogan;

// Three nodes on a west-east line; links 0: 0->1, 1: 1->2 ("Jalan Merdeka"), 2: 1->0, 3: 2->1
// ("Jalan Merdeka"); as in tests/run/test_observations.cpp.
scenario::World make_world() {
  scenario::World w;
  w.crs = gis::parse_crs("EPSG:32748");
  auto& n = w.network;
  n.crs_wkt = "EPSG:32748";
  for (int i = 0; i < 3; ++i) {
    n.node_x.push_back(420000 + 100.0 * i);
    n.node_y.push_back(9547000);
  }
  n.names = {"Jalan Merdeka"};
  const int links[4][4] = {{0, 1, -1, 2}, {1, 2, 0, 3}, {1, 0, -1, 0}, {2, 1, 0, 1}};
  for (const auto& [a, b, name, rev] : links) {
    n.from.push_back(a);
    n.to.push_back(b);
    n.length_m.push_back(100);
    n.lanes.push_back(1);
    n.free_speed_mps.push_back(10);
    n.capacity_pcu_h.push_back(1800);
    n.storage_pcu.push_back(20);
    n.road_class.push_back(0);
    n.pkji_type.push_back(0);
    n.oneway.push_back(0);
    n.bridge.push_back(0);
    n.motor.push_back(1);
    n.name_id.push_back(name);
    n.source_fid.push_back(-1);
    n.reverse.push_back(rev);
    for (int v : {a, b}) {
      n.geom_x.push_back(n.node_x[static_cast<std::size_t>(v)]);
      n.geom_y.push_back(9547000);
    }
    n.geom_offset.push_back(static_cast<std::uint32_t>(n.geom_x.size()));
  }
  n.build_adjacency();
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
