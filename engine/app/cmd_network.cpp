#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <map>

#include "engine/app/commands.hpp"
#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/gis/dataset.hpp"
#include "engine/network/network_config.hpp"
#include "engine/network/network_writer.hpp"
#include "engine/scenario/world.hpp"

namespace ogan::app {

namespace {

struct BuildArgs {
  std::string input;
  std::string output = "network.gpkg";
  std::string layer;
  std::string crs;
  std::vector<std::string> fields;
  std::vector<std::string> class_map;
  double snap = -1;
  bool no_split = false;
  bool keep_all = false;
};

std::map<std::string, std::string> parse_pairs(const std::vector<std::string>& items,
                                               const char* option) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      throw InputError(fmt::format("{} '{}': expected NAME=VALUE", option, item));
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

bool is_yaml(const std::string& path) {
  const auto ext = std::filesystem::path(path).extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// A GeoPackage with a `roads` layer, an OSM file (its `lines` layer) or a single-layer dataset.
std::string pick_road_layer(const std::string& path) {
  auto ds = gis::open_vector(path);
  const auto names = gis::layer_names(*ds);
  for (const char* preferred : {"roads", "lines"}) {
    if (std::find(names.begin(), names.end(), preferred) != names.end()) return preferred;
  }
  if (names.size() == 1) return names.front();
  return "";  // read_layer will list the layers and ask
}

void run_build(const BuildArgs& a) {
  net::NetworkConfig cfg;
  if (is_yaml(a.input)) {
    cfg = scenario::load_network_config(a.input);
  } else {
    cfg.roads.layer.path = a.input;
    cfg.roads.layer.layer = a.layer.empty() ? pick_road_layer(a.input) : a.layer;
  }
  if (!a.layer.empty()) cfg.roads.layer.layer = a.layer;
  if (!a.crs.empty()) cfg.crs = a.crs;
  for (const auto& [k, v] : parse_pairs(a.fields, "--field")) cfg.roads.layer.fields[k] = v;
  for (const auto& [k, v] : parse_pairs(a.class_map, "--class-map")) cfg.roads.class_map[k] = v;
  if (a.snap > 0) cfg.build.snap_tolerance_m = a.snap;
  if (a.no_split) cfg.build.split_at_crossings = false;
  if (a.keep_all) cfg.build.keep_largest_component = false;
  cfg.build.show_progress = true;

  const OGRSpatialReference target = gis::parse_crs(cfg.crs, "crs");
  if (!gis::is_metric(target)) {
    throw InputError(
        fmt::format("crs '{}' is not a projected CRS in metres; the engine needs "
                    "one (e.g. EPSG:32748, UTM 48S)",
                    cfg.crs));
  }
  spdlog::info("reading roads from {}{}", cfg.roads.layer.path,
               cfg.roads.layer.layer.empty() ? "" : " (layer " + cfg.roads.layer.layer + ")");
  net::RoadReadReport read_rep;
  const auto roads = net::read_roads(cfg.roads, target, &read_rep);
  spdlog::info("{} features, {} roads, {} ignored (not roads or not for motor vehicles)",
               read_rep.features, read_rep.roads, read_rep.ignored_class);
  net::BuildReport rep;
  net::Network network = net::build_network(roads, cfg.build, &rep);
  char* wkt = nullptr;
  target.exportToWkt(&wkt);
  network.crs_wkt = wkt;
  CPLFree(wkt);
  if (rep.dropped_links > 0) {
    spdlog::warn(
        "kept the largest strongly connected component of {}: dropped {} links and {} "
        "nodes not reachable both ways from it (e.g. {})",
        rep.components, rep.dropped_links, rep.dropped_nodes,
        fmt::join(rep.dropped_examples, "; "));
  }
  net::write_network_gpkg(network, a.output);
  double km = 0;
  for (double l : network.length_m) km += l / 1000.0;
  fmt::print("network: {} nodes, {} links, {:.1f} km of directed links\n", network.num_nodes(),
             network.num_links(), km);
  fmt::print("noding: {} crossings split, {} vertices snapped, {} degenerate pieces dropped\n",
             rep.crossings_split, rep.vertices_snapped, rep.degenerate_dropped);
  if (rep.junctions_joined > 0)
    fmt::print("junctions: {} clusters of nodes joined, {} short pieces inside them removed\n",
               rep.junctions_joined, rep.junction_links_removed);
  fmt::print("written: {} (layers links, nodes)\n", a.output);
}

}  // namespace

void add_network_commands(CLI::App& app, Action& action) {
  auto* network = app.add_subcommand("network", "Build and check the road network");
  network->require_subcommand(1);
  auto* build = network->add_subcommand(
      "build",
      "Build the routable network from a road layer or a scenario and write it as a "
      "GeoPackage (layers links and nodes)");
  static BuildArgs a;
  build
      ->add_option("INPUT", a.input,
                   "A road layer (any GDAL path; OSM tags or mapped fields), a GeoPackage with a "
                   "'roads' layer, or a scenario .yaml")
      ->required();
  build->add_option("-o,--output", a.output, "Output GeoPackage")
      ->check(kOutputFileCheck)
      ->capture_default_str();
  build->add_option("--layer", a.layer, "Road layer name (default: roads, lines, or the only one)");
  build->add_option("--crs", a.crs, "Target metric CRS (default EPSG:32748, UTM 48S)");
  build->add_option(
      "--field", a.fields,
      "Field mapping LOGICAL=FIELD; logical names: class, name, oneway, lanes, "
      "speed_kmh, bridge, junction, lane_width_m, side_friction, divided, environment");
  build->add_option("--class-map", a.class_map, "Map a road class value: YOURS=highway_class");
  build->add_option("--snap-tolerance", a.snap, "Vertices closer than this (m) become one node");
  build->add_flag("--no-split-crossings", a.no_split,
                  "Do not add nodes where roads cross without a shared vertex");
  build->add_flag("--keep-all-components", a.keep_all,
                  "Keep parts not strongly connected to the main network");
  build->callback([&action] { action = [] { run_build(a); }; });
}

}  // namespace ogan::app
