// Zone choropleths: residents, people present, trips produced and access to puskesmas.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "layer.hpp"
#include "results.hpp"

namespace viz {

namespace {

Layer zones_base(const Results& r, const std::string& name) {
  const auto poly = read_polygons(r, ds::kZonesGeometry);
  const auto code = r.strings(ds::kZonesCode);
  const auto zname = r.strings(ds::kZonesName);
  if (code.size() != poly.size() || zname.size() != poly.size()) {
    throw InputError(
        fmt::format("file '{}': /zones/code, name and geometry differ in length", r.path()));
  }
  Layer out;
  out.name = name;
  out.shape = Shape::Area;
  out.features.resize(poly.size());
  for (std::size_t z = 0; z < poly.size(); ++z) {
    out.features[z].key = code[z];
    out.features[z].label = zname[z];
    out.features[z].parts = poly.rings(z);
  }
  return out;
}

void no_time(const std::string& name, const TimeSel& t) {
  if (t.kind != TimeSel::Default)
    throw InputError(
        fmt::format("--layer {} has no time of day: drop --time, --period and --day", name));
}

// People present per zone from the 1 km grid: each cell's people are shared among zones by the
// share of the cell each zone covers, estimated on 5 x 5 points per cell.
std::vector<double> present_by_zone(const Results& r, const Layer& zones, const TimeSel& t) {
  const auto g = read_present_grid(r, t);
  std::vector<Box> bounds;
  for (const auto& f : zones.features) {
    Box b;
    for (const auto& ring : f.parts)
      for (const auto& p : ring) b.add(p.x, p.y);
    bounds.push_back(b);
  }
  std::vector<double> persons(zones.features.size(), 0.0);
  constexpr int kSub = 5;
  for (std::size_t row = 0; row < g.y.size(); ++row) {
    for (std::size_t c = 0; c < g.x.size(); ++c) {
      const double mean = g.at(row, c);
      if (mean <= 0) continue;
      for (int i = 0; i < kSub; ++i) {
        for (int j = 0; j < kSub; ++j) {
          const double x = g.x[c] + g.cell * ((i + 0.5) / kSub - 0.5),
                       y = g.y[row] + g.cell * ((j + 0.5) / kSub - 0.5);
          for (std::size_t z = 0; z < bounds.size(); ++z) {
            const auto& b = bounds[z];
            if (x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1 ||
                !contains(zones.features[z].parts, x, y))
              continue;
            persons[z] += mean / (kSub * kSub);
            break;
          }
        }
      }
    }
  }
  return persons;
}

}  // namespace

Layer zone_layer(const Results& r, const std::string& name, const TimeSel& t) {
  Layer out = zones_base(r, name);
  const std::size_t Z = out.features.size();
  auto check = [&](std::size_t n, const char* what) {
    if (n != Z)
      throw InputError(fmt::format("file '{}': {} has {} rows for {} zones", r.path(), what, n, Z));
  };
  if (name == "population") {
    no_time(name, t);
    const auto pop = r.doubles(ds::kZonesPopulation);
    const auto area = r.doubles(ds::kZonesAreaKm2);
    check(pop.size(), ds::kZonesPopulation);
    check(area.size(), ds::kZonesAreaKm2);
    for (std::size_t z = 0; z < Z; ++z)
      out.features[z].value = area[z] > 0 ? pop[z] / area[z] : kNoData;
    out.title = "Residents";
    out.unit = "residents per km²";
    out.when = "synthesised 2025 population";
  } else if (name == "present_population") {
    const auto area = r.doubles(ds::kZonesAreaKm2);
    check(area.size(), ds::kZonesAreaKm2);
    const auto persons = present_by_zone(r, out, t);
    for (std::size_t z = 0; z < Z; ++z)
      out.features[z].value = area[z] > 0 ? persons[z] / area[z] : kNoData;
    out.title = "People present";
    out.unit = present_unit(t);
    out.when = t.text;
  } else if (name == "trips_produced") {
    const auto person = r.ints(ds::kPlansTripPerson);
    const auto zone = r.ints(ds::kPersonsZone);
    const auto depart = r.doubles(ds::kPlansTripDepartS);
    const double scale = 1.0 / r.number_attr(attrs::kSampleRate, 1.0);
    const double step = 86400.0 / intervals(r);
    std::vector<double> n(Z, 0.0);
    for (std::size_t i = 0; i < person.size(); ++i) {
      const auto p = static_cast<std::size_t>(person[i]);
      if (p >= zone.size() || zone[p] < 0 || static_cast<std::size_t>(zone[p]) >= Z) continue;
      if (!t.whole_day() && (depart[i] < t.k0 * step || depart[i] >= t.k1 * step)) continue;
      n[static_cast<std::size_t>(zone[p])] += scale;
    }
    for (std::size_t z = 0; z < Z; ++z) out.features[z].value = n[z];
    out.title = "Trips produced by residents";
    out.unit = t.whole_day() ? "planned trips per day" : "planned trips departing in the period";
    out.when = t.text;
    out.missing_is_zero = true;
  } else if (name == "access_puskesmas") {
    no_time(name, t);
    std::vector<hsize_t> dims;
    const auto time = r.doubles(ds::kAccMotorcycleTimeS, &dims);
    const auto types = r.dataset_attr(ds::kAccMotorcycleTimeS, attrs::kTypes);
    std::size_t col = 0, NT = dims.size() == 2 ? dims[1] : 0;
    for (std::size_t start = 0, i = 0; start <= types.size(); ++i) {
      const auto end = std::min(types.find(',', start), types.size());
      if (types.substr(start, end - start) == "puskesmas") {
        col = i;
        break;
      }
      if (end == types.size())
        throw InputError(fmt::format(
            "file '{}': no puskesmas column in /services/accessibility/motorcycle_time_s",
            r.path()));
      start = end + 1;
    }
    check(dims.empty() ? 0 : dims[0], ds::kAccMotorcycleTimeS);
    for (std::size_t z = 0; z < Z; ++z) {
      const double s = time[z * NT + col];
      out.features[z].value = s >= 0 ? s / 60 : kNoData;
    }
    out.title = "Time to the nearest puskesmas";
    out.unit = "minutes by motorcycle, free flow";
    out.when = "from each zone's centre";
    out.no_data = "unreachable";
  }
  return out;
}

}  // namespace viz
