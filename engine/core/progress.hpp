#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace ogan {

// Reports a long stage as a bar on a terminal and as plain lines (every 10 %) otherwise, so logs
// from batch jobs stay readable. Not thread-safe: call update() from the thread that owns it.
class Progress {
 public:
  Progress(std::string stage, std::uint64_t total, std::FILE* out = stderr);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::uint64_t done);
  void finish();

 private:
  void render(std::uint64_t done, bool final_line);

  std::string stage_;
  std::uint64_t total_;
  std::FILE* out_;
  bool tty_;
  bool finished_ = false;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace ogan
