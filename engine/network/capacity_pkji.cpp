#include "engine/network/capacity_pkji.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

namespace ogan::net {

namespace {

using Table = std::vector<std::pair<double, double>>;

// Linear interpolation in a (x, factor) table, clamped at its ends.
double lookup(const Table& t, double x) {
  if (x <= t.front().first) return t.front().second;
  if (x >= t.back().first) return t.back().second;
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (x <= t[i].first) {
      const auto [x0, y0] = t[i - 1];
      const auto [x1, y1] = t[i];
      return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }
  }
  return t.back().second;
}

// Side-friction factor by friction class (rows) and shoulder width 0.5/1.0/1.5/2.0 m (columns).
using FrictionTable = std::array<std::array<double, 4>, 5>;

double friction_factor(const FrictionTable& t, SideFriction f, double shoulder_m) {
  const auto& row = t[static_cast<std::size_t>(f)];
  const Table tab = {{0.5, row[0]}, {1.0, row[1]}, {1.5, row[2]}, {2.0, row[3]}};
  return lookup(tab, shoulder_m);
}

// Urban roads (PKJI 2014 jalan perkotaan; same tables as MKJI 1997 ch. 5).
const Table kUrbanWidthDivided = {
    {3.00, 0.92}, {3.25, 0.96}, {3.50, 1.00}, {3.75, 1.04}, {4.00, 1.08}};
const Table kUrbanWidthMulti = {
    {3.00, 0.91}, {3.25, 0.95}, {3.50, 1.00}, {3.75, 1.05}, {4.00, 1.09}};
const Table kUrbanWidthTwoLane = {{5, 0.56}, {6, 0.87},  {7, 1.00}, {8, 1.14},
                                  {9, 1.25}, {10, 1.29}, {11, 1.34}};
constexpr FrictionTable kUrbanFrictionDivided = {{{0.96, 0.98, 1.01, 1.03},
                                                  {0.94, 0.97, 1.00, 1.02},
                                                  {0.92, 0.95, 0.98, 1.00},
                                                  {0.88, 0.92, 0.95, 0.98},
                                                  {0.84, 0.88, 0.92, 0.96}}};
constexpr FrictionTable kUrbanFrictionMulti = {{{0.96, 0.99, 1.01, 1.03},
                                                {0.94, 0.97, 1.00, 1.02},
                                                {0.92, 0.95, 0.98, 1.00},
                                                {0.87, 0.91, 0.94, 0.98},
                                                {0.80, 0.86, 0.90, 0.95}}};
constexpr FrictionTable kUrbanFrictionTwoLane = {{{0.94, 0.96, 0.99, 1.01},
                                                  {0.92, 0.94, 0.97, 1.00},
                                                  {0.89, 0.92, 0.95, 0.98},
                                                  {0.82, 0.86, 0.90, 0.95},
                                                  {0.73, 0.79, 0.85, 0.91}}};
// Interurban roads (PKJI 2014 jalan luar kota; MKJI 1997 ch. 6), flat terrain.
const Table kRuralWidthDivided = {{3.00, 0.91}, {3.25, 0.96}, {3.50, 1.00}, {3.75, 1.03}};
const Table kRuralWidthTwoLane = {{5, 0.69}, {6, 0.91},  {7, 1.00}, {8, 1.08},
                                  {9, 1.15}, {10, 1.21}, {11, 1.27}};
constexpr FrictionTable kRuralFrictionDivided = {{{0.99, 1.00, 1.01, 1.03},
                                                  {0.96, 0.97, 0.99, 1.01},
                                                  {0.93, 0.95, 0.96, 0.99},
                                                  {0.90, 0.92, 0.95, 0.97},
                                                  {0.88, 0.90, 0.93, 0.96}}};
constexpr FrictionTable kRuralFrictionTwoLane = {{{0.97, 0.99, 1.00, 1.02},
                                                  {0.93, 0.95, 0.97, 1.00},
                                                  {0.88, 0.91, 0.94, 0.98},
                                                  {0.84, 0.87, 0.91, 0.95},
                                                  {0.80, 0.83, 0.88, 0.93}}};

const Table kSplitTwoLane = {{0.50, 1.00}, {0.55, 0.97}, {0.60, 0.94}, {0.65, 0.91}, {0.70, 0.88}};
const Table kSplitMulti = {{0.50, 1.00}, {0.55, 0.985}, {0.60, 0.97}, {0.65, 0.955}, {0.70, 0.94}};

double city_factor(double population) {
  const double millions = population / 1e6;
  if (millions < 0.1) return 0.86;
  if (millions < 0.5) return 0.90;
  if (millions < 1.0) return 0.94;
  if (millions <= 3.0) return 1.00;
  return 1.04;
}

}  // namespace

