#include "engine/results/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

namespace ogan::files {

namespace fs = std::filesystem;

std::error_code fsync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {errno, std::generic_category()};
  std::error_code ec;
  if (::fsync(fd) != 0) ec = {errno, std::generic_category()};
  ::close(fd);
  return ec;
}

std::error_code durable_rename(const std::string& tmp, const std::string& path) {
  if (auto ec = fsync_path(tmp, false)) return ec;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return ec;
  const auto folder = fs::absolute(fs::path(path)).parent_path();
  return fsync_path(folder.string(), true);
}

std::string output_problem(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) return "is a folder, expected a file name";
  const auto folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::exists(folder, ec)) return "its folder '" + folder.string() + "' does not exist";
  if (!fs::is_directory(folder, ec)) return "'" + folder.string() + "' is not a folder";
  // Creating a file is the only test that holds for root, read-only mounts and odd file systems.
  const auto probe = folder / (".ogan-probe-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    return "no file can be created in its folder '" + folder.string() +
           "': " + std::generic_category().message(errno);
  }
  ::close(fd);
  ::unlink(probe.c_str());
  if (p.filename().string().size() > 240) return "the file name is over 240 characters";
  return {};
}

}  // namespace ogan::files
