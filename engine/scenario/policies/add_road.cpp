// add_road: the roads of a line layer join the network (a new road or bridge).
#include "engine/scenario/policies/policy.hpp"

namespace ogan::scenario {

namespace {

class AddRoad : public Policy {
 public:
  net::RoadLayerConfig layer;

  void edit_roads(std::vector<net::Road>& roads, const OGRSpatialReference& crs) const override {
    auto extra = net::read_roads(layer, crs);
    roads.insert(roads.end(), extra.begin(), extra.end());
  }
};

const PolicyRegistrar kRegistrar({
    .name = "add_road",
    .effect = "the roads of a line layer join the network (a new bridge: `bridge: yes`)",
    .keys = {{"path", OptionType::Path, true}, {"layer"}, {"fields", OptionType::Map}},
    .read =
        [](const YAML::Node& p, const PolicyContext&) {
          auto c = std::make_unique<AddRoad>();
          c->layer.layer.path = p["path"].as<std::string>();
          if (p["layer"]) c->layer.layer.layer = p["layer"].as<std::string>();
          if (p["fields"])
            c->layer.layer.fields = p["fields"].as<std::map<std::string, std::string>>();
          return std::unique_ptr<Policy>(std::move(c));
        },
    .changes_before_day = "the roads",
});

}  // namespace

}  // namespace ogan::scenario
