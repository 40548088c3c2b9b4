#include "engine/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace ogan {

namespace {
std::string format_seconds(double s) {
  if (s < 0 || s > 1e7) return "--:--";
  const auto total = static_cast<long>(s + 0.5);
  return fmt::format("{:02d}:{:02d}", total / 60, total % 60);
}
}  // namespace

Progress::Progress(std::string stage, std::uint64_t total, std::FILE* out)
    : stage_(std::move(stage)),
      total_(std::max<std::uint64_t>(total, 1)),
      out_(out),
      tty_(out != nullptr && isatty(fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  finish();
}

void Progress::update(std::uint64_t done) {
  if (finished_ || out_ == nullptr) return;
  const auto now = std::chrono::steady_clock::now();
  if (tty_) {
    if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
    last_draw_ = now;
    render(done, false);
  } else {
    const int decile = static_cast<int>(10 * std::min(done, total_) / total_);
    if (decile == last_decile_) return;
    last_decile_ = decile;
    render(done, false);
  }
}

void Progress::finish() {
  if (finished_ || out_ == nullptr) return;
  render(total_, true);
  finished_ = true;
}

void Progress::render(std::uint64_t done, bool final_line) {
  done = std::min(done, total_);
  const double frac = static_cast<double>(done) / static_cast<double>(total_);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta = frac > 0 ? elapsed * (1.0 - frac) / frac : -1.0;
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    fmt::print(out_, "\r{:<24} [{}] {:3.0f}%  elapsed {}  eta {}{}", stage_, bar, frac * 100,
               format_seconds(elapsed), format_seconds(final_line ? 0 : eta),
               final_line ? "\n" : "");
  } else if (final_line) {
    fmt::print(out_, "{}: 100% done in {:.1f} s\n", stage_, elapsed);
  } else {
    fmt::print(out_, "{}: {:3.0f}% ({}/{}) eta {}\n", stage_, frac * 100, done, total_,
               format_seconds(eta));
  }
  std::fflush(out_);
}

}  // namespace ogan
