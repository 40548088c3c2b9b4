#include "engine/results/durable_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

namespace ogan::files {

namespace fs = std::filesystem;

namespace {

// Flushes a file's (or a folder's) data to disk.
std::error_code fsync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {errno, std::generic_category()};
  std::error_code ec;
  if (::fsync(fd) != 0) ec = {errno, std::generic_category()};
  ::close(fd);
  return ec;
}

}  // namespace

std::error_code durable_rename(const std::string& tmp, const std::string& path) {
  if (auto ec = fsync_path(tmp, false)) return ec;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return ec;
  const auto folder = fs::absolute(fs::path(path)).parent_path();
  return fsync_path(folder.string(), true);
}

void move_into_place(const std::string& tmp, const std::string& path) {
  if (const auto ec = durable_rename(tmp, path))
    throw fs::filesystem_error("cannot move into place", tmp, path, ec);
}

void write_text(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out)
      throw fs::filesystem_error("cannot write", tmp, std::make_error_code(std::errc::io_error));
  }
  move_into_place(tmp, path);
}

std::string output_problem(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) return "is a folder, expected a file name";
  const auto folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::exists(folder, ec))
    return fmt::format("its folder '{}' does not exist", folder.string());
  if (!fs::is_directory(folder, ec)) return fmt::format("'{}' is not a folder", folder.string());
  // Creating a file is the only test that holds for root, read-only mounts and odd file systems.
  const auto probe = folder / fmt::format(".ogan-probe-{}", ::getpid());
  const int fd = ::open(probe.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return fmt::format("no file can be created in its folder '{}': {}", folder.string(),
                       std::generic_category().message(err));
  }
  ::close(fd);
  ::unlink(probe.c_str());
  if (p.filename().string().size() > 240) return "the file name is over 240 characters";
  return {};
}

}  // namespace ogan::files
