#include "engine/core/yaml_load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <set>

#include "engine/core/error.hpp"

namespace ogan {

namespace {

int line_of(const YAML::Node& n) {
  return n.Mark().line >= 0 ? n.Mark().line + 1 : 0;
}

// Walks the tree as its readers will (aliases expanded), stopping at the node budget.
class Checker {
 public:
  explicit Checker(const std::string& name) : name_(name) {}

  void check(const YAML::Node& node) {
    if (++visited_ > kMaxYamlNodes) {
      throw InputError(
          fmt::format("{}:{}: the document expands to more than {} values (aliases repeated inside "
                      "aliases?); a scenario holds far fewer",
                      name_, line_of(node), kMaxYamlNodes));
    }
    if (node.IsSequence()) {
      for (const auto& child : node) check(child);
    } else if (node.IsMap()) {
      std::set<std::string> seen;
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          throw InputError(fmt::format("{}:{}: a key must be a plain name, got a {}", name_,
                                       line_of(kv.first),
                                       kv.first.IsMap() ? "mapping" : "list or empty key"));
        }
        const auto key = kv.first.Scalar();
        if (!seen.insert(key).second) {
          throw InputError(fmt::format(
              "{}:{}: key '{}' is given twice in the same mapping; the second would silently "
              "replace the first",
              name_, line_of(kv.first), key));
        }
        check(kv.second);
      }
    }
  }

 private:
  const std::string& name_;
  std::size_t visited_ = 0;
};

}  // namespace

YAML::Node load_yaml_text(const std::string& text, const std::string& name) {
  if (text.size() > kMaxYamlBytes) {
    throw InputError(fmt::format("{}: {} bytes is more than the {} bytes a YAML input may hold",
                                 name, text.size(), kMaxYamlBytes));
  }
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n');
    throw InputError(
        fmt::format("{}:{}: a NUL byte (0x00); YAML text may not hold one (a binary "
                    "or damaged file?)",
                    name, line));
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(fmt::format("{}:{}: not valid YAML: {}", name, e.mark.line + 1, e.msg));
  }
  Checker(name).check(root);
  return root;
}

YAML::Node load_yaml_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(fmt::format("file '{}': does not exist", path));
  if (fs::is_directory(status))
    throw InputError(fmt::format("file '{}': is a folder, expected a YAML file", path));
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxYamlBytes) {
    throw InputError(
        fmt::format("file '{}': {} bytes is more than the {} bytes a YAML input "
                    "may hold",
                    path, size, kMaxYamlBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) throw InputError(fmt::format("file '{}': cannot be opened for reading", path));
  // Bounded even where the size is unknown (a pipe, a device): one byte over the limit is enough
  // for load_yaml_text to refuse it.
  std::string text;
  std::array<char, 1 << 16> chunk{};
  while (text.size() <= kMaxYamlBytes && in.read(chunk.data(), chunk.size()).gcount() > 0)
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw InputError(fmt::format("file '{}': cannot be read", path));
  return load_yaml_text(text, path);
}

}  // namespace ogan
