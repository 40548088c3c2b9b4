#include "layer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "results.hpp"

namespace viz {

std::vector<double> Layer::values() const {
  std::vector<double> v;
  v.reserve(features.size());
  for (const auto& f : features) v.push_back(f.value);
  return v;
}

namespace {
// Minutes after midnight of "HH:MM"; 24:00 allowed as the end of a period.
int minutes(const std::string& s, const std::string& option) {
  int h = -1, m = -1;
  char c = 0, extra = 0;
  if (std::sscanf(s.c_str(), "%d%c%d%c", &h, &c, &m, &extra) != 3 || c != ':' || h < 0 || m < 0 ||
      m > 59 || h * 60 + m > 1440) {
    throw InputError(fmt::format("{} {}: expected HH:MM", option, s));
  }
  return h * 60 + m;
}
}  // namespace

TimeSel parse_time(const std::string& time, const std::string& period, bool day, int T) {
  const int given = !time.empty() + !period.empty() + day;
  if (given > 1) throw InputError("--time, --period and --day: give at most one");
  TimeSel t;
  const double step = 1440.0 / T;  // minutes per interval
  if (!time.empty()) {
    const int m = minutes(time, "--time");
    if (m >= 1440) throw InputError(fmt::format("--time {}: expected HH:MM before 24:00", time));
    t.kind = TimeSel::Interval;
    t.k0 = std::min(T - 1, static_cast<int>(m / step));
    t.k1 = t.k0 + 1;
    t.text = fmt::format("{:02}:{:02}-{:02}:{:02}", static_cast<int>(t.k0 * step) / 60,
                         static_cast<int>(t.k0 * step) % 60, static_cast<int>(t.k1 * step) / 60,
                         static_cast<int>(t.k1 * step) % 60);
  } else if (!period.empty()) {
    const auto dash = period.find('-');
    if (dash == std::string::npos)
      throw InputError(fmt::format("--period {}: expected HH:MM-HH:MM", period));
    const int a = minutes(period.substr(0, dash), "--period"),
              b = minutes(period.substr(dash + 1), "--period");
    if (b <= a)
      throw InputError(fmt::format("--period {}: the end must be after the start", period));
    // Every interval that overlaps the period.
    t.kind = TimeSel::Period;
    t.k0 = static_cast<int>(a / step);
    t.k1 = std::min(T, static_cast<int>(std::ceil(b / step - 1e-9)));
    t.text = period;
  } else {
    t.kind = day ? TimeSel::Day : TimeSel::Default;
    t.k0 = 0;
    t.k1 = T;
    t.text = "whole day";
  }
  return t;
}

int intervals(const Results& r) {
  std::vector<hsize_t> dims;
  r.doubles(ds::kIntervalStartS, &dims);
  if (dims.size() != 1 || dims[0] == 0)
    throw InputError(fmt::format("file '{}': /time/interval_start_s is empty", r.path()));
  return static_cast<int>(dims[0]);
}

const std::vector<std::string>& layer_names() {
  static const std::vector<std::string> names = {"vc",
                                                 "volume",
                                                 "speed",
                                                 "population",
                                                 "present_population",
                                                 "present_grid",
                                                 "trips_produced",
                                                 "access_puskesmas",
                                                 "facilities"};
  return names;
}

Layer load_layer(const Results& r, const LayerOptions& o) {
  const auto& names = layer_names();
  if (std::find(names.begin(), names.end(), o.layer) == names.end()) {
    throw InputError(
        fmt::format("--layer {}: expected one of {}", o.layer, fmt::join(names, ", ")));
  }
  const auto t = parse_time(o.time, o.period, o.day, intervals(r));
  if (!o.type.empty() && o.layer != "facilities")
    throw InputError("--type: only for --layer facilities");
  if (o.layer == "vc" || o.layer == "volume" || o.layer == "speed")
    return link_layer(r, o.layer, t);
  if (o.layer == "present_grid") return grid_layer(r, t);
  if (o.layer == "facilities") return facility_layer(r, t, o.type);
  return zone_layer(r, o.layer, t);
}

}  // namespace viz
