#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "engine/core/yaml_reader.hpp"

namespace ogan::scenario {

// A scenario after inheritance and overrides: one YAML tree, and for every key the file (or
// "--set") it came from, so messages point at the right file and line.
struct ScenarioDoc {
  std::string file;  // the scenario named on the command line
  YAML::Node root;
  std::map<std::string, std::string> origins;  // key path -> file
  std::vector<std::string> files;              // every scenario file read, base first
  std::string name;

  YamlReader reader() const { return YamlReader(file, origins); }
  std::string resolved_yaml() const;
};

// What the run keeps of the scenario's files once they are read: names and text, no YAML tree
// (the typed configuration holds the values).
struct ScenarioRecord {
  std::string file;
  std::string name;
  std::vector<std::string> files;              // every scenario file read, base first
  std::map<std::string, std::string> origins;  // key path -> file
  std::string resolved;                        // the merged scenario as YAML text

  explicit ScenarioRecord(const ScenarioDoc& doc = {})
      : file(doc.file),
        name(doc.name),
        files(doc.files),
        origins(doc.origins),
        resolved(doc.root.IsNull() ? "" : doc.resolved_yaml()) {}
  YamlReader reader() const { return YamlReader(file, origins); }
  const std::string& resolved_yaml() const { return resolved; }
};

// Keys whose values are file paths (made absolute against the file that names them).
bool is_path_key(const std::string& key);

// Loads `path`, following `extends:` (relative to the file that names it; a cycle is an
// InputError listing it), deep-merging child over parent (maps merge, other values replace;
// `policies` lists are concatenated, the parent's first), then applies `--set key.path=value`
// overrides in order (a numeric segment indexes a list: `policies.0.share=0.3`).
ScenarioDoc load_scenario(const std::string& path, const std::vector<std::string>& sets = {});

}  // namespace ogan::scenario
