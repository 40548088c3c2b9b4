#include "engine/io/qgis_style.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ogan::io {

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string rgba(const std::array<int, 3>& c) {
  return fmt::format("{},{},{},255", c[0], c[1], c[2]);
}

// QGIS writes symbol layer properties both as <Option> maps (3.26 and later) and as <prop>
// (read by every 3.x); <prop> alone is what every QGIS 3 reads.
std::string symbol(int index, StyleGeometry g, const std::array<int, 3>& c, double width_mm) {
  std::string props;
  const auto prop = [&props](const char* k, const std::string& v) {
    props += fmt::format("        <prop k=\"{}\" v=\"{}\"/>\n", k, v);
  };
  const char* type = "line";
  const char* cls = "SimpleLine";
  switch (g) {
    case StyleGeometry::Line:
      prop("line_color", rgba(c));
      prop("line_style", "solid");
      prop("line_width", fmt::format("{:g}", width_mm));
      prop("line_width_unit", "MM");
      prop("capstyle", "round");
      break;
    case StyleGeometry::Polygon:
      type = "fill";
      cls = "SimpleFill";
      prop("color", rgba(c));
      prop("style", "solid");
      prop("outline_color", "128,128,128,255");
      prop("outline_style", "solid");
      prop("outline_width", "0.1");
      prop("outline_width_unit", "MM");
      break;
    case StyleGeometry::Point:
      type = "marker";
      cls = "SimpleMarker";
      prop("color", rgba(c));
      prop("name", "circle");
      prop("size", "2.4");
      prop("size_unit", "MM");
      prop("outline_color", "35,35,35,255");
      prop("outline_style", "solid");
      prop("outline_width", "0.2");
      break;
  }
  return fmt::format(
      "    <symbol type=\"{}\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
      "      <layer class=\"{}\" enabled=\"1\" locked=\"0\" pass=\"0\">\n{}      </layer>\n"
      "    </symbol>\n",
      type, index, cls, props);
}

std::string document(const std::string& renderer) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n" +
         renderer + "</qgis>\n";
}

// ColorBrewer YlOrRd, 5 classes; fewer classes take its darker end.
constexpr std::array<std::array<int, 3>, 5> kYlOrRd = {
    {{255, 255, 178}, {254, 204, 92}, {253, 141, 60}, {240, 59, 32}, {189, 0, 38}}};
// ColorBrewer Set1 for categories, repeated when there are more.
constexpr std::array<std::array<int, 3>, 9> kSet1 = {{{228, 26, 28},
                                                      {55, 126, 184},
                                                      {77, 175, 74},
                                                      {152, 78, 163},
                                                      {255, 127, 0},
                                                      {166, 86, 40},
                                                      {247, 129, 191},
                                                      {153, 153, 153},
                                                      {255, 255, 51}}};

double round2(double v) {
  if (v <= 0) return v;
  const double mag = std::pow(10.0, std::floor(std::log10(v)) - 1);
  return std::round(v / mag) * mag;
}

}  // namespace

std::string graduated_qml(const std::string& field, StyleGeometry geometry,
                          const std::vector<StyleClass>& classes, double width_mm) {
  std::string ranges, symbols;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    ranges += fmt::format(
        "    <range lower=\"{:.6f}\" upper=\"{:.6f}\" symbol=\"{}\" label=\"{}\" "
        "render=\"true\"/>\n",
        c.lower, c.upper, i, xml_escape(c.label));
    symbols += symbol(static_cast<int>(i), geometry, c.rgb, width_mm);
  }
  return document(fmt::format(
      "  <renderer-v2 type=\"graduatedSymbol\" attr=\"{}\" graduatedMethod=\"GraduatedColor\" "
      "symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n"
      "   <ranges>\n{}   </ranges>\n   <symbols>\n{}   </symbols>\n   <mode name=\"manual\"/>\n"
      "  </renderer-v2>\n",
      xml_escape(field), ranges, symbols));
}

std::string categorized_qml(const std::string& field, StyleGeometry geometry,
                            const std::vector<std::string>& values) {
  std::string cats, symbols;
  for (std::size_t i = 0; i < values.size(); ++i) {
    cats +=
        fmt::format("    <category value=\"{0}\" symbol=\"{1}\" label=\"{0}\" render=\"true\"/>\n",
                    xml_escape(values[i]), i);
    symbols += symbol(static_cast<int>(i), geometry, kSet1[i % kSet1.size()], 0.6);
  }
  return document(fmt::format(
      "  <renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" forceraster=\"0\" "
      "enableorderby=\"0\">\n   <categories>\n{}   </categories>\n   <symbols>\n{}   </symbols>\n"
      "  </renderer-v2>\n",
      xml_escape(field), cats, symbols));
}

std::vector<double> quantile_breaks(std::vector<double> values, int n) {
  values.erase(std::remove_if(values.begin(), values.end(),
                              [](double v) { return !(v > 0) || !std::isfinite(v); }),
               values.end());
  std::vector<double> breaks;
  if (values.empty() || n < 2) return breaks;
  std::sort(values.begin(), values.end());
  for (int k = 1; k < n; ++k) {
    const auto i = static_cast<std::size_t>(static_cast<double>(k) / n *
                                            static_cast<double>(values.size() - 1));
    const double b = round2(values[i]);
    if (b > 0 && (breaks.empty() || b > breaks.back())) breaks.push_back(b);
  }
  return breaks;
}

std::vector<StyleClass> ramp_classes(const std::vector<double>& breaks, double max,
                                     const std::string& unit) {
  std::vector<StyleClass> out;
  double lower = 0;
  std::vector<double> uppers = breaks;
  uppers.push_back(std::max(max, breaks.empty() ? 0.0 : breaks.back()));
  if (uppers.size() > kYlOrRd.size())  // the ramp has 5 colours: the last class takes the rest
    uppers.erase(uppers.begin() + static_cast<std::ptrdiff_t>(kYlOrRd.size()) - 1,
                 uppers.end() - 1);
  const std::size_t n = uppers.size();
  for (std::size_t i = 0; i < n; ++i) {
    StyleClass c;
    c.lower = lower;
    c.upper = uppers[i];
    const std::string suffix = unit.empty() ? "" : " " + unit;
    c.label = i + 1 < n ? fmt::format("{:g} - {:g}{}", lower, uppers[i], suffix)
                        : fmt::format("{:g} and more{}", lower, suffix);
    c.rgb = kYlOrRd[kYlOrRd.size() - n + std::min(i, n - 1)];
    out.push_back(c);
    lower = uppers[i];
  }
  return out;
}

}  // namespace ogan::io
