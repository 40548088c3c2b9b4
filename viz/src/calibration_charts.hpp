#pragma once

#include <string>
#include <vector>

#include "calibration.hpp"
#include "results.hpp"

namespace viz {

struct CalibrationOptions {
  std::string input;  // a results file written by ogan calibrate
  std::string dir;
  std::string format = "pdf";  // pdf, png or svg
  std::string paper = "A4";
  bool landscape = true;
  double dpi = 150;
};

// The figures of a calibration, by file stem, in the order they are written.
inline const std::vector<std::string> kCalibrationFigures = {"scatter", "geh_histogram",
                                                             "station_map", "trace"};

// Every figure as DIR/NAME.FORMAT; returns the paths written. InputError for a file without
// /calibration or a bad option, before anything is written; a figure that fails removes those
// already written.
std::vector<std::string> render_calibration(const CalibrationOptions& options);
// One figure of kCalibrationFigures into `path` (its extension chooses PNG, PDF or SVG).
void render_calibration_figure(const Results& r, const std::string& name, const std::string& path,
                               const CalibrationOptions& options);

// The figures one by one (calibration_charts.cpp, calibration_trace.cpp, station_map.cpp).
void draw_scatter(const Results& r, const Calibration& c, const std::string& path,
                  const CalibrationOptions& o);
void draw_geh_histogram(const Results& r, const Calibration& c, const std::string& path,
                        const CalibrationOptions& o);
void draw_trace(const Results& r, const Calibration& c, const std::string& path,
                const CalibrationOptions& o);
void draw_station_map(const Results& r, const Calibration& c, const std::string& path,
                      const CalibrationOptions& o);

// The caption under every calibration figure: the file it is drawn from and how the search
// ended.
std::string calibration_caption(const Calibration& c);
// "motorcycle and car" hourly counts: the classes and the interval lengths of the records.
std::string counts_description(const Calibration& c);

}  // namespace viz
