#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/app/commands.hpp"
#include "engine/core/error.hpp"
#include "engine/io/results_export.hpp"

namespace ogan::app {

void add_export_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "export",
      "A results file as GIS layers for QGIS: a styled GeoPackage (links with period volumes, "
      "v/c and speeds, an hourly table, zones, facilities, count stations) and the "
      "present-population grid as a GeoTIFF (docs/export.md)");
  static io::ExportOptions o;
  cmd->add_option("RESULTS", o.results, "An ogan results file (.h5)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", o.gpkg, "The GeoPackage to write (.gpkg)")
      ->check(kOutputFileCheck);
  cmd->add_option("--grid", o.grid_tif,
                  "Also write the present-population grid as a GeoTIFF, one band per interval")
      ->check(kOutputFileCheck);
  cmd->callback([&action] {
    action = [] {
      if (o.gpkg.empty() && o.grid_tif.empty())
        throw InputError("ogan export: nothing to write: give -o FILE.gpkg and/or --grid FILE.tif");
      const auto c = io::export_results(o);
      if (!o.gpkg.empty())
        spdlog::info("{}: {} links, {} link-hours, {} zones, {} facilities, {} stations, {} styles",
                     o.gpkg, c.links, c.link_hours, c.zones, c.facilities, c.stations, c.styles);
      if (!o.grid_tif.empty()) spdlog::info("{}: {} bands", o.grid_tif, c.grid_bands);
    };
  });
}

}  // namespace ogan::app
