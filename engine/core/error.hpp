#pragma once

#include <stdexcept>
#include <string>

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

[[noreturn]] void throw_input(const Where& where, const std::string& what);

}  // namespace ogan