std::string_view pkji_type_name(PkjiRoadType t) {
  switch (t) {
    case PkjiRoadType::TwoLaneUndivided:
      return "2/2TT";
    case PkjiRoadType::MultiLaneUndivided:
      return "4/2TT";
    case PkjiRoadType::Divided:
      return "4/2T";
    case PkjiRoadType::OneWay:
      return "1/1";
  }
  return "?";
}

PkjiRoadType pkji_type_for(bool oneway, int lanes_total, bool divided) {
  if (oneway) return PkjiRoadType::OneWay;
  if (divided && lanes_total >= 4) return PkjiRoadType::Divided;
  return lanes_total >= 4 ? PkjiRoadType::MultiLaneUndivided : PkjiRoadType::TwoLaneUndivided;
}

PkjiCapacity pkji_capacity(const PkjiInput& in) {
  PkjiCapacity c;
  const bool urban = in.environment == PkjiEnvironment::Urban;
  const int lanes = std::max(1, in.lanes);
  const double split = std::clamp(in.split_major, 0.5, 0.7);
  switch (in.type) {
    case PkjiRoadType::TwoLaneUndivided:
      c.c0 = urban ? 2900 : 3100;  // both directions together
      c.f_width = lookup(urban ? kUrbanWidthTwoLane : kRuralWidthTwoLane, 2 * in.lane_width_m);
      c.f_split = lookup(kSplitTwoLane, split);
      c.f_friction = friction_factor(urban ? kUrbanFrictionTwoLane : kRuralFrictionTwoLane,
                                     in.friction, in.shoulder_m);
      break;
    case PkjiRoadType::MultiLaneUndivided:
      c.c0 = (urban ? 1500 : 1700) * lanes;
      c.f_width = lookup(urban ? kUrbanWidthMulti : kRuralWidthDivided, in.lane_width_m);
      c.f_split = lookup(kSplitMulti, split);
      c.f_friction = friction_factor(urban ? kUrbanFrictionMulti : kRuralFrictionDivided,
                                     in.friction, in.shoulder_m);
      break;
    case PkjiRoadType::Divided:
    case PkjiRoadType::OneWay:
      c.c0 = (urban ? 1650 : 1900) * lanes;
      c.f_width = lookup(urban ? kUrbanWidthDivided : kRuralWidthDivided, in.lane_width_m);
      c.f_friction = in.type == PkjiRoadType::OneWay
                         ? friction_factor(urban ? kUrbanFrictionTwoLane : kRuralFrictionTwoLane,
                                           in.friction, in.shoulder_m)
                         : friction_factor(urban ? kUrbanFrictionDivided : kRuralFrictionDivided,
                                           in.friction, in.shoulder_m);
      break;
  }
  c.f_city = urban ? city_factor(in.city_population) : 1.0;
  c.road_pcu_h = c.c0 * c.f_width * c.f_split * c.f_friction * c.f_city;
  const bool undivided =
      in.type == PkjiRoadType::TwoLaneUndivided || in.type == PkjiRoadType::MultiLaneUndivided;
  c.direction_pcu_h = undivided ? c.road_pcu_h * 0.5 : c.road_pcu_h;
  return c;
}

}  // namespace ogan::net
