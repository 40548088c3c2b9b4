// Charts: network speed by hour, facility queues, trips in progress, KPI bars.
#include "chart.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <numeric>

#include "canvas.hpp"
#include "page.hpp"
#include "plot.hpp"
#include "results.hpp"

namespace viz {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const auto up = row[j];
      row[j] = std::min(
          {row[j] + 1, row[j - 1] + 1, diag + (std::tolower(a[i - 1]) != std::tolower(b[j - 1]))});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Kpi {
  std::vector<std::string> name, unit;
  std::vector<double> value;
};

Kpi kpis(const Results& r) {
  return {r.strings(ds::kKpiName), r.strings(ds::kKpiUnit), r.doubles(ds::kKpiValue)};
}

std::string not_found(const std::string& what, const std::string& name,
                      const std::vector<std::string>& names) {
  const auto close = close_matches(name, names);
  return close.empty() ? fmt::format("{} '{}' not found", what, name)
                       : fmt::format("{} '{}' not found; did you mean: {}?", what, name,
                                     fmt::join(close, ", "));
}

std::vector<double> facility_queue(const Results& r, const ChartOptions& o, std::string* what) {
  const auto name = r.strings(ds::kFacilitiesName);
  const auto type = r.strings(ds::kFacilitiesType);
  std::vector<hsize_t> dims;
  const auto q = r.doubles(ds::kFacQueue, &dims);
  if (dims.size() != 2 || dims[1] != name.size())
    throw InputError(
        fmt::format("file '{}': /services/facilities/queue has an unexpected shape", r.path()));
  std::vector<bool> pick(name.size(), false);
  if (!o.facility.empty()) {
    const auto it = std::find(name.begin(), name.end(), o.facility);
    if (it == name.end())
      throw InputError(
          fmt::format("file '{}': {}", r.path(), not_found("facility", o.facility, name)));
    pick[static_cast<std::size_t>(it - name.begin())] = true;
    *what = o.facility;
  } else {
    for (std::size_t f = 0; f < name.size(); ++f) pick[f] = type[f] == o.type;
    if (std::find(pick.begin(), pick.end(), true) == pick.end())
      throw InputError(
          fmt::format("file '{}': {}", r.path(), not_found("facility type", o.type, type)));
    *what = "every " + o.type;
  }
  std::vector<double> out(dims[0], 0.0);
  for (std::size_t k = 0; k < dims[0]; ++k)
    for (std::size_t f = 0; f < name.size(); ++f)
      if (pick[f]) out[k] += q[k * name.size() + f];
  return out;
}

// Trips under way every 5 minutes, by mode (or all modes), scaled to the full population.
std::vector<Series> trips_in_progress(const Results& r, bool by_mode, const std::string& label) {
  const auto depart = r.doubles(ds::kTripsDepartS);
  const auto arrive = r.doubles(ds::kTripsArrivalS);
  const auto mode = r.ints(ds::kTripsMode);
  const auto status = r.ints(ds::kTripsStatus);
  std::vector<std::string> modes;
  const auto names = r.dataset_attr(ds::kPlansTripMode, attrs::kLabels);
  for (std::size_t s = 0; s <= names.size();) {
    const auto e = std::min(names.find(',', s), names.size());
    modes.push_back(names.substr(s, e - s));
    s = e + 1;
  }
  const double scale = 1.0 / r.number_attr(attrs::kSampleRate, 1.0);
  constexpr int kBins = 288;
  std::vector<std::vector<double>> n(modes.size() + 1, std::vector<double>(kBins, 0.0));
  for (std::size_t i = 0; i < depart.size(); ++i) {
    if (status[i] == 0 || depart[i] < 0) continue;
    const double end = arrive[i] >= 0 ? arrive[i] : 86400.0;  // en route at the end of the day
    const auto m = static_cast<std::size_t>(mode[i]) < modes.size()
                       ? static_cast<std::size_t>(mode[i])
                       : modes.size();
    for (int b = std::max(0, static_cast<int>(std::ceil((depart[i] - 150) / 300)));
         b < kBins && b * 300 + 150 < end; ++b)
      n[m][static_cast<std::size_t>(b)] += scale;
  }
  std::vector<double> x(kBins);
  for (int b = 0; b < kBins; ++b) x[static_cast<std::size_t>(b)] = (b * 300 + 150) / 3600.0;
  if (!by_mode) {
    Series s{label, x, std::vector<double>(kBins, 0.0)};
    for (const auto& row : n)
      for (int b = 0; b < kBins; ++b)
        s.y[static_cast<std::size_t>(b)] += row[static_cast<std::size_t>(b)];
    return {s};
  }
  // The four busiest modes each, the rest together, so the lines stay tellable apart.
  std::vector<std::size_t> order(modes.size());
  std::iota(order.begin(), order.end(), 0);
  auto peak = [&](std::size_t m) { return *std::max_element(n[m].begin(), n[m].end()); };
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return peak(a) > peak(b); });
  std::vector<Series> out;
  Series other{"other modes", x, n[modes.size()]};
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (peak(order[i]) <= 0) continue;
    if (out.size() < 4) {
      out.push_back({modes[order[i]], x, n[order[i]]});
    } else {
      for (int b = 0; b < kBins; ++b)
        other.y[static_cast<std::size_t>(b)] += n[order[i]][static_cast<std::size_t>(b)];
    }
  }
  if (*std::max_element(other.y.begin(), other.y.end()) > 0) out.push_back(other);
  return out;
}

