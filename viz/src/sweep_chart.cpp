#include "sweep_chart.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "canvas.hpp"
#include "chart.hpp"
#include "engine/results/durable_file.hpp"
#include "page.hpp"
#include "plot.hpp"
#include "results.hpp"

namespace viz {

namespace {

bool all_numbers(const std::vector<std::string>& values) {
  for (const auto& v : values) {
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0') return false;
  }
  return true;
}

struct Cell {
  double sum = 0, lo = INFINITY, hi = -INFINITY;
  int n = 0;
};

}  // namespace

void render_sweep_chart(const SweepChartOptions& o) {
  const auto r = open_results(o.index, ogan::results::kSweepIndexFileType);
  const auto kpis = r.strings(ds::kRunsKpiNames);
  if (std::find(kpis.begin(), kpis.end(), o.kpi) == kpis.end()) {
    const auto close = close_matches(o.kpi, kpis);
    throw InputError(
        close.empty()
            ? fmt::format("file '{}': KPI '{}' not found (the sweep has no complete run with it)",
                          o.index, o.kpi)
            : fmt::format("file '{}': KPI '{}' not found; did you mean: {}?", o.index, o.kpi,
                          fmt::join(close, ", ")));
  }
  const auto axes = r.children(ds::kRunsParam);
  std::string xkey = o.x;
  if (!xkey.empty() && std::find(axes.begin(), axes.end(), xkey) == axes.end())
    throw InputError(fmt::format("--x {}: not an axis of the sweep (axes: {})", xkey,
                                 axes.empty() ? "none" : fmt::format("{}", fmt::join(axes, ", "))));
  if (xkey.empty() && !axes.empty()) xkey = axes.front();
  const auto status = r.strings(ds::kRunsStatus);
  const auto scenario = r.strings(ds::kRunsScenario);
  const auto value = r.doubles(ogan::results::join(ds::kRunsKpi, o.kpi));
  const auto unit = r.dataset_attr(ogan::results::join(ds::kRunsKpi, o.kpi), attrs::kUnits);
  std::map<std::string, std::vector<std::string>> param;
  for (const auto& a : axes) param[a] = r.strings(ogan::results::join(ds::kRunsParam, a));
  const std::size_t n = status.size();

  // x: the chosen axis (numbers on a numeric axis, other values as categories), else the scenario.
  std::vector<std::string> xs(n);
  for (std::size_t i = 0; i < n; ++i) xs[i] = xkey.empty() ? scenario[i] : param[xkey][i];
  const bool numeric = !xkey.empty() && all_numbers(xs);
  std::vector<std::string> categories;
  if (!numeric) {
    for (const auto& v : xs)
      if (std::find(categories.begin(), categories.end(), v) == categories.end())
        categories.push_back(v);
  }
  // A line per combination of the other axes, when they form a grid. In a Latin hypercube every
  // point has its own values of the other axes, and such lines would be single points.
  std::map<std::string, std::set<std::string>> xs_of_series;
  for (std::size_t i = 0; i < n; ++i) {
    std::string key = scenario[i];
    for (const auto& a : axes)
      if (a != xkey) key += "\n" + param[a][i];
    xs_of_series[key].insert(xs[i]);
  }
  bool split = true;
  for (const auto& [key, values] : xs_of_series) split &= values.size() > 1;
  std::map<std::string, std::map<double, Cell>> cells;  // series -> x -> runs
  std::vector<std::string> order;
  int left_out = 0, used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (status[i] != "complete" || !std::isfinite(value[i])) {
      ++left_out;
      continue;
    }
    std::string series = xkey.empty() ? "all runs" : scenario[i];
    for (const auto& a : axes)
      if (a != xkey && split) series += fmt::format(", {}={}", a, param[a][i]);
    if (!cells.count(series)) order.push_back(series);
    const double x =
        numeric ? std::strtod(xs[i].c_str(), nullptr)
                : static_cast<double>(std::find(categories.begin(), categories.end(), xs[i]) -
                                      categories.begin());
    auto& c = cells[series][x];
    c.sum += value[i];
    c.lo = std::min(c.lo, value[i]);
    c.hi = std::max(c.hi, value[i]);
    ++c.n;
    ++used;
  }
  if (used == 0) throw InputError(fmt::format("file '{}': no complete run to plot", o.index));

  LineChart chart;
  chart.hours = false;
  chart.y_from_zero = false;  // seeds and policies move a KPI by a few percent: show that
  chart.categories = categories;
  chart.xlabel = xkey.empty() ? "scenario" : xkey;
  chart.ylabel = unit.empty() || unit == "1" ? o.kpi : fmt::format("{} ({})", o.kpi, unit);
  std::string csv = "series,x,mean,min,max,runs\n";
  int max_seeds = 0;
  for (const auto& name : order) {
    Series s;
    s.name = name;
    for (const auto& [x, c] : cells[name]) {
      s.x.push_back(x);
      s.y.push_back(c.sum / c.n);
      s.lo.push_back(c.lo);
      s.hi.push_back(c.hi);
      max_seeds = std::max(max_seeds, c.n);
      csv += fmt::format("\"{}\",{},{:.10g},{:.10g},{:.10g},{}\n", name,
                         numeric ? fmt::format("{:g}", x) : categories[static_cast<std::size_t>(x)],
                         c.sum / c.n, c.lo, c.hi, c.n);
    }
    chart.series.push_back(std::move(s));
  }

  Canvas canvas(o.output, o.paper, o.landscape, o.dpi);
  cairo_t* cr = canvas.cr();
  const double W = canvas.width(), H = canvas.height();
  const std::string sweep = r.attr_text(attrs::kSweepName);
  draw_title(cr, 40, fmt::format("{} across the sweep {}", o.kpi, sweep),
             fmt::format(
                 "mean of up to {} run(s) per point; whiskers: lowest to highest{}{}", max_seeds,
                 split || axes.size() < 2 ? "" : " | the other axes vary from point to point",
                 left_out ? fmt::format(" | {} failed or pending run(s) left out", left_out) : ""));
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  Footer footer;
  footer.lines =
      wrap(cr,
           fmt::format("Sweep {} ({}) | {} runs | ogan {} | index {} | drawn {}", sweep,
                       r.attr_text(attrs::kSweepFile), n, r.attr_text(attrs::kOganVersion),
                       r.attr_text(attrs::kCreatedUtc), date),
           W - 80, kSmallText);
  const double key_w = order.size() > 1 ? 190 : 40;
  draw_line_chart(cr, {90, 80, W - key_w, H - std::max(90.0, footer.height() + 50)}, chart);
  draw_footer(cr, 40, H, footer);
  canvas.finish();
  if (!o.csv.empty()) {
    const std::string tmp = o.csv + ".tmp";
    {
      std::ofstream out(tmp);
      out << csv;
      if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
    }
    ogan::files::move_into_place(tmp, o.csv);
  }
}

}  // namespace viz
