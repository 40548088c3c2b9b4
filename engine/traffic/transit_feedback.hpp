#pragma once

#include <cstdint>
#include <vector>

#include "engine/traffic/simulation.hpp"

namespace ogan::traffic {

// Crowding and waits of a day fed back into the mode of its angkot riders (docs/traffic-model.md,
// "Public transport"): a share of the passenger trips, drawn per trip and iteration, re-choose;
// one whose wait W at the stop (max_wait_s if a full vehicle left it until it gave up) exceeded
// the wait the mode choice assumed, W0, switches to ojek with probability 1 - exp(beta_wait x
// (W - W0)), beta_wait per minute (the demand model's walk-and-wait coefficient): the chance
// that the rider's advantage of angkot over ojek, taken as exponentially distributed with the
// logit's unit scale (assumed), no longer covers the extra wait. Returns the trips switched.
struct TransitFeedbackOptions {
  double share = 0.2;                // of passenger trips re-choosing per iteration
  double assumed_wait_s = 8 * 60;    // pop::ModeChoiceModel::angkot_wait_min
  double beta_wait_per_min = -0.12;  // pop::ModeChoiceModel::beta_walk_time
  std::uint64_t seed = 1;
};

// `keys`: trip_rng_keys(trips), which key the draws.
std::int64_t transit_feedback(TripTable& trips, const TransitStats& day,
                              const TransitFeedbackOptions& o, int iteration,
                              const std::vector<std::uint64_t>& keys);

}  // namespace ogan::traffic
