#include <fmt/format.h>

#include <cmath>

#include "engine/calibration/calibrate.hpp"

namespace ogan::calib {

namespace {

std::string num(double v, const char* f = "{:.4g}") {
  return std::isnan(v) ? "n/a" : fmt::format(fmt::runtime(f), v);
}

std::string fit_rows(const char* name, const Fit& b, const Fit& a) {
  std::string out;
  auto row = [&](const char* what, double x, double y, const char* f) {
    out += fmt::format("| {} | {} | {} | {} |\n", name, what, num(x, f), num(y, f));
  };
  row("count records", b.counts, a.counts, "{:.0f}");
  row("share of counts with GEH < 5", 100 * b.share_geh_below_5, 100 * a.share_geh_below_5,
      "{:.1f} %");
  row("R² of counts", b.r2, a.r2, "{:.3f}");
  row("slope (simulated / observed)", b.slope, a.slope, "{:.3f}");
  row("count RMSE", b.rmse_pct, a.rmse_pct, "{:.1f} %");
  if (b.facility_records > 0 || a.facility_records > 0) {
    row("facility arrivals RMSE", b.arrivals_rmse_pct, a.arrivals_rmse_pct, "{:.1f} %");
    row("facility mean waits RMSE", b.mean_wait_rmse_pct, a.mean_wait_rmse_pct, "{:.1f} %");
  }
  row("objective (½ Σ residual²)", b.objective, a.objective, "{:.1f}");
  return out;
}

}  // namespace

std::string report_markdown(const Summary& s, const Options& o) {
  std::string out = fmt::format("# Calibration of {}\n\n", o.scenario);
  out += fmt::format(
      "Observations: `{}` ({} counting stations, {} held out). Every evaluation ran the scenario "
      "at a sample of {:g} with the same seed. {} evaluations ({} read back from the work "
      "folder `{}`), {:.0f} s. Search: Levenberg-Marquardt on the weighted residuals, "
      "finite-difference Jacobian (docs/calibration.md). Stopped: {}.\n\n",
      o.observations, s.station_ids.size(), std::count(s.held_out.begin(), s.held_out.end(), true),
      s.sample_rate, s.search.evaluations, s.cached_evaluations, o.work_dir, s.wall_s,
      s.search.stop_reason);
  out +=
      "## Parameters\n\n| key | bounds | prior | fitted | standard error | change |\n"
      "|---|---|---|---|---|---|\n";
  for (const auto& p : s.parameters) {
    const auto& q = p.parameter;
    out += fmt::format("| `{}` | [{}, {}] | {}{} | {} | {} | {:+.4g} |\n", q.key, num(q.min),
                       num(q.max), num(q.prior),
                       q.prior_sd > 0 ? fmt::format(" ± {}", num(q.prior_sd)) : "", num(p.fitted),
                       num(p.std_error), p.fitted - q.prior);
  }
  const auto P = s.parameters.size();
  if (P > 1) {
    out +=
        "\nCorrelation of the estimates (|r| near 1: the observations tell the two apart "
        "poorly):\n\n|  |";
    for (std::size_t j = 0; j < P; ++j) out += fmt::format(" {} |", j + 1);
    out += "\n|---|";
    for (std::size_t j = 0; j < P; ++j) out += "---|";
    out += "\n";
    for (std::size_t i = 0; i < P; ++i) {
      out += fmt::format("| {} `{}` |", i + 1, s.parameters[i].parameter.key);
      for (std::size_t j = 0; j < P; ++j)
        out += fmt::format(" {} |", num(s.correlation[i * P + j], "{:.2f}"));
      out += "\n";
    }
  }
  out += "\n## Fit\n\n| records | statistic | before | after |\n|---|---|---|---|\n";
  out += fit_rows("fitted", s.before_fitted, s.after_fitted);
  out += fit_rows("held out", s.before_held_out, s.after_held_out);
  out += "\n## Trace\n\n| iteration | evaluations | objective |";
  for (std::size_t j = 0; j < P; ++j) out += fmt::format(" {} |", j + 1);
  out += "\n|---|---|---|";
  for (std::size_t j = 0; j < P; ++j) out += "---|";
  out += "\n";
  for (const auto& t : s.search.trace) {
    out += fmt::format("| {} | {} | {:.1f} |", t.iteration, t.evaluations, t.objective);
    for (double v : t.point) out += fmt::format(" {} |", num(v));
    out += "\n";
  }
  if (!s.results.empty())
    out += fmt::format("\nResults of the calibrated scenario: `{}` (with `/calibration`).\n",
                       s.results);
  return out;
}

}  // namespace ogan::calib
