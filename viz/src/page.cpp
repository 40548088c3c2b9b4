#include "page.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <sstream>

#include "results.hpp"

namespace viz {

void set_font(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& s, double size, bool bold) {
  set_font(cr, size, bold);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}

double text(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold,
            double align) {
  const double w = text_width(cr, s, size, bold);
  cairo_move_to(cr, x - align * w, y);
  cairo_show_text(cr, s.c_str());
  return w;
}

void draw_title(cairo_t* cr, double x, const std::string& title, const std::string& subtitle) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  text(cr, x, 30, title, 15, true);
  text(cr, x, 48, subtitle, 9.5);
}

std::string fit_text(cairo_t* cr, const std::string& s, double width, double size, bool bold) {
  std::string out = s;
  while (out.size() > 4 && text_width(cr, out + "…", size, bold) > width) {
    while ((out.back() & 0xC0) == 0x80) out.pop_back();
    out.pop_back();
  }
  return out == s || text_width(cr, s, size, bold) <= width ? s : out + "…";
}

std::vector<std::string> wrap(cairo_t* cr, const std::string& s, double width, double size,
                              bool bold) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  std::string word, line;
  while (in >> word) {
    const auto candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(cr, candidate, size, bold) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

Footer make_footer(cairo_t* cr, const std::vector<const Results*>& files, bool base_policy,
                   double width) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  Footer f;
  f.lines = wrap(
      cr,
      "Sources: ogan Baturaja/OKU data generated from Kemendagri 2025 codes, BIG RBI areas, "
      "Disdukcapil 2025 "
      "population (data/README.md); road capacity PKJI 2014. Streets and zones are approximate.",
      width, kSmallText);
  // Many files (a chart across sweep runs): the first few in full, then how many more.
  constexpr std::size_t kListed = 4;
  const std::size_t listed = files.size() > kListed + 1 ? kListed : files.size();
  for (std::size_t i = 0; i < listed; ++i) {
    const auto& r = *files[i];
    const std::string role = base_policy ? (i == 0 ? "Base: " : "Policy: ") : "";
    for (auto& l :
         wrap(cr,
              fmt::format(
                  "{}scenario {} | seed {} | sample {} | ogan {} (git {}) | results {} | drawn {}",
                  role, r.attr_text(attrs::kScenarioName), r.attr_text(attrs::kSeed),
                  r.attr_text(attrs::kSampleRate), r.attr_text(attrs::kOganVersion),
                  r.attr_text(attrs::kGitSha), r.attr_text(attrs::kCreatedUtc), date),
              width, kSmallText)) {
      f.lines.push_back(std::move(l));
    }
  }
  if (listed < files.size()) {
    std::vector<std::string> scenarios;
    for (const auto* r : files) {
      const auto name = r->attr_text(attrs::kScenarioName);
      if (std::find(scenarios.begin(), scenarios.end(), name) == scenarios.end())
        scenarios.push_back(name);
    }
    for (auto& l : wrap(cr,
                        fmt::format("and {} more results files; scenarios in all: {}",
                                    files.size() - listed, fmt::join(scenarios, ", ")),
                        width, kSmallText))
      f.lines.push_back(std::move(l));
  }
  return f;
}

void draw_footer(cairo_t* cr, double x, double H, const Footer& footer) {
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  double y = H - footer.height() + 14;
  for (const auto& line : footer.lines) {
    text(cr, x, y, line, kSmallText);
    y += 9;
  }
}

namespace {
double nice_length(double target) {
  const double p = std::pow(10.0, std::floor(std::log10(target)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= target) return m * p;
  return 10 * p;
}
}  // namespace

Box draw_scale_bar(cairo_t* cr, const Transform& tf, const Box& frame) {
  const double metres = nice_length((frame.x1 - frame.x0) / tf.scale / 5);
  const double len = metres * tf.scale;
  const double sx = frame.x0 + 12, sy = frame.y1 - 16;
  cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
  cairo_rectangle(cr, sx - 8, sy - 13, len + 30, 24);
  cairo_fill(cr);
  cairo_set_line_width(cr, 0.5);
  for (int i = 0; i < 4; ++i) {
    cairo_rectangle(cr, sx + len * i / 4, sy, len / 4, 5);
    if (i % 2 == 0)
      cairo_set_source_rgb(cr, 0, 0, 0);
    else
      cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_stroke(cr);
  }
  text(cr, sx, sy - 3, "0", kLabelText, false, 0.5);
  text(cr, sx + len, sy - 3,
       metres >= 1000 ? fmt::format("{:g} km", metres / 1000) : fmt::format("{:g} m", metres),
       kLabelText, false, 0.5);
  return {sx - 8, sy - 13, sx + len + 22, sy + 11};
}

Box draw_north_arrow(cairo_t* cr, const Box& frame) {
  const double nx = frame.x1 - 24, ny = frame.y0 + 14;
  cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
  cairo_rectangle(cr, nx - 12, ny - 6, 24, 46);
  cairo_fill(cr);
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx - 7, ny + 24);
  cairo_line_to(cr, nx, ny + 18);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx + 7, ny + 24);
  cairo_line_to(cr, nx, ny + 18);
  cairo_close_path(cr);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
  text(cr, nx, ny + 36, "N", 10, true, 0.5);
  return {nx - 12, ny - 6, nx + 12, ny + 40};
}

std::string format_value(double v) {
  const double a = std::abs(v);
  if (a >= 1e6) return fmt::format("{:.4g} M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:.4g} k", v / 1e3);
  if (a >= 100 || v == std::round(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

std::string hhmm(double s) {
  const auto m = static_cast<long>(std::lround(s / 60));
  return fmt::format("{:02}:{:02}", m / 60, m % 60);
}

}  // namespace viz
