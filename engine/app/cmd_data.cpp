#include <fmt/format.h>

#include "engine/app/commands.hpp"
#include "engine/gis/inspect.hpp"

namespace ogan::app {

void add_data_commands(CLI::App& app, Action& action) {
  auto* data = app.add_subcommand("data", "Look at GIS data");
  data->require_subcommand(1);
  auto* inspect = data->add_subcommand(
      "inspect", "Describe every layer of a GDAL dataset: geometry, features, CRS, extent, fields");
  static std::string path;
  inspect->add_option("PATH", path, "Any GDAL vector or raster dataset")->required();
  inspect->callback([&action] { action = [] { fmt::print("{}", gis::describe_dataset(path)); }; });
}

}  // namespace ogan::app
