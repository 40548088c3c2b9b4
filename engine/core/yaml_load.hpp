#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>

namespace ogan {

// What one YAML input may cost. Scenario, sweep and policy files are a few kilobytes; these
// bounds are far above any real one and far below what would exhaust the machine.
inline constexpr std::size_t kMaxYamlBytes = 4u << 20;
// Nodes counted with every alias expanded where it is used: a 400-byte alias bomb expands to
// billions, and every later walk of the tree (merging, checking keys) would pay for each one.
inline constexpr std::size_t kMaxYamlNodes = 200'000;

// Loads a YAML file and checks what yaml-cpp accepts but a scenario must not hold: a NUL byte,
// a document over kMaxYamlBytes or expanding to over kMaxYamlNodes, a key that is not a plain
// scalar (`? [a, b]`), a key given twice in one mapping. InputError "file:line: what" otherwise,
// and for a missing file or a folder.
YAML::Node load_yaml_file(const std::string& path);

// The same checks on text; `name` stands for the file in messages (e.g. "--set key").
YAML::Node load_yaml_text(const std::string& text, const std::string& name);

}  // namespace ogan
