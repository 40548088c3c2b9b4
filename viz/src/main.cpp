// ogan-viz: maps from ogan results files, for masterplan appendices. Reads results files only.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "map.hpp"
#include "results.hpp"

int main(int argc, char** argv) {
  CLI::App app{"ogan-viz: print-quality maps from ogan results files"};
  app.require_subcommand(1);
  auto* map = app.add_subcommand("map", "Draw one map of a results file");
  std::string input;
  viz::MapOptions o;
  bool portrait = false;
  map->add_option("RESULTS", input, "Results file (.h5)")->required();
  map->add_option("--layer", o.layer, "vc, volume or speed")->capture_default_str();
  map->add_option("--time", o.time, "HH:MM: the interval containing it (default: the busiest interval of each link)");
  map->add_option("--zoom", o.zoom, "oku, baturaja or xmin,ymin,xmax,ymax")->capture_default_str();
  map->add_option("--paper", o.paper, "A4 or A3")->capture_default_str();
  map->add_flag("--portrait", portrait, "Portrait instead of landscape");
  map->add_option("--dpi", o.dpi, "Resolution of PNG output")->capture_default_str();
  map->add_option("-o,--output", o.output, "Output .png, .pdf or .svg")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  o.landscape = !portrait;
  try {
    viz::Results r(input);
    viz::render_map(r, o);
    fmt::print("written: {}\n", o.output);
  } catch (const viz::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}
