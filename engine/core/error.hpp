#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ogan {

// Two kinds of failure matter to a user: their input is wrong (exit 2, the message says what to
// fix) or the engine is wrong (exit 1). Everything thrown by the library is one of these.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual int exit_code() const noexcept = 0;
};

class InputError : public Error {
 public:
  using Error::Error;
  int exit_code() const noexcept override { return 2; }
};

class InternalError : public Error {
 public:
  using Error::Error;
  int exit_code() const noexcept override { return 1; }
};

// Where in the input something went wrong; renders as "file 'a.gpkg', layer 'roads', feature 12".
struct Where {
  std::string file;
  std::string layer;
  long long feature = -1;
  std::string field;

  std::string str() const;
};

// Whether the system refused a path for a reason the user can fix (too long, missing, a folder
// where a file was expected, no permission, read-only), so the failure exits 2, not 1.
bool is_path_error(const std::error_code& code);
// "path 'p': File name too long" from the error's paths and reason.
std::string describe_path_error(const std::filesystem::filesystem_error& e);

[[noreturn]] void throw_input(const Where& where, const std::string& what);

}  // namespace ogan
