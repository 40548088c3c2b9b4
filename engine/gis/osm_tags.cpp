#include "engine/gis/osm_tags.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace ogan::gis {

namespace {
std::string lower_trim(const std::string& v) {
  std::string s;
  for (char c : v) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::optional<double> leading_number(const std::string& s, std::size_t& end) {
  double value = 0;
  const char* first = s.data();
  auto [ptr, ec] = std::from_chars(first, first + s.size(), value);
  if (ec != std::errc() || ptr == first) return std::nullopt;
  end = static_cast<std::size_t>(ptr - first);
  return value;
}
}  // namespace

std::optional<OneWay> parse_oneway(const std::string& raw) {
  const auto v = lower_trim(raw);
  if (v == "yes" || v == "true" || v == "1" || v == "y" || v == "t") return OneWay::Forward;
  if (v == "-1" || v == "reverse") return OneWay::Backward;
  if (v == "no" || v == "false" || v == "0" || v == "n" || v == "f" || v.empty()) return OneWay::No;
  return std::nullopt;
}

std::optional<int> parse_lanes(const std::string& raw) {
  std::stringstream ss(lower_trim(raw));
  std::string part;
  std::optional<int> best;
  while (std::getline(ss, part, ';')) {
    std::size_t end = 0;
    part = lower_trim(part);
    auto n = leading_number(part, end);
    if (!n || end != part.size() || *n < 1 || *n > 16) return std::nullopt;
    best = std::max(best.value_or(0), static_cast<int>(*n));
  }
  return best;
}

std::optional<double> parse_maxspeed_kmh(const std::string& raw) {
  const auto v = lower_trim(raw);
  std::size_t end = 0;
  auto n = leading_number(v, end);
  if (!n || *n <= 0 || *n > 200) return std::nullopt;
  const auto unit = lower_trim(v.substr(end));
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") return *n;
  if (unit == "mph") return *n * 1.609344;
  return std::nullopt;
}

std::optional<bool> parse_yes_no(const std::string& raw) {
  const auto v = lower_trim(raw);
  if (v == "yes" || v == "true" || v == "1" || v == "y" || v == "viaduct" || v == "aqueduct" ||
      v == "boardwalk" || v == "movable" || v == "covered") {
    return true;
  }
  if (v == "no" || v == "false" || v == "0" || v == "n" || v.empty()) return false;
  return std::nullopt;
}

}  // namespace ogan::gis
