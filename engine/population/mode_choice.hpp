#pragma once

#include <array>

#include "engine/core/rng.hpp"
#include "engine/population/modes.hpp"

namespace ogan::pop {

// What a person can use for a tour.
struct ModeAvailability {
  bool motorcycle = false;  // a licence and a household motorcycle
  bool car = false;         // a licence and a household car
  bool angkot = true;
  bool ojek = true;
};

// Multinomial logit on time and cost; coefficients and their reasoning in
// docs/demand-model.md. Times in minutes, distance in km, money in thousand rupiah.
struct ModeChoiceModel {
  double beta_time = -0.06;       // per minute in vehicle
  double beta_walk_time = -0.12;  // per minute walking or waiting (twice in-vehicle time)
  double beta_cost = -0.25;       // per thousand rupiah
  std::array<double, kModes> constant = {0.5, -0.3, -3.5, -1.5, 0.0, -3.0, 0.0};
  double fuel_motorcycle_per_km = 0.3;
  double car_per_km = 1.2;
  double car_parking = 1.0;
  double angkot_fare = 5.0;
  double angkot_wait_min = 8.0;
  double ojek_wait_min = 3.0;        // waiting for an ojek (walk-time weight)
  double bicycle_time_weight = 1.5;  // a cycling minute in in-vehicle minutes
  double ojek_base = 5.0;
  double ojek_per_km = 2.0;
  double max_walk_km = 5.0;
  double max_bicycle_km = 10.0;

  // Utilities given the motorcycle free-flow time (min) and network distance (km) of the tour's
  // main leg; -inf for modes not available.
  std::array<double, kModes> utilities(double moto_min, double km,
                                       const ModeAvailability& av) const;
  Mode choose(double moto_min, double km, const ModeAvailability& av, Rng& rng) const;
  // Probabilities, for tests and reports.
  std::array<double, kModes> probabilities(double moto_min, double km,
                                           const ModeAvailability& av) const;
};

// Free-flow time of a trip by mode, from the motorcycle time and the distance.
double mode_time_s(Mode m, double moto_time_s, double distance_m);

}  // namespace ogan::pop
