// The calibration's search: the objective and the parameters against evaluations.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "calibration_charts.hpp"
#include "canvas.hpp"
#include "page.hpp"
#include "plot.hpp"

namespace viz {

namespace {

// The search holds a value until it accepts the next step: steps, not slopes between them.
void steps(cairo_t* cr, const Axes& ax, const std::vector<double>& x,
           const std::vector<double>& y) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (i == 0) {
      cairo_move_to(cr, ax.px(x[i]), ax.py(y[i]));
    } else {
      cairo_line_to(cr, ax.px(x[i]), ax.py(y[i - 1]));
      cairo_line_to(cr, ax.px(x[i]), ax.py(y[i]));
    }
  }
  cairo_stroke(cr);
}

// A key too long for its column loses its leading parts: the end of a key path names it.
std::string short_key(cairo_t* cr, const std::string& key, double width, double size) {
  std::string k = key;
  while (text_width(cr, k, size, true) > width) {
    const auto dot = k.find('.', k.rfind("…", 0) == 0 ? std::string("…").size() : 0);
    if (dot == std::string::npos) return fit_text(cr, k, width, size, true);
    k = "…" + k.substr(dot + 1);
  }
  return k;
}

void heading(cairo_t* cr, const Axes& ax, const std::string& s) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, ax.area.x0, ax.area.y0 - 8, s, 9.5, true);
}

}  // namespace

void draw_trace(const Results& r, const Calibration& c, const std::string& path,
                const CalibrationOptions& o) {
  const Trace t = trace_data(c);
  if (t.evaluations.empty())
    throw InputError(fmt::format("file '{}': /calibration/trace has no steps", c.path));
  double lo = 1e300, hi = 0;
  for (double v : t.objective) {
    if (v > 0) lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  // A search gains decades at first and percents at the end: a log scale shows both.
  const bool log = lo < 1e300 && hi / lo >= 10;
  const auto yt = log ? log_ticks(lo, hi) : nice_ticks(0, hi > 0 ? hi : 1, 4);
  const auto xt = nice_ticks(0, std::max(1.0, t.evaluations.back()), 6);

  Canvas canvas(path, o.paper, o.landscape, o.dpi);
  cairo_t* cr = canvas.cr();
  const double W = canvas.width(), H = canvas.height();
  draw_title(cr, 40, "Calibration trace: objective and parameters by evaluation",
             fit_text(cr,
                      fmt::format("{} accepted steps in {} evaluations | stopped: {}",
                                  t.accepted > 0 ? t.accepted - 1 : 0, c.evaluations,
                                  c.stop_reason.empty() ? "not recorded" : c.stop_reason),
                      W - 80, 9.5));
  Footer footer = make_footer(cr, {&r}, false, W - 80);
  const auto caption = wrap(cr, calibration_caption(c), W - 80, kSmallText);
  footer.lines.insert(footer.lines.begin(), caption.begin(), caption.end());
  const double bottom = H - std::max(90.0, footer.height() + 50);
  const double key_w = 250, x1 = W - key_w - 30, gap = 62;
  const double split = 92 + 0.36 * (bottom - 92 - gap);
  const Axes top{{90, 92, x1, split}, 0, xt.back(), yt.front(), yt.back(), log};
  const Axes low{{90, split + gap, x1, bottom}, 0, xt.back(), 0, 1};

  heading(cr, top, "Objective");
  draw_axes(cr, top, xt, yt, "", log ? "Objective (log scale)" : "Objective");
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1.4);
  steps(cr, top, t.evaluations, t.objective);
  for (std::size_t k = 0; k < t.accepted; ++k)
    draw_marker(cr, top.px(t.evaluations[k]), top.py(t.objective[k]), t.compass[k] ? 3 : 0, 2.8);

  heading(cr, low, "Parameters, as a share of their range [min, max]");
  draw_axes(cr, low, xt, {0, 0.25, 0.5, 0.75, 1}, "Evaluations (runs of the model)",
            "Position (0 = min, 1 = max)");
  const std::size_t P = t.position.size();
  for (std::size_t p = 0; p < P; ++p) {
    const auto st = line_style(p, P);
    set_line_style(cr, st, 1.5);
    steps(cr, low, t.evaluations, t.position[p]);
    cairo_set_dash(cr, nullptr, 0, 0);
    for (std::size_t k = 0; k < t.accepted; ++k)
      draw_marker(cr, low.px(t.evaluations[k]), low.py(t.position[p][k]), st.marker, 2.4);
  }

  // Keys beside each panel.
  const double kx = x1 + 30, kw = W - kx - 30;
  double ky = top.area.y0 + 4;
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const auto& [marker, label] :
       {std::pair{0, "accepted Levenberg-Marquardt step"}, {3, "accepted compass-search step"}}) {
    draw_marker(cr, kx + 9, ky - 3, marker, 2.8);
    text(cr, kx + 24, ky, label, kLabelText);
    ky += 13;
  }
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  for (const auto& line : wrap(cr,
                               "Half the sum of squared weighted residuals, prior terms included "
                               "(docs/calibration.md). A step holds until the next is accepted.",
                               kw, kSmallText)) {
    text(cr, kx, ky, line, kSmallText);
    ky += 9;
  }
  ky = low.area.y0 + 4;
  for (std::size_t p = 0; p < P; ++p) {
    const auto& q = c.parameters[p];
    const auto st = line_style(p, P);
    set_line_style(cr, st, 1.5);
    cairo_move_to(cr, kx, ky - 3);
    cairo_line_to(cr, kx + 18, ky - 3);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    draw_marker(cr, kx + 9, ky - 3, st.marker, 2.4);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, kx + 24, ky, short_key(cr, q.key, kw - 24, kLabelText), kLabelText, true);
    ky += 10;
    const std::string se =
        std::isfinite(q.std_error) ? fmt::format(" ± {:.3g}", q.std_error) : " (not identifiable)";
    text(cr, kx + 24, ky, fmt::format("prior {:.4g}, fitted {:.4g}{}", q.prior, q.fitted, se),
         kSmallText);
    ky += 9;
    text(cr, kx + 24, ky,
         fmt::format("range [{:.4g}, {:.4g}]{}", q.min, q.max,
                     q.prior_sd > 0 ? fmt::format(", prior sd {:.4g}", q.prior_sd) : ""),
         kSmallText);
    ky += 14;
  }
  draw_footer(cr, 40, H, footer);
  canvas.finish();
}

}  // namespace viz
