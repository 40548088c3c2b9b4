#include "engine/network/network_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/core/yaml_reader.hpp"

namespace ogan::net {

using Reader = YamlReader;

NetworkConfig load_network_config(const std::string& yaml_path) {
  return parse_network_config(YamlReader(yaml_path), YamlReader(yaml_path).load());
}

NetworkConfig parse_network_config(const YamlReader& r, const YAML::Node& root) {
  NetworkConfig cfg;
  if (!root.IsMap()) r.fail(root, "(top)", "expected a mapping of keys to values");
  if (root["crs"]) cfg.crs = r.get<std::string>(root["crs"], "crs", "a CRS string");
  const YAML::Node net = root["network"];
  if (!net) r.fail(root, "network", "missing: the file has no network section");
  r.check_keys(net, "network",
               {"roads", "snap_tolerance_m", "split_at_crossings", "keep_largest_component",
                "pcu_length_m", "pkji"});
  const YAML::Node roads = net["roads"];
  if (!roads) r.fail(net, "network.roads", "missing: say which road layer to build from");
  r.check_keys(roads, "network.roads",
               {"path", "layer", "fields", "class_map", "include_non_motor", "assume_crs"});
  if (!roads["path"]) r.fail(roads, "network.roads.path", "missing");
  cfg.roads.layer.path = r.path(roads["path"], "network.roads.path");
  if (roads["layer"]) cfg.roads.layer.layer = r.get<std::string>(roads["layer"], "network.roads.layer", "a layer name");
  if (roads["fields"]) {
    static const std::vector<std::string> kLogical = {"class", "name", "oneway", "lanes",
                                                      "speed_kmh", "bridge", "junction",
                                                      "lane_width_m", "side_friction", "divided",
                                                      "environment"};
    r.check_keys(roads["fields"], "network.roads.fields", kLogical);
    cfg.roads.layer.fields = r.string_map(roads["fields"], "network.roads.fields");
  }
  if (roads["class_map"]) cfg.roads.class_map = r.string_map(roads["class_map"], "network.roads.class_map");
  if (roads["include_non_motor"]) {
    cfg.roads.include_non_motor = r.get<bool>(roads["include_non_motor"], "network.roads.include_non_motor", "true or false");
  }
  if (roads["assume_crs"]) cfg.roads.layer.assume_crs = r.get<std::string>(roads["assume_crs"], "network.roads.assume_crs", "a CRS string");
  if (net["snap_tolerance_m"]) cfg.build.snap_tolerance_m = r.positive(net["snap_tolerance_m"], "network.snap_tolerance_m");
  if (net["split_at_crossings"]) cfg.build.split_at_crossings = r.get<bool>(net["split_at_crossings"], "network.split_at_crossings", "true or false");
  if (net["keep_largest_component"]) cfg.build.keep_largest_component = r.get<bool>(net["keep_largest_component"], "network.keep_largest_component", "true or false");
  if (net["pcu_length_m"]) cfg.build.pcu_length_m = r.positive(net["pcu_length_m"], "network.pcu_length_m");
  if (const YAML::Node pk = net["pkji"]) {
    r.check_keys(pk, "network.pkji", {"environment", "city_population", "shoulder_m"});
    if (pk["environment"]) {
      const auto env = r.get<std::string>(pk["environment"], "network.pkji.environment", "urban or interurban");
      if (env == "urban") cfg.build.environment = PkjiEnvironment::Urban;
      else if (env == "interurban") cfg.build.environment = PkjiEnvironment::Interurban;
      else r.fail(pk["environment"], "network.pkji.environment", fmt::format("expected urban or interurban, got '{}'", env));
    }
    if (pk["city_population"]) cfg.build.city_population = r.positive(pk["city_population"], "network.pkji.city_population");
    if (pk["shoulder_m"]) cfg.build.shoulder_m = r.get<double>(pk["shoulder_m"], "network.pkji.shoulder_m", "a number");
  }
  return cfg;
}

}  // namespace ogan::net
