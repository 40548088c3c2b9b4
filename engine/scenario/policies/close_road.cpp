// close_road: a road or bridge closed, by name, by link ids or near a point, for a time window.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "engine/gis/crs.hpp"
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class CloseRoad : public Policy {
 public:
  std::optional<std::string> name;
  YamlPlace name_at;
  std::vector<std::pair<long long, YamlPlace>> link_ids;
  struct Near {
    double lon, lat, radius_m;
  };
  std::optional<Near> near;
  double from_s = 0, to_s = kPolicyMaxHour * 3600.0;

  void edit_network(net::Network& net, std::vector<Closure>& closures) const override {
    std::set<net::LinkId> links;
    if (name) {
      for (std::size_t l = 0; l < net.num_links(); ++l)
        if (net.link_name(static_cast<net::LinkId>(l)) == *name)
          links.insert(static_cast<net::LinkId>(l));
      if (links.empty())
        fail_at(name_at, "policies.close_road.name",
                fmt::format("no road or bridge is named '{}'", *name));
    }
    for (const auto& [l, at] : link_ids) {
      if (l < 0 || l >= static_cast<long long>(net.num_links())) {
        fail_at(at, "policies.close_road.link_ids",
                fmt::format("no link {}; the network has {} links", l, net.num_links()));
      }
      links.insert(static_cast<net::LinkId>(l));
    }
    if (near) {
      // Every link passing within radius_m of a WGS 84 point (a bridge, a junction).
      double x = near->lon, y = near->lat;
      gis::Reprojector(gis::parse_crs("EPSG:4326"),
                       gis::parse_crs(net.crs_wkt.empty() ? gis::kDefaultCrs : net.crs_wkt))
          .apply(x, y);
      for (std::size_t l = 0; l < net.num_links(); ++l) {
        for (auto g = net.geom_offset[l]; g + 1 < net.geom_offset[l + 1]; ++g) {
          const double ax = net.geom_x[g], ay = net.geom_y[g];
          const double vx = net.geom_x[g + 1] - ax, vy = net.geom_y[g + 1] - ay;
          const double len2 = vx * vx + vy * vy;
          const double t =
              len2 > 0 ? std::clamp(((x - ax) * vx + (y - ay) * vy) / len2, 0.0, 1.0) : 0.0;
          if (std::hypot(ax + t * vx - x, ay + t * vy - y) <= near->radius_m) {
            links.insert(static_cast<net::LinkId>(l));
            break;
          }
        }
      }
    }
    for (auto l : links) closures.push_back({l, from_s, to_s});
  }
};

const PolicyRegistrar kRegistrar({
    .name = "close_road",
    .effect =
        "the links of the named road or bridge, the given link ids (`/network/links` rows) or "
        "every link "
        "passing within radius_m (50) of a point are closed in the window: routes avoid it (a "
        "week's travel "
        "time); trips that start, end or cannot avoid it in the window are cancelled and counted "
        "(`cancelled_trips`); one of name, link_ids, near is needed",
    .keys = {{"name"},
             {"link_ids", OptionType::List},
             {"near", OptionType::Map, false, -1e300, 1e300, kPolicyMaxHour,
              ": {lon, lat, radius_m}"},
             {"from", OptionType::Time},
             {"to", OptionType::Time}},
    .check =
        [](const YAML::Node& p, const std::string& key, const PolicyError& error) {
          if (!p["name"] && !p["link_ids"] && !p["near"]) {
            error(p, key, "close_road needs a name, link_ids or near: {lon, lat, radius_m}");
          }
          if (p["near"]) {
            const auto n = p["near"];
            if (!n.IsMap() || !n["lon"] || !n["lat"])
              error(n, key + ".near", "expected {lon, lat, radius_m}");
          }
        },
    .read =
        [](const YAML::Node& p, const PolicyContext& ctx) {
          auto c = std::make_unique<CloseRoad>();
          if (p["name"]) {
            c->name = p["name"].as<std::string>();
            c->name_at = ctx.reader.place(p["name"], "policies.close_road.name");
          }
          if (p["link_ids"]) {
            for (const auto& id : p["link_ids"]) {
              c->link_ids.emplace_back(id.as<long long>(),
                                       ctx.reader.place(id, "policies.close_road.link_ids"));
            }
          }
          if (p["near"]) {
            const auto n = p["near"];
            c->near = CloseRoad::Near{n["lon"].as<double>(), n["lat"].as<double>(),
                                      n["radius_m"] ? n["radius_m"].as<double>() : 50.0};
          }
          c->from_s = policy_clock(p["from"], 0);
          c->to_s = policy_clock(p["to"], kPolicyMaxHour * 3600.0);
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "",
});

}  // namespace

}  // namespace ogan::scenario
