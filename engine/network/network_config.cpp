#include "engine/network/network_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "engine/core/error.hpp"

namespace ogan::net {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& what) const {
    const int line = node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    throw InputError(fmt::format("{}:{}: {}: {}", file_, line, key, what));
  }

  void check_keys(const YAML::Node& map, const std::string& prefix,
                  const std::vector<std::string>& allowed) const {
    if (!map.IsMap()) fail(map, prefix, "expected a mapping of keys to values");
    for (const auto& kv : map) {
      const auto key = kv.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const auto guess = closest_match(key, allowed);
      fail(kv.first, prefix + "." + key,
           fmt::format("unknown key{}; expected one of: {}",
                       guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                       fmt::join(allowed, ", ")));
    }
  }

  template <typename T>
  T get(const YAML::Node& node, const std::string& key, const char* type_name) const {
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      fail(node, key, fmt::format("expected {}, got '{}'", type_name, YAML::Dump(node)));
    }
  }

  double positive(const YAML::Node& node, const std::string& key) const {
    const double v = get<double>(node, key, "a number");
    if (!(v > 0)) fail(node, key, fmt::format("must be > 0, got {}", v));
    return v;
  }

  std::string path(const YAML::Node& node, const std::string& key) const {
    namespace fs = std::filesystem;
    fs::path p = get<std::string>(node, key, "a file path");
    if (p.is_relative()) p = fs::path(file_).parent_path() / p;
    const std::string s = p.lexically_normal().string();
    if (!fs::exists(s)) fail(node, key, fmt::format("file '{}' does not exist", s));
    return s;
  }

  std::map<std::string, std::string> string_map(const YAML::Node& node, const std::string& key) const {
    if (!node.IsMap()) fail(node, key, "expected a mapping");
    std::map<std::string, std::string> out;
    for (const auto& kv : node) {
      out[kv.first.as<std::string>()] =
          get<std::string>(kv.second, key + "." + kv.first.as<std::string>(), "a string");
    }
    return out;
  }

 private:
  std::string file_;
};

}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const auto d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

NetworkConfig load_network_config(const std::string& yaml_path) {
  if (!std::filesystem::exists(yaml_path)) {
    throw InputError(fmt::format("file '{}': does not exist", yaml_path));
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(yaml_path);
  } catch (const YAML::ParserException& e) {
    throw InputError(fmt::format("{}:{}: not valid YAML: {}", yaml_path, e.mark.line + 1, e.msg));
  }
  Reader r(yaml_path);
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
