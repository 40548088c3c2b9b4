// Link layers: volume, volume / capacity and speed from /traffic/links.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "layer.hpp"
#include "results.hpp"

namespace viz {

Layer link_layer(const Results& r, const std::string& name, const TimeSel& t) {
  const auto gx = r.doubles(ds::kLinksGeometryX);
  const auto gy = r.doubles(ds::kLinksGeometryY);
  const auto cap = r.doubles(ds::kLinksCapacityPcuH);
  const auto road = r.strings(ds::kLinksName);
  const std::size_t L = cap.size();
  if (gx.size() != gy.size() || road.size() != L)
    throw InputError(fmt::format("file '{}': /network/links datasets differ in length", r.path()));
  const auto goff = r.offsets(ds::kLinksGeometryOffset, L, gx.size());
  std::vector<hsize_t> dims;
  const auto vol = r.doubles(ds::kLinkVolumePcu, &dims);
  if (dims.size() != 2 || dims[1] != L || dims[0] == 0) {
    throw InputError(
        fmt::format("file '{}': /traffic/links/volume_pcu has an unexpected shape", r.path()));
  }
  const auto T = static_cast<std::size_t>(dims[0]);
  const double hours_per_interval = 24.0 / static_cast<double>(T);
  std::vector<double> speed;
  if (name == "speed") speed = r.doubles(ds::kLinkMeanSpeedMps);
  if (!speed.empty() && speed.size() != vol.size()) {
    throw InputError(
        fmt::format("file '{}': /traffic/links/mean_speed_mps has an unexpected shape", r.path()));
  }
  // The layer's own default: the busiest interval of each link for flows, the day for speed.
  const bool busiest = t.kind == TimeSel::Default && name != "speed";
  const auto k0 = static_cast<std::size_t>(t.k0), k1 = static_cast<std::size_t>(t.k1);
  const double hours = static_cast<double>(k1 - k0) * hours_per_interval;

  Layer out;
  out.name = name;
  out.shape = Shape::Line;
  out.by_row = true;
  out.when = busiest ? "busiest interval of each link" : t.text;
  out.no_data = "no traffic";
  out.features.resize(L);
  for (std::size_t l = 0; l < L; ++l) {
    auto& f = out.features[l];
    auto& line = f.parts.emplace_back();
    for (auto g = goff[l]; g < goff[l + 1]; ++g)
      line.push_back({gx[static_cast<std::size_t>(g)], gy[static_cast<std::size_t>(g)]});
    if (!line.empty())
      f.key = fmt::format("{:.0f},{:.0f};{:.0f},{:.0f}", line.front().x, line.front().y,
                          line.back().x, line.back().y);
    f.label = road[l];
    double sum = 0, peak = 0, wsum = 0, wspeed = 0;
    for (std::size_t k = k0; k < k1; ++k) {
      const double v = vol[k * L + l];
      sum += v;
      peak = std::max(peak, v);
      if (!speed.empty() && speed[k * L + l] > 0) {
        wsum += v;
        wspeed += v * speed[k * L + l];
      }
    }
    const double rate = busiest ? peak / hours_per_interval : sum / hours;  // pcu/h
    f.size = rate;
    if (name == "volume") {
      f.value = t.kind == TimeSel::Interval || busiest ? rate : sum;
      if (sum <= 0) f.value = kNoData;
    } else if (name == "vc") {
      f.value = cap[l] > 0 && sum > 0 ? rate / cap[l] : kNoData;
    } else {
      f.value = wsum > 0 ? wspeed / wsum * 3.6 : kNoData;
    }
  }
  if (name == "volume") {
    out.title = "Traffic volume";
    out.unit = busiest || t.kind == TimeSel::Interval ? "pcu/h"
               : t.kind == TimeSel::Day               ? "pcu per day"
                                                      : "pcu in the period";
    out.size_unit = "pcu/h";
    out.missing_is_zero = true;
  } else if (name == "vc") {
    out.title = "Volume / capacity";
    out.unit = "hourly volume / capacity";
    out.fixed_hi = 1.25;
    out.missing_is_zero = true;
  } else {
    out.title = "Mean speed";
    out.unit = "km/h (volume-weighted)";
    out.low_is_dark = true;
  }
  return out;
}

}  // namespace viz
