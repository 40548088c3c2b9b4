// ogan-make-baturaja: builds data/baturaja/oku.gpkg from data/facts/. Deterministic: no clock, no
// unseeded randomness, fixed iteration order.
#include <fmt/format.h>
#include <gdal_priv.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>

#include "baturaja.hpp"

namespace {
void usage() {
  fmt::print(stderr,
             "usage: ogan-make-baturaja [--facts DIR] [--boundaries DIR] [-o PATH]\n"
             "  defaults: --facts data/facts  --boundaries FACTS/../boundaries"
             "  -o data/baturaja/oku.gpkg\n");
}
}  // namespace

int main(int argc, char** argv) {
  std::string facts = "data/facts", out = "data/baturaja/oku.gpkg", boundaries;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--facts" || a == "-o" || a == "--boundaries") && i + 1 < argc) {
      (a == "-o" ? out : a == "--facts" ? facts : boundaries) = argv[++i];
    } else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else {
      usage();
      return 2;
    }
  }
  GDALAllRegister();
  CPLSetConfigOption("OGR_GPKG_FOREIGN_KEY_CHECK", "NO");
  try {
    if (boundaries.empty())
      boundaries =
          (std::filesystem::path(facts).lexically_normal().parent_path() / "boundaries").string();
    gen::Facts f = gen::read_facts(facts);
    gen::Tiling t = gen::load_boundaries(f, boundaries);
    gen::RoadStats rs;
    auto roads = gen::build_roads(f, t.grid, rs);
    auto fac = gen::make_facilities(f, t.grid);
    std::vector<std::string> unmatched;
    auto flood = gen::flood_zones(f, unmatched);
    for (const auto& u : unmatched)
      fmt::print("flood_prone: '{}' is not a desa/kelurahan, not mapped\n", u);
    gen::flood_extents(f, t, flood);
    gen::write_gpkg(out, f, t, roads, fac, flood);
    fmt::print("wrote {}: {} zones, {} kecamatan, {} roads, {} facilities, {} flood-prone zones\n",
               out, f.zones.size(), f.kec.size(), roads.size(), fac.size(), flood.size());
  } catch (const gen::InputError& e) {
    fmt::print(stderr, "ogan-make-baturaja: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "ogan-make-baturaja: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
