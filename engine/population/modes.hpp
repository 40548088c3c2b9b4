#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ogan::pop {

enum class Mode : std::uint8_t { Motorcycle, Car, Angkot, Ojek, Walk, Bicycle, Passenger };
inline constexpr int kModes = 7;

// What the traffic model needs to know of a mode. pcu equivalents from PKJI 2014 (urban roads:
// sepeda motor 0.25 on wide two-lane roads, kendaraan ringan 1.0); see docs/demand-model.md.
struct ModeInfo {
  std::string_view name;
  double pcu;            // 0: does not occupy road capacity
  double max_speed_mps;  // cap on the link's free speed
  bool on_network;       // moves through the traffic simulation
};

inline const ModeInfo& mode_info(Mode m) {
  static const std::array<ModeInfo, kModes> kInfo = {{
      {"motorcycle", 0.25, 60 / 3.6, true},
      {"car", 1.0, 80 / 3.6, true},
      {"angkot", 1.0, 40 / 3.6, true},
      {"ojek", 0.25, 50 / 3.6, true},  // ojek and becak motor: a hired motorcycle
      {"walk", 0.0, 1.3, false},
      {"bicycle", 0.0, 4.0, false},
      {"passenger", 0.0, 60 / 3.6, false},  // riding with a household member: no extra vehicle
  }};
  return kInfo[static_cast<std::size_t>(m)];
}

enum class Activity : std::uint8_t {
  Home,
  Work,
  School,
  University,
  Market,
  Puskesmas,
  Hospital,
  CivilRegistry,
  Escort
};
inline constexpr int kActivities = 9;

// Trips made to be served at a public-service queue (the visitor, not the staff working there).
inline bool is_service_visit(Activity a) {
  return a == Activity::Puskesmas || a == Activity::Hospital || a == Activity::CivilRegistry;
}

inline std::string_view activity_name(Activity a) {
  static const std::array<std::string_view, kActivities> kNames = {
      "home",      "work",     "school",         "university", "market",
      "puskesmas", "hospital", "civil_registry", "escort"};
  return kNames[static_cast<std::size_t>(a)];
}

}  // namespace ogan::pop
