// The present-population grid (cells as squares) and facility symbols.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "layer.hpp"
#include "results.hpp"

namespace viz {

PresentGrid read_present_grid(const Results& r, const TimeSel& t) {
  std::vector<hsize_t> dims;
  const auto grid = r.doubles(ds::kGridsPresentPopulation, &dims);
  PresentGrid g;
  g.x = r.doubles(ds::kGridsX);
  g.y = r.doubles(ds::kGridsY);
  if (dims.size() != 3 || dims[1] != g.y.size() || dims[2] != g.x.size()) {
    throw InputError(
        fmt::format("file '{}': /grids/present_population has an unexpected shape", r.path()));
  }
  const std::size_t cells = g.x.size() * g.y.size(), T = dims[0];
  g.cell = r.number_attr_of(ds::kGrids, attrs::kCellSizeM, g.x.size() > 1 ? g.x[1] - g.x[0] : 1000);
  const auto k0 = static_cast<std::size_t>(t.k0), k1 = std::min(T, static_cast<std::size_t>(t.k1));
  g.mean.assign(cells, 0.0);
  for (std::size_t k = k0; k < k1; ++k)
    for (std::size_t i = 0; i < cells; ++i) g.mean[i] += grid[k * cells + i];
  for (auto& v : g.mean) v /= static_cast<double>(k1 - k0);
  return g;
}

std::string present_unit(const TimeSel& t) {
  return t.kind == TimeSel::Interval ? "persons per km²"
         : t.whole_day()             ? "persons per km² (mean over the day)"
                                     : "persons per km² (mean over the period)";
}

Layer grid_layer(const Results& r, const TimeSel& t) {
  const auto g = read_present_grid(r, t);
  const double km2 = g.cell * g.cell / 1e6;
  Layer out;
  out.name = "present_grid";
  out.shape = Shape::Area;
  out.title = "People present";
  out.unit = present_unit(t);
  out.when = t.text;
  out.skip_no_data = true;
  out.missing_is_zero = true;
  for (std::size_t row = 0; row < g.y.size(); ++row) {
    for (std::size_t c = 0; c < g.x.size(); ++c) {
      const double mean = g.at(row, c);
      Feature f;
      f.key = fmt::format("{:.0f},{:.0f}", g.x[c], g.y[row]);
      f.label = f.key;
      f.value = mean > 0 ? mean / km2 : kNoData;
      const double h = g.cell / 2;
      f.parts.push_back({{g.x[c] - h, g.y[row] - h},
                         {g.x[c] + h, g.y[row] - h},
                         {g.x[c] + h, g.y[row] + h},
                         {g.x[c] - h, g.y[row] + h}});
      out.features.push_back(std::move(f));
    }
  }
  return out;
}

Layer facility_layer(const Results& r, const TimeSel& t, const std::string& type) {
  const auto name = r.strings(ds::kFacilitiesName);
  const auto ftype = r.strings(ds::kFacilitiesType);
  const auto x = r.doubles(ds::kFacilitiesX);
  const auto y = r.doubles(ds::kFacilitiesY);
  const auto servers = r.ints(ds::kFacilitiesServers);
  const std::size_t F = name.size();
  if (ftype.size() != F || x.size() != F || y.size() != F || servers.size() != F) {
    throw InputError(fmt::format("file '{}': /facilities datasets differ in length", r.path()));
  }
  if (!type.empty() && std::find(ftype.begin(), ftype.end(), type) == ftype.end()) {
    auto types = ftype;
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    throw InputError(fmt::format("--type {}: no facility of that type (types: {})", type,
                                 fmt::join(types, ", ")));
  }
  std::vector<double> visits(F, 0.0), wait(F, kNoData);
  if (t.whole_day()) {
    visits = r.doubles(ds::kDayArrivals);
    const auto w = r.doubles(ds::kDayMeanWaitS);
    if (visits.size() != F || w.size() != F)
      throw InputError(fmt::format("file '{}': /services/day has an unexpected shape", r.path()));
    for (std::size_t f = 0; f < F; ++f) wait[f] = w[f];
  } else {
    std::vector<hsize_t> dims;
    const auto arr = r.doubles(ds::kFacArrivals, &dims);
    const auto served = r.doubles(ds::kFacServed);
    const auto w = r.doubles(ds::kFacMeanWaitS);
    if (dims.size() != 2 || dims[1] != F || served.size() != arr.size() || w.size() != arr.size()) {
      throw InputError(
          fmt::format("file '{}': /services/facilities has an unexpected shape", r.path()));
    }
    for (std::size_t f = 0; f < F; ++f) {
      double s = 0, ws = 0;
      for (auto k = static_cast<std::size_t>(t.k0); k < static_cast<std::size_t>(t.k1); ++k) {
        visits[f] += arr[k * F + f];
        s += served[k * F + f];
        ws += served[k * F + f] * w[k * F + f];
      }
      wait[f] = s > 0 ? ws / s : kNoData;
    }
  }
  Layer out;
  out.name = "facilities";
  out.shape = Shape::Point;
  out.title = type.empty() ? "Visits and waits at facilities with queues"
                           : fmt::format("Visits and waits, {}", type);
  out.unit = "mean wait of visitors served, minutes";
  out.size_unit = t.whole_day() ? "visits per day" : "visits in the period";
  out.when = t.text;
  out.no_data = "no visitor served";
  for (std::size_t f = 0; f < F; ++f) {
    if (type.empty() ? servers[f] <= 0 : ftype[f] != type) continue;
    Feature ft;
    ft.key = ftype[f] + "|" + name[f];
    ft.label = name[f];
    ft.size = visits[f];
    // A facility without queueing (servers 0) has no wait to show.
    ft.value = servers[f] > 0 && visits[f] > 0 && std::isfinite(wait[f]) ? wait[f] / 60 : kNoData;
    ft.parts.push_back({{x[f], y[f]}});
    out.features.push_back(std::move(ft));
  }
  return out;
}

}  // namespace viz
