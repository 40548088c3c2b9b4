#include "engine/core/clock.hpp"

#include <fmt/format.h>

namespace ogan {

namespace {

// Leading digits of `s` from `pos` as a number; `pos` moves past them. -1 if there are none.
int digits(std::string_view s, std::size_t& pos, std::size_t max_len) {
  int v = 0;
  std::size_t n = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && n < max_len) {
    v = v * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  return n == 0 ? -1 : v;
}

}  // namespace

ClockTime parse_hhmm(std::string_view text, int max_hour) {
  std::size_t pos = 0;
  const int h = digits(text, pos, 2);
  const bool colon = pos < text.size() && text[pos] == ':';
  if (colon) ++pos;
  const std::size_t minute_start = pos;
  const int m = colon ? digits(text, pos, 2) : -1;
  if (h < 0 || !colon || m < 0 || pos - minute_start != 2 || pos != text.size()) {
    return {0, fmt::format("expected a time HH:MM, got '{}'", text)};
  }
  if (h > max_hour || m > 59) {
    return {0, fmt::format("expected a time HH:MM up to {}:00, got '{}'", max_hour, text)};
  }
  return {h * 3600.0 + m * 60.0, ""};
}

std::string format_hhmm(double seconds) {
  const auto m = static_cast<long>(seconds / 60);
  return fmt::format("{:02d}:{:02d}", m / 60, m % 60);
}

}  // namespace ogan
