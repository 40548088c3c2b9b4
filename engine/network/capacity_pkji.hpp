#pragma once

#include <string_view>

#include "engine/network/road_defaults.hpp"

namespace ogan::net {

// Road types of PKJI 2014 (Pedoman Kapasitas Jalan Indonesia), Indonesian abbreviations:
// 2/2TT two-lane two-way undivided, 4/2TT four-lane undivided, 4/2T divided (per carriageway),
// 1-3/1 one-way.
enum class PkjiRoadType { TwoLaneUndivided, MultiLaneUndivided, Divided, OneWay };
enum class PkjiEnvironment { Urban, Interurban };

std::string_view pkji_type_name(PkjiRoadType t);

struct PkjiInput {
  PkjiRoadType type = PkjiRoadType::TwoLaneUndivided;
  PkjiEnvironment environment = PkjiEnvironment::Urban;
  int lanes = 2;  // total for undivided roads; in the direction for divided/one-way
  double lane_width_m = 3.5;
  double split_major = 0.5;  // share of flow in the heavier direction (undivided roads)
  SideFriction friction = SideFriction::Medium;
  double shoulder_m = 0.5;          // effective shoulder (or kerb-to-obstacle) width
  double city_population = 143006;  // people; Baturaja town (Kemendagri 2021)
};

// C = C0 x FCLJ x FCPA x FCHS x FCUK, each factor kept for reporting and tests.
struct PkjiCapacity {
  double c0 = 0;  // base capacity of the road section, pcu/h
  double f_width = 1;
  double f_split = 1;
  double f_friction = 1;
  double f_city = 1;
  double road_pcu_h = 0;       // whole section (both directions for undivided roads)
  double direction_pcu_h = 0;  // one direction, what a directed link gets
};

PkjiCapacity pkji_capacity(const PkjiInput& in);

// Road type from what a road layer says: one-way or not, total lanes, divided or not.
PkjiRoadType pkji_type_for(bool oneway, int lanes_total, bool divided);

}  // namespace ogan::net
