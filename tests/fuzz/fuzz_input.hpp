#pragma once

// What every fuzz target shares: the input written to a file (the loaders read files), and the
// rule that a bad input may only end in the errors a user sees as exit 2.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.hpp"
#include "engine/results/hdf5.hpp"

namespace ogan::fuzz {

// One file per process, rewritten for each input, in a folder removed when the fuzzer exits (a
// crash leaves it, with the input that crashed).
inline std::string write_input(const std::uint8_t* data, std::size_t size, const char* ext) {
  struct Folder {
    std::filesystem::path path = "/tmp/ogan-fuzz-" + std::to_string(::getpid());
    Folder() {
      std::filesystem::create_directories(path);
      // A stand-in for the layers the seed scenarios name, so their other checks are reached.
      std::ofstream(path / "oku.gpkg");
    }
    ~Folder() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Folder folder;
  const std::string dir = folder.path.string();
  const std::string path = dir + "/input" + ext;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// Input errors and results errors are the expected answers to a bad input; an internal error or
// any other exception is a bug (it would exit 1), so the fuzzer must see it as a crash.
template <typename F>
void expect_only_input_errors(F&& f) {
  try {
    f();
  } catch (const InputError&) {
  } catch (const results::Error&) {
  } catch (const std::filesystem::filesystem_error& e) {
    // main answers a path the system refuses (too long, not a folder, no permission) with exit 2.
    if (!is_path_error(e.code())) {
      std::fprintf(stderr, "not a path error: %s\n", e.what());
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "not an input error: %s\n", e.what());
    std::abort();
  }
}

}  // namespace ogan::fuzz
