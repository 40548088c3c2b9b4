#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "geometry.hpp"

namespace viz {

inline constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();

// What a map shows: features with a value each, whatever their kind, so classes, legends, diffs
// and the CSV export treat links, zones, grid cells and facilities alike.
enum class Shape { Line, Area, Point };

struct Feature {
  std::string
      key;  // identity across results files (diff): link endpoints, zone code, cell, facility
  std::string label;  // name for the CSV export
  double value = kNoData;
  double size = 0;  // link volume (width) or facility visits (symbol area); 0 none
  std::vector<std::vector<Pt>> parts;  // polyline, rings, or one point
  // Points: the symbol (an index into Layer::symbols, 0 a circle, 1 a square), and a unit vector
  // in map coordinates that moves the symbol off its point by its radius, so that the stations
  // on the two directions of a road stay apart.
  int symbol = 0;
  Pt side{0, 0};
};

struct Layer {
  std::string name;  // the --layer option
  Shape shape = Shape::Line;
  std::string title;      // "Traffic volume"
  std::string unit;       // of value, for the legend
  std::string when;       // "06:00-08:00", "whole day", ...
  std::string size_unit;  // of size, for the legend ("" none)
  std::string no_data = "no data";
  bool low_is_dark = false;      // speed: slow is dark
  bool missing_is_zero = false;  // in a diff, a feature only in one file counts as 0 in the other
  bool by_row = false;           // features are link rows (diffs may match them by index)
  bool skip_no_data = false;     // grid cells without people are left blank, not drawn as no data
  double fixed_hi = 0;           // v/c: the colour scale stops at 1.25
  double symbol_radius = 0;      // points of one size (stations), in points; 0: area by size
  std::vector<std::string> symbols;  // points: what each symbol means, for the legend
  std::vector<Feature> features;
  std::vector<double> values() const;
};

// Which statistics intervals a map shows. Default: the layer's own default (the busiest interval
// of each link for volume and v/c, the whole day otherwise).
struct TimeSel {
  enum Kind { Default, Interval, Period, Day } kind = Default;
  int k0 = 0, k1 = 0;  // intervals [k0, k1)
  std::string text;    // for titles and captions
  bool whole_day() const { return kind == Default || kind == Day; }
};
// From --time HH:MM, --period HH:MM-HH:MM or --day (at most one set), for T intervals a day.
TimeSel parse_time(const std::string& time, const std::string& period, bool day, int T);

struct LayerOptions {
  std::string layer = "vc";
  std::string time, period;
  bool day = false;
  std::string type;  // facilities: one ogan type ("" all queueing facilities)
};

// Every layer name, for errors and help.
const std::vector<std::string>& layer_names();
Layer load_layer(const Results& r, const LayerOptions& o);

// Defined by kind in layers_links.cpp, layers_zones.cpp, layers_points.cpp.
Layer link_layer(const Results& r, const std::string& name, const TimeSel& t);
Layer zone_layer(const Results& r, const std::string& name, const TimeSel& t);
Layer grid_layer(const Results& r, const TimeSel& t);
Layer facility_layer(const Results& r, const TimeSel& t, const std::string& type);
int intervals(const Results& r);

// /grids/present_population averaged over the selected intervals: persons in each cell.
struct PresentGrid {
  std::vector<double> x, y;  // cell centres
  double cell = 1000;        // cell size, m
  std::vector<double> mean;  // [row][column], row-major
  double at(std::size_t row, std::size_t c) const { return mean[row * x.size() + c]; }
};
PresentGrid read_present_grid(const Results& r, const TimeSel& t);
// "persons per km²", with how the intervals were averaged.
std::string present_unit(const TimeSel& t);

}  // namespace viz
