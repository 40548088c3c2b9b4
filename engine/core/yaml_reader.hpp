#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace ogan {

// Where a value was written, kept with typed data so that a later stage (the world loader) can
// still name file:line for it without holding YAML nodes.
struct YamlPlace {
  std::string file;  // "--set" for a command-line override
  int line = 0;
};

// "file:line: key: what" (or "--set key: what"), the form of every scenario error.
[[noreturn]] void fail_at(const YamlPlace& at, const std::string& key, const std::string& what);

// Reads typed values from a YAML file with errors a planner can act on:
// "file:line: key.path: what is wrong", with "did you mean" for unknown keys.
class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}
  // For a scenario merged from several files: which file each key path came from.
  YamlReader(std::string file, std::map<std::string, std::string> origins)
      : file_(std::move(file)), origins_(std::move(origins)) {}
  const std::string& file() const { return file_; }
  // The file that set `key` (or the nearest enclosing key), for messages.
  std::string origin(const std::string& key) const;

  // Loads the file; InputError if it is missing or not valid YAML.
  YAML::Node load() const;

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& what) const;
  // The file and line of `node`, the file being the one that set `key`.
  YamlPlace place(const YAML::Node& node, const std::string& key) const;
  void check_keys(const YAML::Node& map, const std::string& prefix,
                  const std::vector<std::string>& allowed) const;

  template <typename T>
  T get(const YAML::Node& node, const std::string& key, const char* type_name) const {
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      fail(node, key, std::string("expected ") + type_name + ", got '" + YAML::Dump(node) + "'");
    }
  }
  double number(const YAML::Node& node, const std::string& key) const {
    return get<double>(node, key, "a number");
  }
  double positive(const YAML::Node& node, const std::string& key) const;
  double in_range(const YAML::Node& node, const std::string& key, double lo, double hi) const;
  // A file path relative to the YAML file's folder; the file must exist.
  std::string path(const YAML::Node& node, const std::string& key) const;
  std::map<std::string, std::string> string_map(const YAML::Node& node,
                                                const std::string& key) const;

 private:
  std::string file_;
  std::map<std::string, std::string> origins_;
};

// The closest candidate within a small edit distance, or "".
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace ogan