const std::vector<std::string> kDefaultKpis = {"trips",
                                               "vehicle_km",
                                               "vehicle_hours",
                                               "total_delay",
                                               "mean_network_speed",
                                               "mean_wait_puskesmas",
                                               "share_within_30min_puskesmas",
                                               "unmet_service_demand"};

}  // namespace

std::vector<std::string> file_labels(const std::vector<const Results*>& files) {
  std::vector<std::string> names;
  for (const auto* f : files) names.push_back(f->attr_text(attrs::kScenarioName));
  std::vector<std::string> out = names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (std::count(names.begin(), names.end(), names[i]) > 1)
      out[i] = std::filesystem::path(files[i]->path()).stem().string();
  }
  // The same file given twice: number the repeats.
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::count(out.begin(), out.begin() + static_cast<long>(i), out[i]) > 0)
      out[i] += fmt::format(" ({})", i + 1);
  }
  return out;
}

std::vector<std::string> close_matches(const std::string& name,
                                       const std::vector<std::string>& names) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  const auto ln = lower(name);
  for (const auto& n : names) {
    const auto d = edit_distance(name, n);
    const bool contains = !ln.empty() && (lower(n).find(ln) != std::string::npos ||
                                          ln.find(lower(n)) != std::string::npos);
    if (contains || d <= std::max<std::size_t>(2, name.size() / 3))
      scored.emplace_back(contains ? 0 : d, n);
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::vector<std::string> out;
  for (const auto& [d, n] : scored)
    if (out.size() < 5 && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  return out;
}

void render_chart(const ChartOptions& o) {
  if (std::find(kChartKinds.begin(), kChartKinds.end(), o.kind) == kChartKinds.end()) {
    throw InputError(
        fmt::format("--kind {}: expected one of {}", o.kind, fmt::join(kChartKinds, ", ")));
  }
  const auto files = open_all(o.inputs);
  const auto refs = views(files);
  const auto labels = file_labels(refs);
  LineChart line;
  std::vector<BarChart> bars;
  std::string title, subtitle;
  if (o.kind == "speed_by_hour") {
    for (std::size_t i = 0; i < files.size(); ++i) {
      auto v = files[i]->doubles(ds::kNetworkMeanSpeedByHourKmh);
      std::vector<double> x;
      for (std::size_t h = 0; h < v.size(); ++h) {
        x.push_back(static_cast<double>(h) + 0.5);
        if (v[h] <= 0) v[h] = std::nan("");  // no vehicles that hour
      }
      line.series.push_back({labels[i], x, v});
    }
    title = "Network mean speed by hour";
    subtitle = "link-km / link-hours of vehicles leaving links in each hour";
    line.xlabel = "Hour of day";
    line.ylabel = "Mean speed (km/h)";
  } else if (o.kind == "facility_queue") {
    if (o.facility.empty() == o.type.empty())
      throw InputError("--kind facility_queue: give --facility NAME or --type TYPE");
    std::string what;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const auto q = facility_queue(*files[i], o, &what);
      std::vector<double> x;
      for (std::size_t k = 0; k < q.size(); ++k)
        x.push_back(24.0 * static_cast<double>(k) / static_cast<double>(q.size()));
      line.series.push_back({labels[i], x, q});
    }
    title = fmt::format("Queue at {}", what);
    subtitle = "visitors waiting at the end of each interval, scaled to the full population";
    line.xlabel = "Time of day";
    line.ylabel = "Visitors waiting (persons)";
  } else if (o.kind == "trips_in_progress") {
    for (std::size_t i = 0; i < files.size(); ++i) {
      for (auto& s : trips_in_progress(*files[i], files.size() == 1, labels[i]))
        line.series.push_back(std::move(s));
    }
    title = files.size() == 1 ? "Trips in progress by mode" : "Trips in progress, all modes";
    subtitle = "trips under way every 5 minutes, scaled to the full population";
    line.xlabel = "Time of day";
    line.ylabel = "Trips in progress (trips)";
  } else {
    if (o.kind == "kpi" && o.kpis.size() != 1) throw InputError("--kind kpi: give one --kpi NAME");
    const auto first = kpis(*files[0]);
    std::vector<std::string> wanted = o.kpis;
    if (wanted.empty()) {
      for (const auto& k : kDefaultKpis)
        if (std::find(first.name.begin(), first.name.end(), k) != first.name.end())
          wanted.push_back(k);
    }
    for (const auto& k : wanted) {
      BarChart b;
      for (std::size_t i = 0; i < files.size(); ++i) {
        const auto t = kpis(*files[i]);
        const auto it = std::find(t.name.begin(), t.name.end(), k);
        if (it == t.name.end())
          throw InputError(
              fmt::format("file '{}': {}", files[i]->path(), not_found("KPI", k, t.name)));
        const auto j = static_cast<std::size_t>(it - t.name.begin());
        b.title = k;
        b.ylabel = t.unit[j];
        b.labels.push_back(labels[i]);
        b.values.push_back(t.value[j]);
      }
      bars.push_back(std::move(b));
    }
    title = o.kind == "kpi" ? fmt::format("KPI {}", wanted[0]) : "Key performance indicators";
    subtitle = files.size() == 1 ? fmt::format("scenario {}", labels[0])
                                 : fmt::format("{} scenarios, one bar each", files.size());
  }

  Canvas canvas(o.output, o.paper, o.landscape, o.dpi);
  cairo_t* cr = canvas.cr();
  const double W = canvas.width(), H = canvas.height();
  draw_title(cr, 40, title, subtitle);
  const Footer footer = make_footer(cr, refs, false, W - 80);
  const double bottom = H - std::max(90.0, footer.height() + 50);  // room for the x axis labels
  if (bars.empty()) {
    draw_line_chart(cr, {90, 80, W - 190, bottom}, line);
  } else {
    // Small multiples: one panel per KPI, each with its own unit.
    const std::size_t n = bars.size(),
                      cols = n <= 1              ? 1
                             : n <= 4 || W < 700 ? 2
                                                 : 4,
                      rows = (n + cols - 1) / cols;
    const double cw = (W - 60) / static_cast<double>(cols),
                 ch = (bottom + 30 - 90) / static_cast<double>(rows);
    for (std::size_t i = 0; i < n; ++i) {
      const double x = 30 + cw * static_cast<double>(i % cols),
                   y = 90 + ch * static_cast<double>(i / cols);
      draw_bar_chart(cr, {x + 62, y + 18, x + cw - 14, y + ch - 30}, bars[i]);
    }
  }
  draw_footer(cr, 40, H, footer);
  canvas.finish();
}

}  // namespace viz
