#include "engine/scenario/scenario_file.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "engine/core/error.hpp"
#include "engine/core/yaml_load.hpp"

namespace ogan::scenario {

namespace fs = std::filesystem;

bool is_path_key(const std::string& k) {
  return k == "path" || k == "assumptions" || k == "raster" || k == "extends";
}

namespace {

// Relative file paths become absolute against the file that holds them, before merging.
void absolutise(YAML::Node n, const fs::path& dir) {
  if (n.IsMap()) {
    for (auto kv : n) {
      const auto key = kv.first.as<std::string>();
      if (is_path_key(key) && kv.second.IsScalar()) {
        fs::path p = kv.second.as<std::string>();
        if (p.is_relative()) kv.second = fs::absolute(dir / p).lexically_normal().string();
      } else {
        absolutise(kv.second, dir);
      }
    }
  } else if (n.IsSequence()) {
    for (auto x : n) absolutise(x, dir);
  }
}

void record(const YAML::Node& n, const std::string& path, const std::string& file,
            std::map<std::string, std::string>& origins) {
  origins[path] = file;
  if (n.IsMap()) {
    for (const auto& kv : n)
      record(kv.second,
             path.empty() ? kv.first.as<std::string>() : path + "." + kv.first.as<std::string>(),
             file, origins);
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i)
      record(n[i], fmt::format("{}[{}]", path, i), file, origins);
  }
}

void merge(YAML::Node base, const YAML::Node& over, const std::string& prefix,
           const std::string& file, std::map<std::string, std::string>& origins) {
  for (const auto& kv : over) {
    const auto key = kv.first.as<std::string>();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (key == "extends") continue;
    if (key == "policies" && prefix.empty() && base[key] && base[key].IsSequence() &&
        kv.second.IsSequence()) {
      const std::size_t offset = base[key].size();
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        base[key].push_back(kv.second[i]);
        record(kv.second[i], fmt::format("{}[{}]", path, offset + i), file, origins);
      }
      continue;
    }
    if (kv.second.IsMap() && base[key] && base[key].IsMap()) {
      origins[path] = file;
      merge(base[key], kv.second, path, file, origins);
    } else {
      base[key] = kv.second;
      record(kv.second, path, file, origins);
    }
  }
}

void load_into(const std::string& path, ScenarioDoc& doc, std::vector<std::string>& stack) {
  const std::string canon = fs::weakly_canonical(path).string();
  if (std::find(stack.begin(), stack.end(), canon) != stack.end()) {
    std::string chain;
    for (const auto& s : stack) chain += s + " -> ";
    throw InputError(fmt::format("{}: extends forms a cycle: {}{}", path, chain, canon));
  }
  stack.push_back(canon);
  YamlReader r(path);
  YAML::Node root = r.load();
  if (!root.IsMap()) r.fail(root, "(top)", "expected a mapping of keys to values");
  absolutise(root, fs::path(path).parent_path());
  if (const auto ext = root["extends"]) {
    if (!ext.IsScalar()) r.fail(ext, "extends", "expected the path of another scenario");
    const std::string parent = ext.as<std::string>();
    if (!fs::exists(parent))
      r.fail(ext, "extends", fmt::format("file '{}' does not exist", parent));
    if (fs::is_directory(parent))
      r.fail(ext, "extends", fmt::format("'{}' is a folder, expected a scenario file", parent));
    load_into(parent, doc, stack);
  }
  if (!doc.root.IsMap()) doc.root = YAML::Node(YAML::NodeType::Map);
  merge(doc.root, root, "", path, doc.origins);
  doc.files.push_back(path);
  stack.pop_back();
}

}  // namespace

ScenarioDoc load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  ScenarioDoc doc;
  doc.file = path;
  std::vector<std::string> stack;
  load_into(path, doc, stack);
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError(fmt::format("--set {}: expected key.path=value", s));
    const std::string key = s.substr(0, eq);
    const YAML::Node value = load_yaml_text(s.substr(eq + 1), "--set " + key);
    YAML::Node cur;
    cur.reset(doc.root);  // rebind, do not assign: Node::operator= writes through
    std::size_t start = 0;
    while (true) {
      const auto dot = key.find('.', start);
      const std::string part =
          key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (part.empty()) throw InputError(fmt::format("--set {}: empty key segment", key));
      const bool last = dot == std::string::npos;
      if (cur.IsSequence()) {
        const bool numeric = part.find_first_not_of("0123456789") == std::string::npos;
        const std::size_t i = numeric ? std::stoul(part) : 0;
        if (!numeric || i >= cur.size())
          throw InputError(
              fmt::format("--set {}: '{}' is a list of {} entries; expected an index 0-{}", key,
                          key.substr(0, start == 0 ? 0 : start - 1), cur.size(),
                          cur.size() == 0 ? 0 : cur.size() - 1));
        if (last) {
          cur[i] = value;
          break;
        }
        YAML::Node next = cur[i];
        cur.reset(next);
        start = dot + 1;
        continue;
      }
      if (last) {
        cur[part] = value;
        break;
      }
      if (!cur[part] || !(cur[part].IsMap() || cur[part].IsSequence()))
        cur[part] = YAML::Node(YAML::NodeType::Map);
      YAML::Node next = cur[part];
      cur.reset(next);
      start = dot + 1;
    }
    record(value, key, "--set", doc.origins);
  }
  doc.name = doc.root["name"] && doc.root["name"].IsScalar() ? doc.root["name"].as<std::string>()
                                                             : fs::path(path).stem().string();
  return doc;
}

std::string ScenarioDoc::resolved_yaml() const {
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

}  // namespace ogan::scenario
