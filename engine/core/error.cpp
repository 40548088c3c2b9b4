#include "engine/core/error.hpp"

#include <fmt/format.h>

#include <cerrno>

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

bool is_path_error(const std::error_code& code) {
  if (code.category() != std::generic_category() && code.category() != std::system_category())
    return false;
  switch (code.value()) {
    case ENAMETOOLONG:
    case ENOENT:
    case ENOTDIR:
    case EISDIR:
    case EACCES:
    case EPERM:
    case EROFS:
    case ELOOP:
    case EEXIST:
      return true;
    default:
      return false;
  }
}

std::string describe_path_error(const std::filesystem::filesystem_error& e) {
  std::string where;
  if (!e.path1().empty()) where = fmt::format("path '{}'", e.path1().string());
  if (!e.path2().empty()) where += fmt::format(" (and '{}')", e.path2().string());
  return fmt::format("{}: {}", where.empty() ? "a path" : where, e.code().message());
}

}  // namespace ogan
