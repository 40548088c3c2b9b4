#pragma once

#include <string>

#include "classes.hpp"
#include "layer.hpp"
#include "results.hpp"

namespace viz {

struct MapOptions {
  LayerOptions layer;
  std::string zoom = "oku";  // oku, baturaja, or "xmin,ymin,xmax,ymax" in the run's CRS
  std::string paper = "A4";
  bool landscape = true;
  double dpi = 150;
  std::string classes = "continuous";
  int nclasses = 5;
  std::string csv;      // also write each feature's value here
  std::string caption;  // a line above the sources in the footer (the file a figure is drawn from)
  // A --zoom box inside the town, drawn as the town zoom is: desa names, labelled symbols.
  bool town_detail = false;
  std::string output;
};

// One map page of a results file: title, the layer over zones, kecamatan, river and roads, legend
// with units, scale bar, north arrow, labels, footer. InputError for a missing dataset or a bad
// option, before any file is written.
void render_map(const Results& results, const MapOptions& options);
// The area a --zoom frames, in the run's CRS.
Box map_extent(const Results& results, const std::string& zoom);
// A layer made elsewhere (a calibration's count stations) on a map page like the others.
void render_layer_map(const Results& results, const Layer& layer, const MapOptions& options);
// policy − base of the same layer, on a diverging scale centred on zero.
void render_diff(const Results& base, const Results& policy, const MapOptions& options);

// The difference of two layers of the same name, feature by feature (diff.cpp). Links match by row
// when both networks have the same links in the same order, otherwise by end points.
Layer diff_layers(const Results& base, const Layer& a, const Results& policy, const Layer& b);

}  // namespace viz
