#pragma once

#include <string>
#include <vector>

namespace viz {

struct AtlasOptions {
  std::vector<std::string> inputs;  // the first is the base; each further file is compared with it
  std::string dir;
  std::string format = "pdf";  // pdf, png or svg
  double dpi = 120;
};

// Writes the standard maps and charts of the first file, difference maps and KPI comparisons for
// each further file, and DIR/index.md and DIR/index.html with a caption per figure. On an error,
// the figures already written are removed: the folder never holds half an atlas. Returns the
// number of figures.
int render_atlas(const AtlasOptions& options);

}  // namespace viz
