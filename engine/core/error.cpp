#include "engine/core/error.hpp"

#include <fmt/format.h>

namespace ogan {

std::string Where::str() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (!file.empty()) add(fmt::format("file '{}'", file));
  if (!layer.empty()) add(fmt::format("layer '{}'", layer));
  if (feature >= 0) add(fmt::format("feature {}", feature));
  if (!field.empty()) add(fmt::format("field '{}'", field));
  return out;
}

void throw_input(const Where& where, const std::string& what) {
  const std::string prefix = where.str();
  throw InputError(prefix.empty() ? what : prefix + ": " + what);
}

}  // namespace ogan
