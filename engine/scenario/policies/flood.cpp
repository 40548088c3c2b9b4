// flood: the polygons of a layer, or a depth raster's cells above a threshold, are under water in
// a time window: their links close for it, their facilities for the day.
#include <ogr_geometry.h>

#include "engine/gis/feature_table.hpp"
#include "engine/gis/raster.hpp"
#include "engine/population/placement.hpp"
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class Flood : public Policy {
 public:
  std::vector<std::shared_ptr<OGRGeometry>> areas;
  double from_s = 0, to_s = kPolicyMaxHour * 3600.0;

  void close_areas(const net::Network& net, std::vector<Closure>& closures) const override {
    for (const auto& area : areas) {
      OGREnvelope env;
      area->getEnvelope(&env);
      for (std::size_t l = 0; l < net.num_links(); ++l) {
        const auto [x, y] = pop::point_along(net, static_cast<net::LinkId>(l), net.length_m[l] / 2);
        if (x < env.MinX || x > env.MaxX || y < env.MinY || y > env.MaxY) continue;
        OGRPoint pt(x, y);
        if (area->Contains(&pt)) closures.push_back({static_cast<net::LinkId>(l), from_s, to_s});
      }
    }
  }

  void closed_for_the_day(const std::vector<gis::Facility>& facilities,
                          std::vector<std::string>& out) const override {
    // Facilities work by day; a flood over any of the working day closes them for the day.
    if (!(from_s < 16 * 3600.0 && 7 * 3600.0 < to_s)) return;
    for (const auto& area : areas) {
      for (const auto& f : facilities) {
        OGRPoint pt(f.x, f.y);
        if (area->Contains(&pt)) out.push_back(f.name);
      }
    }
  }
};

// Cells deeper than the threshold become square polygons of one flooded area.
std::shared_ptr<OGRGeometry> deep_cells(const std::string& raster, double threshold,
                                        const OGRSpatialReference& crs) {
  const auto depth = gis::read_raster(raster, crs);
  auto area = std::make_shared<OGRMultiPolygon>();
  const auto& gt = depth.geotransform;
  for (int row = 0; row < depth.rows(); ++row) {
    for (int col = 0; col < depth.cols(); ++col) {
      const double v = depth.values(row, col);
      if (!(v > threshold) || (depth.nodata && v == *depth.nodata)) continue;
      OGRLinearRing ring;
      const double x0 = gt[0] + col * gt[1], y0 = gt[3] + row * gt[5];
      ring.addPoint(x0, y0);
      ring.addPoint(x0 + gt[1], y0);
      ring.addPoint(x0 + gt[1], y0 + gt[5]);
      ring.addPoint(x0, y0 + gt[5]);
      ring.closeRings();
      OGRPolygon poly;
      poly.addRing(&ring);
      area->addGeometry(&poly);
    }
  }
  return std::shared_ptr<OGRGeometry>(area->UnionCascaded());
}

const PolicyRegistrar kRegistrar({
    .name = "flood",
    .effect =
        "the polygons of a layer (path, layer), or the cells of a depth raster (GeoTIFF, metres) "
        "deeper than threshold_m, are flooded in the window: their links close (as `close_road`); "
        "facilities inside close for the day if the window touches 07:00-16:00",
    .keys = {{"path", OptionType::Path},
             {"layer"},
             {"raster", OptionType::Path},
             {"threshold_m", OptionType::Number, false, 0, 1000, kPolicyMaxHour, " (0.3)"},
             {"from", OptionType::Time},
             {"to", OptionType::Time}},
    .check =
        [](const YAML::Node& p, const std::string& key, const PolicyError& error) {
          if (!p["path"] && !p["raster"])
            error(p, key, "flood needs a polygon layer (path) or a depth raster (raster)");
        },
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          auto c = std::make_unique<Flood>();
          c->from_s = policy_clock(p["from"], 0);
          c->to_s = policy_clock(p["to"], kPolicyMaxHour * 3600.0);
          if (p["raster"]) {
            const double threshold = p["threshold_m"] ? p["threshold_m"].as<double>() : 0.3;
            if (auto merged = deep_cells(p["raster"].as<std::string>(), threshold, ctx.crs))
              c->areas.push_back(merged);
          } else {
            gis::LayerSpec spec{.path = p["path"].as<std::string>(),
                                .layer = p["layer"] ? p["layer"].as<std::string>() : ""};
            auto t = gis::read_layer(spec, ctx.crs, {.family = gis::GeometryFamily::Polygon});
            for (auto& g : t.geometry)
              c->areas.push_back(std::shared_ptr<OGRGeometry>(g.release()));
          }
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "",
});

}  // namespace

}  // namespace ogan::scenario
