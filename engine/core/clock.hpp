#pragma once

#include <string>
#include <string_view>

namespace ogan {

// A time of the simulated day read from "HH:MM": seconds after midnight, or why it is not one.
struct ClockTime {
  double seconds = 0;
  std::string error;  // empty when the text is a time
  explicit operator bool() const { return error.empty(); }
};

// The one parser of HH:MM in the engine. Hours 0 to max_hour (the day runs past midnight: 30 h for
// facility hours, 48 h for policy windows), minutes 00 to 59, nothing else around them.
ClockTime parse_hhmm(std::string_view text, int max_hour);

// Seconds after midnight as "HH:MM", minutes truncated (hours past 24 stay as they are: "25:10").
std::string format_hhmm(double seconds);

}  // namespace ogan
