#include "engine/population/mode_choice.hpp"

#include <cmath>
#include <limits>

namespace ogan::pop {

namespace {
constexpr double kNone = -std::numeric_limits<double>::infinity();
}

std::array<double, kModes> ModeChoiceModel::utilities(double t, double km,
                                                      const ModeAvailability& av) const {
  std::array<double, kModes> v;
  v.fill(kNone);
  const double walk_min = km * 1000 / mode_info(Mode::Walk).max_speed_mps / 60;
  const double bike_min = km * 1000 / mode_info(Mode::Bicycle).max_speed_mps / 60;
  auto c = [&](Mode m) { return constant[static_cast<std::size_t>(m)]; };
  if (av.motorcycle) {
    v[0] = c(Mode::Motorcycle) + beta_time * t + beta_cost * fuel_motorcycle_per_km * km;
  }
  if (av.car) {
    v[1] = c(Mode::Car) + beta_time * t * 1.1 + beta_cost * (car_per_km * km + car_parking);
  }
  if (av.angkot) {
    v[2] = c(Mode::Angkot) + beta_time * t * 1.5 + beta_walk_time * angkot_wait_min +
           beta_cost * angkot_fare;
  }
  if (av.ojek) {
    v[3] = c(Mode::Ojek) + beta_time * t + beta_walk_time * ojek_wait_min +
           beta_cost * (ojek_base + ojek_per_km * km);
  }
  if (km <= max_walk_km) v[4] = c(Mode::Walk) + beta_walk_time * walk_min;
  if (km <= max_bicycle_km) v[5] = c(Mode::Bicycle) + beta_time * bicycle_time_weight * bike_min;
  return v;
}

std::array<double, kModes> ModeChoiceModel::probabilities(double t, double km,
                                                          const ModeAvailability& av) const {
  const auto v = utilities(t, km, av);
  double vmax = kNone;
  for (double x : v) vmax = std::max(vmax, x);
  std::array<double, kModes> p{};
  double sum = 0;
  for (int m = 0; m < kModes; ++m) {
    p[m] = v[m] == kNone ? 0.0 : std::exp(v[m] - vmax);
    sum += p[m];
  }
  for (double& x : p) x /= sum;
  return p;
}

Mode ModeChoiceModel::choose(double t, double km, const ModeAvailability& av, Rng& rng) const {
  const auto p = probabilities(t, km, av);
  return static_cast<Mode>(rng.pick(p));
}

double mode_time_s(Mode m, double moto_time_s, double distance_m) {
  switch (m) {
    case Mode::Motorcycle:
    case Mode::Ojek:
    case Mode::Passenger:
      return moto_time_s;
    case Mode::Car:
      return moto_time_s * 1.1;
    case Mode::Angkot:
      return moto_time_s * 1.5;
    case Mode::Walk:
    case Mode::Bicycle:
      return distance_m / mode_info(m).max_speed_mps;
  }
  return moto_time_s;
}

}  // namespace ogan::pop
