#include "engine/core/yaml_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/core/yaml_load.hpp"

namespace ogan {

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

YAML::Node YamlReader::load() const {
  return load_yaml_file(file_);
}

std::string YamlReader::origin(const std::string& key) const {
  std::string k = key;
  while (!k.empty()) {
    if (auto it = origins_.find(k); it != origins_.end()) return it->second;
    const auto cut = k.find_last_of(".[");
    if (cut == std::string::npos) break;
    k = k.substr(0, cut);
  }
  return file_;
}

void fail_at(const YamlPlace& at, const std::string& key, const std::string& what) {
  if (at.file == "--set") throw InputError(fmt::format("--set {}: {}", key, what));
  throw InputError(fmt::format("{}:{}: {}: {}", at.file, at.line, key, what));
}

YamlPlace YamlReader::place(const YAML::Node& node, const std::string& key) const {
  return {origin(key), node.Mark().line >= 0 ? node.Mark().line + 1 : 0};
}

void YamlReader::fail(const YAML::Node& node, const std::string& key,
                      const std::string& what) const {
  fail_at(place(node, key), key, what);
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& prefix,
                            const std::vector<std::string>& allowed) const {
  if (!map.IsMap()) fail(map, prefix, "expected a mapping of keys to values");
  for (const auto& kv : map) {
    const auto key = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const auto guess = closest_match(key, allowed);
    fail(kv.first, prefix.empty() ? key : prefix + "." + key,
         fmt::format("unknown key{}; expected one of: {}",
                     guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", guess),
                     fmt::join(allowed, ", ")));
  }
}

double YamlReader::positive(const YAML::Node& node, const std::string& key) const {
  const double v = number(node, key);
  if (!(v > 0)) fail(node, key, fmt::format("must be > 0, got {}", v));
  return v;
}

double YamlReader::in_range(const YAML::Node& node, const std::string& key, double lo,
                            double hi) const {
  const double v = number(node, key);
  if (!(v >= lo && v <= hi))
    fail(node, key, fmt::format("must be between {} and {}, got {}", lo, hi, v));
  return v;
}

std::string YamlReader::path(const YAML::Node& node, const std::string& key) const {
  namespace fs = std::filesystem;
  fs::path p = get<std::string>(node, key, "a file path");
  if (p.is_relative()) p = fs::path(origin(key) == "--set" ? "." : origin(key)).parent_path() / p;
  const std::string s = p.lexically_normal().string();
  if (!fs::exists(s)) fail(node, key, fmt::format("file '{}' does not exist", s));
  return s;
}

std::map<std::string, std::string> YamlReader::string_map(const YAML::Node& node,
                                                          const std::string& key) const {
  if (!node.IsMap()) fail(node, key, "expected a mapping");
  std::map<std::string, std::string> out;
  for (const auto& kv : node) {
    const auto k = kv.first.as<std::string>();
    out[k] = get<std::string>(kv.second, key + "." + k, "a string");
  }
  return out;
}

}  // namespace ogan
