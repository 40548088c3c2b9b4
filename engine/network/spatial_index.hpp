#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/network/network.hpp"

namespace ogan::net {

struct Snap {
  LinkId link = -1;
  double x = 0;  // the nearest point on the link
  double y = 0;
  double distance_m = 0;
  double offset_m = 0;  // distance along the link from its start to the snapped point
};

// A uniform grid over link segments for nearest-link queries (homes, facilities, centroids).
// Read-only after construction, so queries may run in parallel.
class LinkIndex {
 public:
  explicit LinkIndex(const Network& net, double cell_m = 250.0);

  // The nearest link accepted by `accept` (all links if empty) within max_distance_m.
  // Ties go to the lower link id, so results do not depend on the grid's layout.
  std::optional<Snap> nearest(double x, double y, double max_distance_m = 5000.0,
                              const std::function<bool(LinkId)>& accept = {}) const;

 private:
  struct Seg {
    LinkId link;
    std::uint32_t vertex;  // index of the segment's first vertex in geom_x/geom_y
  };
  std::int64_t key(std::int64_t cx, std::int64_t cy) const { return cx * 1000003LL + cy; }

  const Network& net_;
  double cell_;
  std::unordered_map<std::int64_t, std::vector<Seg>> grid_;
  // The occupied cells' bounding box.
  std::int64_t cx0_ = std::numeric_limits<std::int64_t>::max(),
               cx1_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t cy0_ = std::numeric_limits<std::int64_t>::max(),
               cy1_ = std::numeric_limits<std::int64_t>::min();
};

}  // namespace ogan::net
