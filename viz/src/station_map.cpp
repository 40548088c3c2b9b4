// The calibration's count stations on the network map, coloured by their worst hourly GEH.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "calibration_charts.hpp"
#include "layer.hpp"
#include "map.hpp"

namespace viz {

void draw_station_map(const Results& r, const Calibration& c, const std::string& path,
                      const CalibrationOptions& o) {
  auto stations = station_geh(c, r);
  // The worst on top, where two symbols touch.
  std::stable_sort(stations.begin(), stations.end(),
                   [](const auto& a, const auto& b) { return a.worst_geh < b.worst_geh; });
  Layer layer;
  layer.name = "stations";
  layer.shape = Shape::Point;
  layer.title = "Count stations by their worst hourly GEH";
  // The scale stops at 10: GEH has a meaning of its own, and 5 is the limit for one count.
  layer.unit = "worst GEH of the station's records (GEH < 5: the limit for one count)";
  layer.fixed_hi = 10;
  layer.symbol_radius = 4.5;
  layer.no_data = "no count records";
  std::size_t held = 0;
  for (const auto& s : stations) held += s.held_out;
  layer.symbols = {fmt::format("fitted station ({})", stations.size() - held),
                   fmt::format("held-out station ({})", held)};
  layer.when = counts_description(c);
  for (const auto& s : stations) {
    Feature f;
    f.key = s.id;
    f.label = s.id;
    f.value = s.records > 0 ? s.worst_geh : kNoData;
    f.parts.push_back({s.at});
    f.symbol = s.held_out ? 1 : 0;
    f.side = s.side;
    layer.features.push_back(std::move(f));
  }

  // Framed on the stations, with room around them; in the town, with its desa names and the
  // stations' ids.
  Box box;
  for (const auto& st : stations) box.add(st.at.x, st.at.y);
  const double pad = std::max(0.12 * std::max(box.x1 - box.x0, box.y1 - box.y0), 1000.0);
  box = {box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad};
  const Box town = map_extent(r, "baturaja");
  MapOptions m;
  m.zoom = stations.empty()
               ? "oku"
               : fmt::format("{:.0f},{:.0f},{:.0f},{:.0f}", box.x0, box.y0, box.x1, box.y1);
  m.town_detail =
      !stations.empty() && std::all_of(stations.begin(), stations.end(), [&](const auto& st) {
        return st.at.x >= town.x0 && st.at.x <= town.x1 && st.at.y >= town.y0 && st.at.y <= town.y1;
      });
  m.paper = o.paper;
  m.landscape = o.landscape;
  m.dpi = o.dpi;
  m.output = path;
  m.caption = calibration_caption(c);
  render_layer_map(r, layer, m);
}

}  // namespace viz
